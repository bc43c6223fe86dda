/**
 * Reading files through a checked fd: whole files up to `maxReadBytes`, or the first or last lines of
 * any file without reading the rest. Nothing larger than the limit is ever held in memory.
 */
import { GatehouseError } from '../errors.js';
import { openFile, type OpenFile, type SandboxCore } from './open.js';
import { describeKind, fsError, notRegularFile, tooLarge } from './refusals.js';
import { verify, type Target } from './resolve.js';
import type { ReadAnswer } from './worker-protocol.js';
import {
  countLines,
  decodeText,
  firstLines,
  lastLines,
  offsetAfterLines,
  offsetOfLastLines,
  sniffText,
  type TextEncoding,
} from './text.js';

/** A text read: the text and what the result reports about it. */
export interface TextRead {
  readonly text: string;
  /** The file's size in bytes. */
  readonly size: number;
  readonly encoding: TextEncoding;
  /** Lines in `text`. */
  readonly lines: number;
  /** True when `text` is part of the file (head or tail). */
  readonly partial: boolean;
}

const CHUNK = 64 * 1024;

/** Reads `length` bytes at `position` (fewer at end of file). */
export async function readAt(core: SandboxCore, file: OpenFile, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const n = await core.calls.read(file.lane, file.fd, buffer, filled, length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/** Reads a whole checked file, refusing one over the limit before reading a byte. */
export async function readWhole(core: SandboxCore, file: OpenFile, target: Target, limit: number): Promise<Buffer> {
  if (file.stats.size > limit) throw tooLarge(target.shown, file.stats.size, limit, 'maxReadBytes');
  return readAt(core, file, file.stats.size, 0);
}

function binaryRefusal(target: Target): GatehouseError {
  return new GatehouseError('INVALID_INPUT', `${target.shown} is a binary file, not text.`, {
    hint: 'Use read_media_file for images and audio.',
  });
}

function decodeWhole(bytes: Buffer, target: Target, pick?: (text: string) => string): TextRead & { text: string } {
  const sniffed = sniffText(bytes);
  if (sniffed.binary) throw binaryRefusal(target);
  const whole = decodeText(bytes, sniffed.encoding, sniffed.bomLength);
  const text = pick ? pick(whole) : whole;
  return { text, size: bytes.length, encoding: sniffed.encoding, lines: countLines(text), partial: text !== whole };
}

/** The first `n` lines, reading only as far as they go (and never past the limit). */
async function readHead(core: SandboxCore, file: OpenFile, target: Target, n: number, limit: number) {
  let size = file.stats.size;
  let bytes = await readAt(core, file, Math.min(size, CHUNK, limit), 0);
  const sniffed = sniffText(bytes);
  if (sniffed.binary) throw binaryRefusal(target);
  if (sniffed.encoding.startsWith('utf-16')) {
    return decodeWhole(await readWhole(core, file, target, limit), target, (t) => firstLines(t, n));
  }
  for (;;) {
    const end = offsetAfterLines(bytes, n);
    if (end !== -1 || bytes.length >= size) {
      const text = decodeText(bytes.subarray(0, end === -1 ? bytes.length : end), sniffed.encoding, sniffed.bomLength);
      return { text, encoding: sniffed.encoding, lines: countLines(text), partial: end !== -1 && end < size };
    }
    if (bytes.length >= limit) throw tooLarge(`The first ${n} lines of ${target.shown}`, size, limit, 'maxReadBytes');
    const more = await readAt(core, file, Math.min(CHUNK, limit - bytes.length), bytes.length);
    // A file that shrank while being read ends where the bytes end.
    if (more.length === 0) size = bytes.length;
    bytes = Buffer.concat([bytes, more]);
  }
}

/** The last `n` lines, reading backwards from the end in chunks (and never past the limit). */
async function readTail(core: SandboxCore, file: OpenFile, target: Target, n: number, limit: number) {
  const size = file.stats.size;
  const head = await readAt(core, file, Math.min(size, CHUNK), 0);
  const sniffed = sniffText(head);
  if (sniffed.binary) throw binaryRefusal(target);
  if (sniffed.encoding.startsWith('utf-16')) {
    return decodeWhole(await readWhole(core, file, target, limit), target, (t) => lastLines(t, n));
  }
  let bytes = size <= CHUNK ? head : Buffer.alloc(0);
  let position = size - bytes.length;
  for (;;) {
    const start = offsetOfLastLines(bytes, n, position === 0);
    if (start !== -1) {
      // A BOM only counts when the tail reaches back to the file's first byte.
      const skip = position === 0 ? Math.max(start, sniffed.bomLength) : start;
      const text = bytes.subarray(skip).toString('utf8');
      return {
        text,
        encoding: sniffed.encoding,
        lines: countLines(text),
        partial: position + skip > sniffed.bomLength,
      };
    }
    if (bytes.length >= limit) throw tooLarge(`The last ${n} lines of ${target.shown}`, size, limit, 'maxReadBytes');
    const length = Math.min(CHUNK, position, limit - bytes.length);
    position -= length;
    bytes = Buffer.concat([await readAt(core, file, length, position), bytes]);
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function requestRead(core: SandboxCore, target: Target, path: string, limit: number): Promise<ReadAnswer> {
  return core.workers.request<ReadAnswer>(target.root.lane, { op: 'read', path, follow: false, maxBytes: limit });
}

/**
 * Reads a whole regular file, checked, up to the limit. On Linux one worker request opens it (never
 * following a final link), learns from /proc/self/fd where it really is, and reads it only if it is a
 * regular file within the limit; the bytes leave the sandbox only once that place passes the check.
 */
export async function readWholeFile(core: SandboxCore, target: Target, limit: number): Promise<Buffer> {
  if (!core.procFd) {
    const file = await openFile(core, target);
    try {
      return await readWhole(core, file, target, limit);
    } finally {
      core.calls.close(file.lane, file.fd);
    }
  }
  let answer: ReadAnswer;
  try {
    try {
      answer = await requestRead(core, target, target.lexical, limit);
    } catch (error) {
      if (code(error) !== 'ELOOP') throw error;
      // The name itself is a link: resolve and check it before opening anything it points to.
      const real = await core.calls.realpath(target.root.lane, target.lexical);
      verify(target, real);
      answer = await requestRead(core, target, real, limit);
    }
  } catch (error) {
    throw fsError(error, target.shown);
  }
  verify(target, answer.real);
  // Security: only regular files; the worker opened with O_NONBLOCK and read nothing else.
  if (answer.facts.kind !== 'file') throw notRegularFile(target.shown, describeKind(answer.facts.kind));
  if (!answer.bytes) throw tooLarge(target.shown, answer.facts.size, limit, 'maxReadBytes');
  return Buffer.from(answer.bytes, 0, answer.length);
}

/** Reads a text file, whole or its first or last lines. */
export async function readText(
  core: SandboxCore,
  target: Target,
  options: { head?: number; tail?: number; limit: number },
): Promise<TextRead> {
  if (!options.head && !options.tail) return decodeWhole(await readWholeFile(core, target, options.limit), target);
  const file = await openFile(core, target);
  try {
    const part = options.head
      ? await readHead(core, file, target, options.head, options.limit)
      : await readTail(core, file, target, options.tail!, options.limit);
    return { ...part, size: file.stats.size };
  } finally {
    core.calls.close(file.lane, file.fd);
  }
}

/** Reads a whole file's bytes (media), up to the limit. */
export async function readBytes(
  core: SandboxCore,
  target: Target,
  limit: number,
): Promise<{ bytes: Buffer; size: number }> {
  const bytes = await readWholeFile(core, target, limit);
  return { bytes, size: bytes.length };
}
