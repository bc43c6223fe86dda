import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { targetOf } from './file-helpers.js';

/** move_file: moves or renames; never overwrites. */
export const moveFileTool = defineTool({
  name: 'move_file',
  description:
    'Move or rename a file or folder. Fails if the destination exists: nothing is ever overwritten. Both ends ' +
    'must be in folders shared with write access. A link is moved as itself.',
  input: z.object({ source: z.string(), destination: z.string() }),
  output: z.object({ source: z.string(), destination: z.string() }),
  async handle(args, ctx) {
    const source = await targetOf(ctx, args.source, 'write');
    const destination = await targetOf(ctx, args.destination, 'write');
    await ctx.services.files.move(source, destination);
    return {
      data: { source: source.lexical, destination: destination.lexical },
      text: `Successfully moved ${args.source} to ${args.destination}`,
    };
  },
});
