import { z } from 'zod';
import { compileClientGlobs, compileSearchGlob, globDepth } from '../sandbox/index.js';
import { defineTool } from './define-tool.js';
import { excludePatternsInput, pathInput, targetOf } from './file-helpers.js';

/** search_files: paths below a folder whose relative path matches a glob. */
export const searchFilesTool = defineTool({
  name: 'search_files',
  description:
    'Find files and folders below a folder whose path, relative to it, matches a glob pattern: "*.md" matches ' +
    'at the top only, "**/*.md" at any depth, "src/**/test_*.py" below src. Returns full paths, one per line. ' +
    'Links are not followed; hidden entries are left out. Stops at maxResults and then says truncated.',
  input: z.object({
    path: pathInput,
    pattern: z.string().min(1).max(1000),
    excludePatterns: excludePatternsInput,
    maxResults: z.number().int().min(1).max(100_000).optional().default(10_000),
  }),
  output: z.object({
    path: z.string(),
    pattern: z.string(),
    matches: z.number(),
    truncated: z.boolean(),
    skippedFolders: z.number(),
  }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const nocase = target.root.flavor.caseInsensitive;
    const { api } = target.view.flavor;
    const result = await ctx.services.files.find(target, compileSearchGlob(args.pattern, nocase), {
      // `*.md` cannot match below the top: the walk stops where the pattern can no longer match.
      maxDepth: globDepth(args.pattern),
      exclude: compileClientGlobs(args.excludePatterns, nocase),
      signal: ctx.signal,
      limit: args.maxResults,
      onProgress: (done) => ctx.progress(done),
    });
    const found = result.matches.map((match) => api.join(target.lexical, match.rel)).sort();
    return {
      data: {
        path: target.lexical,
        pattern: args.pattern,
        matches: found.length,
        truncated: result.truncated,
        skippedFolders: result.skipped,
      },
      text: found.length > 0 ? found.join('\n') : 'No matches found',
    };
  },
});
