import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

/** create_directory: creates a folder and its parents (mkdir -p). */
export const createDirectoryTool = defineTool({
  name: 'create_directory',
  description:
    'Create a folder, with any missing parents. Succeeds silently if it exists already. Only in folders shared ' +
    'with write access.',
  input: z.object({ path: pathInput }),
  output: z.object({ path: z.string(), created: z.boolean() }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'write');
    const { created } = await ctx.services.files.makeDirectories(target);
    return {
      data: { path: target.lexical, created },
      text: `Successfully created directory ${args.path}`,
    };
  },
});
