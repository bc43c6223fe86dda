import { z } from 'zod';
import { GatehouseError, toErrorPayload } from '../errors.js';
import { defineTool } from './define-tool.js';
import { targetOf } from './file-helpers.js';

const fileResult = z.object({
  path: z.string(),
  size: z.number().optional(),
  encoding: z.string().optional(),
  lines: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** Files read at once. */
const CONCURRENCY = 4;

/** read_multiple_files: several text files in one call; each failure is reported for its own file. */
export const readMultipleFilesTool = defineTool({
  name: 'read_multiple_files',
  description:
    "Read several text files at once. Each file's text is returned with its path; a file that cannot be read " +
    "gets its own error and does not fail the others. Together the files may hold at most the policy's " +
    'maxReadBytes.',
  input: z.object({
    paths: z
      .array(z.string())
      .min(1, 'At least one file path must be provided')
      .max(100)
      .describe(
        'Array of file paths to read. Each path must be a string pointing to a valid file within allowed directories.',
      ),
  }),
  output: z.object({ files: z.array(fileResult), failed: z.number() }),
  async handle(args, ctx) {
    const budget = { left: ctx.policy.limits.maxReadBytes };
    const results: Array<{ meta: z.output<typeof fileResult>; text: string }> = new Array(args.paths.length);
    let next = 0;
    const readOne = async (index: number) => {
      const requested = args.paths[index]!;
      try {
        const target = await targetOf(ctx, requested, 'read');
        const read = await ctx.services.files.readText(target, {});
        // The limit holds for the whole answer, not only for each file.
        budget.left -= Buffer.byteLength(read.text);
        if (budget.left < 0) {
          throw new GatehouseError('TOO_LARGE', 'Together with the files before it, this file exceeds maxReadBytes.', {
            hint: 'Read it in another call.',
          });
        }
        results[index] = {
          meta: { path: requested, size: read.size, encoding: read.encoding, lines: read.lines },
          text: `${requested}:\n${read.text}\n`,
        };
      } catch (error) {
        const { code, message } = toErrorPayload(error);
        results[index] = {
          meta: { path: requested, error: { code, message } },
          text: `${requested}: Error - ${message}`,
        };
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, args.paths.length) }, async () => {
        while (next < args.paths.length) await readOne(next++);
      }),
    );
    return {
      data: { files: results.map((r) => r.meta), failed: results.filter((r) => r.meta.error).length },
      text: results.map((r) => r.text).join('\n---\n'),
    };
  },
});
