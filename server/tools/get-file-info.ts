import { z } from 'zod';
import { isoTime } from '../iso-time.js';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

/** get_file_info: size, times, type and permissions. */
export const getFileInfoTool = defineTool({
  name: 'get_file_info',
  description:
    'Size, creation, modification and access times, type and permissions of a file or folder (links followed), ' +
    'without reading its content.',
  input: z.object({ path: pathInput }),
  output: z.object({
    path: z.string(),
    type: z.enum(['file', 'directory', 'other']),
    size: z.number(),
    created: z.string(),
    modified: z.string(),
    accessed: z.string(),
    isDirectory: z.boolean(),
    isFile: z.boolean(),
    permissions: z.string().describe('Octal permission bits, e.g. 644'),
  }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const { facts } = await ctx.services.files.stat(target);
    const data = {
      path: target.lexical,
      type: facts.kind === 'directory' || facts.kind === 'file' ? facts.kind : ('other' as const),
      size: facts.size,
      created: isoTime(facts.birthtimeMs),
      modified: isoTime(facts.mtimeMs),
      accessed: isoTime(facts.atimeMs),
      isDirectory: facts.kind === 'directory',
      isFile: facts.kind === 'file',
      permissions: (facts.mode & 0o777).toString(8).padStart(3, '0'),
    };
    const text = ['size', 'created', 'modified', 'accessed', 'isDirectory', 'isFile', 'permissions']
      .map((key) => `${key}: ${data[key as keyof typeof data]}`)
      .join('\n');
    return { data, text };
  },
});
