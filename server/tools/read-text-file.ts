import { z } from 'zod';
import { GatehouseError } from '../errors.js';
import { defineTool, type ToolContext } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

const input = z.object({
  path: pathInput,
  head: z.number().int().min(0).optional().describe('If provided, returns only the first N lines of the file'),
  tail: z.number().int().min(0).optional().describe('If provided, returns only the last N lines of the file'),
});

const output = z.object({
  path: z.string(),
  size: z.number().describe('Size of the whole file in bytes'),
  encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be']),
  lines: z.number().describe('Lines in the returned text'),
  truncated: z.boolean().describe('True when only part of the file was returned (head or tail)'),
});

const DESCRIPTION =
  'Read a text file (UTF-8 with or without BOM, or UTF-16 with BOM). Use head or tail to read only the first or ' +
  'last N lines of a large file without reading the rest. The text comes back as content; structuredContent ' +
  'holds its size, encoding and line count. Binary files are refused: use read_media_file for images and audio.';

/** The shared handler of read_text_file and its deprecated alias read_file. */
async function readTextFile(args: z.output<typeof input>, ctx: ToolContext) {
  if (args.head && args.tail) {
    throw new GatehouseError('INVALID_INPUT', 'Give head or tail, not both.');
  }
  const target = await targetOf(ctx, args.path, 'read');
  const read = await ctx.services.files.readText(target, { head: args.head, tail: args.tail });
  return {
    data: {
      path: target.lexical,
      size: read.size,
      encoding: read.encoding,
      lines: read.lines,
      truncated: read.partial,
    },
    text: read.text,
  };
}

/** read_text_file: a text file, whole or its first or last lines. */
export const readTextFileTool = defineTool({
  name: 'read_text_file',
  description: DESCRIPTION,
  input,
  output,
  handle: readTextFile,
});

/** read_file: the reference server's deprecated name for read_text_file, kept so old prompts work. */
export const readFileTool = defineTool({
  name: 'read_file',
  description: `Deprecated: use read_text_file. ${DESCRIPTION}`,
  input,
  output,
  handle: readTextFile,
});
