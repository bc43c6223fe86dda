import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

/** write_file: creates or replaces a file atomically. */
export const writeFileTool = defineTool({
  name: 'write_file',
  description:
    'Create a new file or replace an existing one with the given text (UTF-8). The write is atomic: readers see ' +
    'the old or the new content, never a mix, and the file keeps its permissions. The folder must exist ' +
    '(create it with create_directory). Only in folders shared with write access.',
  input: z.object({ path: pathInput, content: z.string() }),
  output: z.object({ path: z.string(), bytes: z.number(), created: z.boolean() }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'write');
    const data = Buffer.from(args.content, 'utf8');
    const { created } = await ctx.services.files.writeFile(target, data);
    return {
      data: { path: target.lexical, bytes: data.length, created },
      text: `Successfully wrote to ${args.path}`,
    };
  },
});
