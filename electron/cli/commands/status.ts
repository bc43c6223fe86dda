/** `gatehouse status`: every running server and its health. */
import { expectPositionals, parseCommandArgs, type CliCommand } from '../command.js';
import { formatHealth } from '../format.js';

/** The status command. */
export const statusCommand: CliCommand = {
  name: 'status',
  usage: ['gatehouse status [--json]                          every running instance and its health'],
  async run(args, context) {
    expectPositionals(parseCommandArgs(args, {}).positionals, 0, 'no arguments');
    const snapshot = await context.core().health.poll();
    return { value: snapshot, text: formatHealth(snapshot) };
  },
};
