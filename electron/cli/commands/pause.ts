/** `gatehouse pause` and `gatehouse resume`: refuse every tool call, or stop refusing. */
import { expectPositionals, parseCommandArgs, type CliCommand } from '../command.js';

/** The pause command; `resume` is its other name. */
export const pauseCommand: CliCommand = {
  name: 'pause',
  aliases: ['resume'],
  usage: ['gatehouse pause | gatehouse resume'],
  async run(args, context, invokedAs) {
    expectPositionals(parseCommandArgs(args, {}).positionals, 0, 'no arguments');
    const paused = invokedAs === 'pause';
    const status = await context.core().policy.edit({ kind: 'setPaused', paused });
    const text = paused
      ? 'Paused: every running server now refuses every tool call.'
      : 'Resumed: tool calls are allowed again.';
    return { value: status, text };
  },
};
