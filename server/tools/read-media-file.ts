import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { mimeTypeOf } from '../sandbox/mime.js';
import { defineTool } from './define-tool.js';
import { pathInput, targetOf } from './file-helpers.js';

/** read_media_file: an image or audio file as base64, typed by its content. */
export const readMediaFileTool = defineTool({
  name: 'read_media_file',
  description:
    'Read an image or audio file and return it as base64 with its MIME type, detected from the file content ' +
    "(not only the name). Other binary files come back as an embedded resource. Files over the policy's " +
    'maxReadBytes are refused.',
  input: z.object({ path: pathInput }),
  output: z.object({ path: z.string(), mimeType: z.string(), size: z.number() }),
  async handle(args, ctx) {
    const target = await targetOf(ctx, args.path, 'read');
    const { bytes, size } = await ctx.services.files.readBytes(target);
    const mimeType = mimeTypeOf(bytes, target.lexical);
    const data = bytes.toString('base64');
    const block = mimeType.startsWith('image/')
      ? { type: 'image' as const, data, mimeType }
      : mimeType.startsWith('audio/')
        ? { type: 'audio' as const, data, mimeType }
        : { type: 'resource' as const, resource: { uri: pathToFileURL(target.lexical).href, mimeType, blob: data } };
    return { data: { path: target.lexical, mimeType, size }, content: [block] };
  },
});
