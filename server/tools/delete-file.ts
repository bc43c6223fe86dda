import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

/** delete_file: moves a file or an empty folder into Gatehouse's trash. */
export const deleteFileTool = defineTool({
  name: 'delete_file',
  description:
    "Delete a file, a link or an empty folder by moving it into Gatehouse's trash, from which the user can " +
    'restore it (gatehouse trash restore ID). Nothing is destroyed. Only in folders shared with write access.',
  input: z.object({ path: pathInput }),
  output: z.object({ path: z.string(), trashId: z.string(), type: z.enum(['file', 'directory', 'symlink']) }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'write');
    const item = await ctx.services.files.trash(target);
    return {
      data: { path: target.lexical, trashId: item.id, type: item.type },
      text: `Moved ${args.path} to Gatehouse's trash (id ${item.id}); the user can restore it with "gatehouse trash restore ${item.id}".`,
    };
  },
});
