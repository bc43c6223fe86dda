import { describe, expect, it } from 'vitest';
import { ChunkedText } from '../../../server/chunked-text.js';
import { LARGE_STRING, messageJson } from '../../../server/transport/message-json.js';

/** Text long enough to be escaped in slices, with everything JSON must escape and a pair split at 32 KiB. */
function awkwardText(): string {
  const head = 'a'.repeat(32 * 1024 - 1);
  return `${head}😀 "quoted" \\ back\nslash\ttab \u0000 \u001f \u2028 é ${'z'.repeat(LARGE_STRING)} \ud800 lone`;
}

describe('messageJson()', () => {
  it('gives JSON.stringify itself, in one fragment, for a message without large content', () => {
    const message = { jsonrpc: '2.0', id: 3, result: { content: [{ type: 'text', text: 'short' }] } };
    expect(messageJson(message)).toEqual([JSON.stringify(message)]);
  });

  it('escapes a large content text in small fragments that join to exactly JSON.stringify', () => {
    const text = awkwardText();
    const message = {
      jsonrpc: '2.0',
      id: 'x',
      result: {
        content: [
          { type: 'text', text, annotations: undefined },
          { type: 'image', data: 'QUJD', mimeType: 'image/png' },
        ],
        structuredContent: { path: '/a', entries: 2, when: new Date(0), nested: { deep: [1, undefined, () => 1] } },
        isError: undefined,
      },
    };
    const fragments = messageJson(message);
    expect(fragments.length).toBeGreaterThan(4);
    expect(Math.max(...fragments.map((f) => f.length))).toBeLessThan(LARGE_STRING);
    expect(fragments.join('')).toBe(JSON.stringify(message));
    expect((JSON.parse(fragments.join('')) as typeof message).result.content[0]!.text).toBe(text);
  });

  it('writes a ChunkedText piece by piece, as JSON.stringify writes the string it stands for', () => {
    const pieces = ['[\n  {"name": "😀 \\"q\\""', 'x'.repeat(40_000), '\u2028 é\t}\n]'];
    const text = pieces.join('');
    const message = (t: unknown) => ({ jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: t }] } });
    const fragments = messageJson(message(new ChunkedText(pieces)));
    expect(fragments.join('')).toBe(JSON.stringify(message(text)));
    expect(Math.max(...fragments.map((f) => f.length))).toBeLessThan(LARGE_STRING);
    // Anything else that writes it (a log line, an in-memory transport) sees the string.
    expect(JSON.stringify(new ChunkedText(pieces))).toBe(JSON.stringify(text));
    expect(new ChunkedText(pieces).length).toBe(text.length);
  });

  it('handles the contents of a resource read the same way', () => {
    const message = {
      jsonrpc: '2.0',
      id: 1,
      result: { contents: [{ uri: 'file:///a', blob: 'A'.repeat(LARGE_STRING * 2) }] },
    };
    const fragments = messageJson(message);
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.join('')).toBe(JSON.stringify(message));
  });
});
