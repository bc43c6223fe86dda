import { z } from 'zod';
import { compileClientGlobs, compileQuery } from '../sandbox/index.js';
import { defineTool } from './define-tool.js';
import { excludePatternsInput, pathInput, targetOf } from './file-helpers.js';

/** search_file_contents: matching lines below a folder, like grep -rn. */
export const searchFileContentsTool = defineTool({
  name: 'search_file_contents',
  description:
    'Search the text files below a folder for a text (or a regular expression with isRegex) and return each ' +
    'matching line with its path and line number, like grep -rn. Case-insensitive unless caseSensitive is true. ' +
    'include limits the search to files matching a glob (e.g. "*.ts"). Binary files and files over the ' +
    "policy's maxReadBytes are skipped. Stops at maxResults and then says truncated. Regular expressions may " +
    'not use backreferences or lookarounds.',
  input: z.object({
    path: pathInput,
    query: z.string().min(1).max(1000),
    isRegex: z.boolean().optional().default(false),
    caseSensitive: z.boolean().optional().default(false),
    include: z.string().max(1000).optional().describe('Only files whose relative path matches this glob'),
    excludePatterns: excludePatternsInput,
    maxResults: z.number().int().min(1).max(1000).optional().default(100),
  }),
  output: z.object({
    path: z.string(),
    matches: z.array(z.object({ path: z.string(), line: z.number(), text: z.string() })),
    filesSearched: z.number(),
    filesSkipped: z.number(),
    truncated: z.boolean(),
  }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const nocase = target.root.flavor.caseInsensitive;
    const query = compileQuery(args.query, { isRegex: args.isRegex, caseSensitive: args.caseSensitive });
    const result = await ctx.services.files.searchContents(target, {
      query,
      include: args.include ? compileClientGlobs([args.include], nocase) : null,
      exclude: compileClientGlobs(args.excludePatterns, nocase),
      maxResults: args.maxResults,
      signal: ctx.signal,
      onProgress: (done) => ctx.progress(done),
    });
    const { api } = target.view.flavor;
    const matches = result.matches.map((m) => ({ path: api.join(target.lexical, m.rel), line: m.line, text: m.text }));
    const lines = matches.map((m) => `${m.path}:${m.line}: ${m.text}`);
    if (lines.length === 0) lines.push('No matches found');
    if (result.truncated) lines.push(`(stopped at ${args.maxResults} matches; narrow the search or raise maxResults)`);
    return {
      data: {
        path: target.lexical,
        matches,
        filesSearched: result.filesSearched,
        filesSkipped: result.filesSkipped,
        truncated: result.truncated,
      },
      text: lines.join('\n'),
    };
  },
});
