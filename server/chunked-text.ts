/**
 * A large text kept in pieces, standing for the string they make: a directory tree's, written in an fs
 * worker. On a virtual machine a string of 128 KB or more gets fresh pages of its own (V8's large-object
 * space), and faulting them in costs about 1 ms per 200 KB, more than writing the text. In pieces under
 * that size the text crosses from the worker, into the answer and out through stdout (message-json.ts)
 * without ever being one string. Whatever else needs the string gets it from toString() or toJSON().
 */
import type { CallToolResult, TextContent } from '@modelcontextprotocol/sdk/types.js';

export class ChunkedText {
  readonly length: number;

  constructor(readonly chunks: readonly string[]) {
    let length = 0;
    for (const chunk of chunks) length += chunk.length;
    this.length = length;
  }

  toString(): string {
    return this.chunks.join('');
  }

  toJSON(): string {
    return this.toString();
  }
}

/** The text of some pieces: a plain string when there is only one. */
export function textOf(chunks: readonly string[]): string | ChunkedText {
  return chunks.length > 1 ? new ChunkedText(chunks) : (chunks[0] ?? '');
}

const isChunked = (block: CallToolResult['content'][number]): block is TextContent =>
  block.type === 'text' && (block.text as unknown) instanceof ChunkedText;

/** The result with each chunked text made one string, for whatever passes objects on as they are. */
export function withPlainText(result: CallToolResult): CallToolResult {
  if (!result.content.some(isChunked)) return result;
  const content = result.content.map((block) => (isChunked(block) ? { ...block, text: String(block.text) } : block));
  return { ...result, content };
}
