/**
 * The JSON text of an outgoing message, as fragments. A result with a large text (a file, a tree)
 * would make JSON.stringify build one large string that is flattened again on its way out; strings
 * that large live in pages of their own, and on a virtual machine faulting those in costs more than the
 * escaping (about 1 ms for 300 KB). Here a large text is escaped in slices instead, so no fragment is
 * large; a ChunkedText, piece by piece, so it is never made one string. Concatenated, the fragments are
 * exactly what JSON.stringify gives.
 */
import { ChunkedText } from '../chunked-text.js';

/** Strings at least this long are escaped in slices. */
export const LARGE_STRING = 64 * 1024;
const SLICE = 32 * 1024;
/** A result's content sits at message.result.content[i].text: three levels of containers down. */
const MAX_DEPTH = 4;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && (Array.isArray(value) || value.constructor === Object);
}

function isLarge(value: unknown): value is string | ChunkedText {
  return value instanceof ChunkedText || (typeof value === 'string' && value.length >= LARGE_STRING);
}

/** Escapes a string into `out` in slices, as the inside of a JSON string. */
function pushEscaped(value: string, out: string[]): void {
  for (let at = 0; at < value.length;) {
    let end = Math.min(at + SLICE, value.length);
    // A surrogate pair stays whole: split, each half would be escaped as a lone surrogate.
    const last = value.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < value.length) end += 1;
    out.push(JSON.stringify(value.slice(at, end)).slice(1, -1));
    at = end;
  }
}

/**
 * Whether the message is a result whose content blocks (or resource contents) carry a large payload:
 * `text`, base64 `data` (images, audio) or `blob`. Every answer is asked, so only those fields are looked at.
 */
function hasLargeContent(message: unknown): boolean {
  const result = (message as { result?: { content?: unknown; contents?: unknown } } | null)?.result;
  if (!isContainer(result)) return false;
  const blocks = result.content ?? result.contents;
  if (!Array.isArray(blocks)) return false;
  return blocks.some((block: { text?: unknown; data?: unknown; blob?: unknown } | null) =>
    isContainer(block) ? isLarge(block.text) || isLarge(block.data) || isLarge(block.blob) : false,
  );
}

function push(value: unknown, depth: number, out: string[]): boolean {
  if (isLarge(value)) {
    out.push('"');
    // The pieces of a ChunkedText end between whole characters (TreeText cuts between its parts).
    if (value instanceof ChunkedText) for (const chunk of value.chunks) pushEscaped(chunk, out);
    else pushEscaped(value, out);
    out.push('"');
    return true;
  }
  if (depth >= MAX_DEPTH || !isContainer(value)) {
    const json = JSON.stringify(value);
    if (json === undefined) return false;
    out.push(json);
    return true;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, index) => {
      if (index > 0) out.push(',');
      // JSON.stringify writes null for what it cannot write inside an array.
      if (!push(item, depth + 1, out)) out.push('null');
    });
    out.push(']');
    return true;
  }
  out.push('{');
  let first = true;
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    out.push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    push(item, depth + 1, out);
    first = false;
  }
  out.push('}');
  return true;
}

/** The message's JSON text in fragments: one, unless it carries a large content string. */
export function messageJson(message: unknown): string[] {
  if (!hasLargeContent(message)) return [JSON.stringify(message)];
  const out: string[] = [];
  push(message, 0, out);
  return out;
}
