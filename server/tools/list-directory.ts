import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

/** Entries shown at most; a larger folder is cut with `truncated`. */
const MAX_ENTRIES = 10_000;

/** list_directory: a folder's entries marked [FILE] or [DIR]. */
export const listDirectoryTool = defineTool({
  name: 'list_directory',
  description:
    'List the entries of a folder, each marked [FILE] or [DIR], sorted by name. Entries hidden by the policy, ' +
    'and links that lead outside the allowed folders, are left out.',
  input: z.object({ path: pathInput }),
  output: z.object({
    path: z.string(),
    entries: z.array(z.object({ name: z.string(), type: z.enum(['file', 'directory', 'other']) })),
    truncated: z.boolean(),
  }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const { entries } = await ctx.services.files.list(target, { sizes: false });
    const shown = entries.slice(0, MAX_ENTRIES);
    const lines = shown.map((e) => `${e.type === 'directory' ? '[DIR]' : '[FILE]'} ${e.name}`);
    if (entries.length > shown.length) lines.push(`… and ${entries.length - shown.length} more entries`);
    return {
      data: {
        path: target.lexical,
        entries: shown.map((e) => ({ name: e.name, type: e.type })),
        truncated: entries.length > shown.length,
      },
      text: lines.join('\n'),
    };
  },
});
