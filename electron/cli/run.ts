/**
 * The `gatehouse` runner: global options, dispatch, output and exit status (CONTRACT §6): 0 on
 * success, 1 on a refused or failed action with a one-line reason on stderr, 2 on a usage error.
 * With --json, stdout carries exactly one JSON document: the result, or `{ "error": {...} }`.
 */
import { GatehouseError, toErrorPayload, type ErrorPayload } from '../../server/errors.js';
import type { AdminCore } from '../core/admin-core.js';
import { UsageError, type CliCommand, type CliIo } from './command.js';
import { COMMANDS } from './registry.js';

/** Exit statuses of the contract. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The text of `gatehouse --help`. */
export function helpText(commands: readonly CliCommand[] = COMMANDS): string {
  const lines = commands.flatMap((command) => command.usage.map((line) => `  ${line}`));
  return [
    'Usage: gatehouse COMMAND [options] [--json]',
    '',
    'Administers Gatehouse on this machine: the same policy, keychain and logs as the tray app.',
    '',
    ...lines,
    '',
    'Environment: GATEHOUSE_HOME (data folder), GATEHOUSE_POLICY (policy file).',
    'Exit status: 0 success, 1 refused or failed, 2 usage error.',
    '',
  ].join('\n');
}

/** Runs one command line; resolves to the exit status. Never throws. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  makeCore: () => AdminCore,
  options: { version: string; commands?: readonly CliCommand[] } = { version: '0.0.0' },
): Promise<number> {
  const commands = options.commands ?? COMMANDS;
  const json = argv.includes('--json');
  const help = argv.includes('--help') || argv.includes('-h');
  const args = argv.filter((arg) => arg !== '--json' && arg !== '--help' && arg !== '-h');
  const [word, ...rest] = args;
  const fail = (status: number, error: ErrorPayload, usage?: string[]) => {
    if (json) io.stdout.write(`${JSON.stringify({ error })}\n`);
    io.stderr.write(`gatehouse: ${error.message.replace(/\s+/g, ' ')}\n`);
    if (usage) io.stderr.write(`${usage.map((line) => `usage: ${line}`).join('\n')}\n`);
    return status;
  };

  if (word === '--version' || word === '-v') {
    io.stdout.write(json ? `${JSON.stringify({ version: options.version })}\n` : `gatehouse ${options.version}\n`);
    return EXIT.ok;
  }
  if (!word) {
    if (help) {
      io.stdout.write(helpText(commands));
      return EXIT.ok;
    }
    return fail(EXIT.usage, usagePayload('a command is needed'), ['gatehouse --help']);
  }
  const command = commands.find((c) => c.name === word || c.aliases?.includes(word));
  if (!command) return fail(EXIT.usage, usagePayload(`unknown command "${word}"`), ['gatehouse --help']);
  if (help) {
    io.stdout.write(`${command.usage.map((line) => `usage: ${line}`).join('\n')}\n`);
    return EXIT.ok;
  }

  let core: AdminCore | undefined;
  try {
    const result = await command.run(rest, { core: () => (core ??= makeCore()), json, io }, word);
    if (!result) return EXIT.ok;
    io.stdout.write(json ? `${JSON.stringify(result.value, null, 2)}\n` : `${result.text}\n`);
    if (result.failed) {
      io.stderr.write(`gatehouse: ${result.failed.replace(/\s+/g, ' ')}\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) return fail(EXIT.usage, usagePayload(error.message), command.usage);
    if (error instanceof GatehouseError) return fail(EXIT.failed, error.toPayload());
    // A bug: say so plainly, without internals on stdout; the stack helps on stderr for support.
    const payload = toErrorPayload(error);
    fail(EXIT.failed, payload);
    io.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
}

function usagePayload(message: string): ErrorPayload {
  return new GatehouseError('INVALID_INPUT', `usage: ${message}`).toPayload();
}
