import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';
import { applyEdits, formatDiff } from './text-edits.js';

/** edit_file: exact-text edits, applied atomically, answered with a unified diff. */
export const editFileTool = defineTool({
  name: 'edit_file',
  description:
    "Replace exact text in a text file. Each edit's oldText must match exactly one place in the file " +
    '(whitespace included); a missing or ambiguous match refuses the whole call and changes nothing. Edits ' +
    'apply in order. Returns a git-style unified diff; with dryRun the diff is shown and nothing is written. ' +
    'The file keeps its encoding, line endings and permissions.',
  input: z.object({
    path: pathInput,
    edits: z
      .array(
        z.object({
          oldText: z.string().describe('Text to search for - must match exactly'),
          newText: z.string().describe('Text to replace with'),
        }),
      )
      .min(1)
      .max(1000),
    dryRun: z.boolean().default(false).describe('Preview changes using git-style diff format'),
  }),
  output: z.object({ path: z.string(), dryRun: z.boolean(), edits: z.number(), changed: z.boolean() }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'write');
    const { before, after } = await ctx.services.files.rewriteText(
      target,
      (text) => applyEdits(text, args.edits),
      args.dryRun,
    );
    return {
      data: { path: target.lexical, dryRun: args.dryRun, edits: args.edits.length, changed: before !== after },
      text: formatDiff(target.lexical, before, after),
    };
  },
});
