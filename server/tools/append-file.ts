import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

/** append_file: appends text, creating the file if needed. */
export const appendFileTool = defineTool({
  name: 'append_file',
  description:
    'Append text (UTF-8) to the end of a file, creating the file if it does not exist. Add a newline yourself ' +
    'where you want one. Only in folders shared with write access.',
  input: z.object({ path: pathInput, content: z.string() }),
  output: z.object({ path: z.string(), bytes: z.number(), created: z.boolean() }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'write');
    const data = Buffer.from(args.content, 'utf8');
    const { created } = await ctx.services.files.append(target, data);
    return {
      data: { path: target.lexical, bytes: data.length, created },
      text: `${created ? 'Created' : 'Appended to'} ${args.path} (${data.length} bytes).`,
    };
  },
});
