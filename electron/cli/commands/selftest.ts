/** `gatehouse selftest`: launch the server as Claude Desktop would, and check it answers. */
import { expectPositionals, parseCommandArgs, type CliCommand } from '../command.js';
import { formatSelfTest } from '../format.js';

/** The selftest command. */
export const selftestCommand: CliCommand = {
  name: 'selftest',
  usage: ['gatehouse selftest [--json]                        launch the server as Claude Desktop would and check it'],
  async run(args, context) {
    expectPositionals(parseCommandArgs(args, {}).positionals, 0, 'no arguments');
    const report = await context.core().selfTest();
    const failed = report.steps.find((step) => step.status === 'fail');
    return {
      value: report,
      text: formatSelfTest(report),
      failed: failed ? `self-test failed at ${failed.name}: ${failed.detail}` : undefined,
    };
  },
};
