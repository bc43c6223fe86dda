import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { targetOf } from './file-helpers.js';

/** copy_file: copies a file; never overwrites. */
export const copyFileTool = defineTool({
  name: 'copy_file',
  description:
    'Copy a file (with its permissions). Fails if the destination exists: nothing is ever overwritten. The ' +
    'source may be in any allowed folder; the destination must be in a folder shared with write access.',
  input: z.object({ source: z.string(), destination: z.string() }),
  output: z.object({ source: z.string(), destination: z.string(), bytes: z.number() }),
  async handle(args, ctx) {
    const source = await targetOf(ctx, args.source, 'read');
    const destination = await targetOf(ctx, args.destination, 'write');
    const bytes = await ctx.services.files.copy(source, destination);
    return {
      data: { source: source.lexical, destination: destination.lexical, bytes },
      text: `Copied ${args.source} to ${args.destination} (${bytes} bytes).`,
    };
  },
});
