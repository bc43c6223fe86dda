import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { formatSize, pathInput, targetOf } from './file-helpers.js';

/** Entries shown at most; a larger folder is cut with `truncated` (the totals still count all). */
const MAX_ENTRIES = 10_000;

/** list_directory_with_sizes: a folder's entries with sizes and totals. */
export const listDirectoryWithSizesTool = defineTool({
  name: 'list_directory_with_sizes',
  description:
    'List the entries of a folder with file sizes, sorted by name or by size (largest first), followed by the ' +
    'number of files and folders and their combined size. Hidden entries and links out are left out.',
  input: z.object({
    path: pathInput,
    sortBy: z.enum(['name', 'size']).optional().default('name').describe('Sort entries by name or size'),
  }),
  // The entries travel once, in the text; the structured result counts them.
  output: z.object({
    path: z.string(),
    files: z.number(),
    directories: z.number(),
    totalBytes: z.number(),
    truncated: z.boolean(),
  }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const { entries } = await ctx.services.files.list(target, { sizes: true });
    if (args.sortBy === 'size') entries.sort((a, b) => (b.size ?? 0) - (a.size ?? 0));
    const files = entries.filter((e) => e.type !== 'directory').length;
    const totalBytes = entries.reduce((sum, e) => sum + (e.size ?? 0), 0);
    const shown = entries.slice(0, MAX_ENTRIES);
    const lines = shown.map((e) =>
      e.type === 'directory'
        ? `[DIR] ${e.name}`
        : `[FILE] ${e.name.padEnd(30)} ${formatSize(e.size ?? 0).padStart(10)}`,
    );
    if (entries.length > shown.length) lines.push(`… and ${entries.length - shown.length} more entries`);
    lines.push(
      '',
      `Total: ${files} files, ${entries.length - files} directories`,
      `Combined size: ${formatSize(totalBytes)}`,
    );
    return {
      data: {
        path: target.lexical,
        files,
        directories: entries.length - files,
        totalBytes,
        truncated: entries.length > shown.length,
      },
      text: lines.join('\n'),
    };
  },
});
