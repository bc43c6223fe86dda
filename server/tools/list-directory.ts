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
  // The entries travel once, in the text; the structured result counts them.
  output: z.object({ path: z.string(), files: z.number(), directories: z.number(), truncated: z.boolean() }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const { entries } = await ctx.services.files.list(target, { sizes: false });
    const shown = entries.slice(0, MAX_ENTRIES);
    const lines = shown.map((e) => `${e.type === 'directory' ? '[DIR]' : '[FILE]'} ${e.name}`);
    if (entries.length > shown.length) lines.push(`… and ${entries.length - shown.length} more entries`);
    return {
      data: {
        path: target.lexical,
        files: entries.filter((e) => e.type !== 'directory').length,
        directories: entries.filter((e) => e.type === 'directory').length,
        truncated: entries.length > shown.length,
      },
      text: lines.join('\n'),
    };
  },
});
