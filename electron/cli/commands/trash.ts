/** `gatehouse trash list|restore ID`: what delete_file put aside, and putting it back. */
import { listTrash, restoreFromTrash } from '../../../server/sandbox/trash.js';
import { expectPositionals, parseCommandArgs, UsageError, type CliCommand } from '../command.js';

/** The trash command. */
export const trashCommand: CliCommand = {
  name: 'trash',
  usage: [
    'gatehouse trash list [--json]                      what delete_file moved aside, newest first',
    'gatehouse trash restore ID                         put an item back where it was',
  ],
  async run(args, context) {
    const [sub, ...rest] = args;
    const { positionals } = parseCommandArgs(rest, {});
    const home = context.core().paths.home;
    switch (sub) {
      case 'list': {
        expectPositionals(positionals, 0, 'no arguments');
        const items = await listTrash(home);
        const lines = items.map((i) => `${i.id}  ${i.deletedAt}  ${i.type.padEnd(9)} ${i.originalPath}`);
        return { value: { items }, text: lines.length ? lines.join('\n') : 'The trash is empty.' };
      }
      case 'restore': {
        expectPositionals(positionals, 1, 'ID');
        const item = await restoreFromTrash(home, positionals[0]!);
        return { value: { restored: item }, text: `Restored ${item.originalPath}.` };
      }
      default:
        throw new UsageError(sub ? `unknown trash command "${sub}"` : 'trash needs a subcommand');
    }
  },
};
