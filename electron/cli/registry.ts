/** Every `gatehouse` command. Adding one: a module in commands/ and a line here. */
import type { CliCommand } from './command.js';
import { connectCommand } from './commands/connect.js';
import { logsCommand } from './commands/logs.js';
import { pauseCommand } from './commands/pause.js';
import { policyCommand } from './commands/policy.js';
import { secretsCommand } from './commands/secrets.js';
import { selftestCommand } from './commands/selftest.js';
import { statusCommand } from './commands/status.js';
import { trashCommand } from './commands/trash.js';

/** The commands, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  statusCommand,
  policyCommand,
  pauseCommand,
  secretsCommand,
  connectCommand,
  selftestCommand,
  logsCommand,
  trashCommand,
];
