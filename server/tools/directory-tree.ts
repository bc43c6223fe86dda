import { z } from 'zod';
import { compileClientGlobs } from '../sandbox/index.js';
import { defineTool } from './define-tool.js';
import { excludePatternsInput, pathInput, targetOf } from './file-helpers.js';

/** directory_tree: a recursive JSON tree of a folder. */
export const directoryTreeTool = defineTool({
  name: 'directory_tree',
  description:
    'A recursive tree of a folder as JSON: each entry has "name" and "type" (file or directory), and folders ' +
    'have "children". Links are not followed (a linked folder shows "link": true and no children). Stops at ' +
    'maxEntries (or maxDepth) and then says truncated.',
  input: z.object({
    path: pathInput,
    excludePatterns: excludePatternsInput,
    maxDepth: z.number().int().min(1).max(1000).optional().describe('Deepest level to include (1 = the folder itself)'),
    maxEntries: z.number().int().min(1).max(200_000).optional().default(50_000).describe('Entries to include at most'),
  }),
  output: z.object({
    path: z.string(),
    entries: z.number(),
    folders: z.number(),
    truncated: z.boolean(),
    skippedFolders: z.number().describe('Folders that could not be read and were left out'),
  }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const result = await ctx.services.files.tree(target, {
      maxDepth: args.maxDepth ?? Infinity,
      exclude: compileClientGlobs(args.excludePatterns, target.root.flavor.caseInsensitive),
      signal: ctx.signal,
      limit: args.maxEntries,
      onProgress: (done) => ctx.progress(done),
    });
    return {
      data: {
        path: target.lexical,
        entries: result.entries,
        folders: result.folders,
        truncated: result.truncated,
        skippedFolders: result.skipped,
      },
      text: result.text,
    };
  },
});
