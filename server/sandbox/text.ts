/**
 * Text decoding without the file system: byte-order marks, UTF-8 and UTF-16, the binary check, and
 * line slicing for head and tail.
 */

/** How a file's bytes are read as text. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/** What the first bytes of a file say about it. */
export type Sniffed = { binary: false; encoding: TextEncoding; bomLength: number } | { binary: true };

/**
 * Detects the encoding from a byte-order mark, and binary content from a NUL byte in the first bytes.
 * Self-contained (the fs workers run it too, serialised).
 */
export function sniffText(head: Uint8Array): Sniffed {
  /** Bytes looked at for the binary check, as git does. */
  const SNIFF_BYTES = 8000;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { binary: false, encoding: 'utf-8-bom', bomLength: 3 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { binary: false, encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { binary: false, encoding: 'utf-16be', bomLength: 2 };
  const end = Math.min(head.length, SNIFF_BYTES);
  // A native search: the loop in JavaScript cost more than the read itself on small files.
  if (head.subarray(0, end).indexOf(0) !== -1) return { binary: true };
  return { binary: false, encoding: 'utf-8', bomLength: 0 };
}

/** Decodes bytes (BOM included or not) in the given encoding. Self-contained, as sniffText. */
export function decodeText(bytes: Buffer, encoding: TextEncoding, bomLength: number): string {
  const body = bytes.subarray(bomLength);
  if (encoding === 'utf-16le') return body.toString('utf16le', 0, body.length - (body.length % 2));
  if (encoding === 'utf-16be') {
    const even = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
    return even.swap16().toString('utf16le');
  }
  return body.toString('utf8');
}

/** Lines in a text: a final newline ends the last line rather than starting an empty one. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return text.endsWith('\n') ? count : count + 1;
}

/** The first `n` lines, each with its newline. */
export function firstLines(text: string, n: number): string {
  let end = 0;
  for (let found = 0; found < n; found += 1) {
    const next = text.indexOf('\n', end);
    if (next === -1) return text;
    end = next + 1;
  }
  return text.slice(0, end);
}

/** The last `n` lines, the final newline (if any) kept. */
export function lastLines(text: string, n: number): string {
  if (n <= 0) return '';
  let start = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let found = 0; found < n; found += 1) {
    const previous = text.lastIndexOf('\n', start - 1);
    if (previous === -1) return text;
    start = previous;
  }
  return text.slice(start + 1);
}

/** Byte offset just past the `n`th newline of a UTF-8 buffer, or -1 when it has fewer. */
export function offsetAfterLines(bytes: Uint8Array, n: number): number {
  let end = 0;
  for (let found = 0; found < n; found += 1) {
    const next = bytes.indexOf(0x0a, end);
    if (next === -1) return -1;
    end = next + 1;
  }
  return end;
}

/**
 * Byte offset where the last `n` lines of a UTF-8 buffer start, or -1 when the buffer (a tail of the
 * file) does not reach back that far. `atStart` says the buffer begins at the file's first byte.
 */
export function offsetOfLastLines(bytes: Uint8Array, n: number, atStart: boolean): number {
  let start = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length;
  for (let found = 0; found < n; found += 1) {
    const previous = start > 0 ? bytes.lastIndexOf(0x0a, start - 1) : -1;
    if (previous === -1) return atStart ? 0 : -1;
    start = previous;
  }
  return start + 1;
}

/** Encodes text back into a file's encoding, BOM included. */
export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    default:
      return Buffer.from(text, 'utf8');
  }
}
