/**
 * edit_file's read-modify-write: the file is read through its checked folder's fd and replaced
 * atomically in its own encoding (BOM and UTF-16 kept), so the text that is edited is the text of the
 * file that is replaced.
 */
import { GatehouseError } from '../errors.js';
import { O_NOFOLLOW, O_RDONLY, SAFE_OPEN } from './fs-calls.js';
import { childPath, closeDir, type SandboxCore } from './open.js';
import { readAt } from './read.js';
import { fsError, tooLarge } from './refusals.js';
import type { Target } from './resolve.js';
import { decodeText, encodeText, sniffText, type TextEncoding } from './text.js';
import { openDestination, replaceFile } from './write.js';

/** A text file before and after a rewrite. */
export interface Rewrite {
  readonly before: string;
  readonly after: string;
  readonly encoding: TextEncoding;
}

/** Reads a text file and replaces it with `transform(text)`; with `dryRun` nothing is written. */
export async function rewriteText(
  core: SandboxCore,
  target: Target,
  transform: (text: string) => string,
  options: { dryRun: boolean; maxReadBytes: number; maxWriteBytes: number },
): Promise<Rewrite> {
  const { calls } = core;
  const dest = await openDestination(core, target);
  let handedOver = false;
  try {
    if (!dest.existing) throw fsError(Object.assign(new Error('missing'), { code: 'ENOENT' }), target.shown);
    const { dir, existing } = dest;
    const fd = await calls.open(dir.lane, childPath(dir, dest.name), O_RDONLY | O_NOFOLLOW | SAFE_OPEN);
    let bytes: Buffer;
    try {
      const stats = await calls.fstat(dir.lane, fd);
      // Security: the file read must be the file that was checked.
      if (stats.ino !== existing.ino || stats.dev !== existing.dev || !stats.isFile()) {
        throw new GatehouseError('ACCESS_DENIED', `${target.shown} changed while it was being opened; try again.`);
      }
      if (stats.size > options.maxReadBytes)
        throw tooLarge(target.shown, stats.size, options.maxReadBytes, 'maxReadBytes');
      bytes = await readAt(core, { fd, real: dir.real, stats, lane: dir.lane }, stats.size, 0);
    } finally {
      calls.close(dir.lane, fd);
    }
    const sniffed = sniffText(bytes);
    if (sniffed.binary) throw new GatehouseError('INVALID_INPUT', `${target.shown} is a binary file, not text.`);
    const before = decodeText(bytes, sniffed.encoding, sniffed.bomLength);
    const after = transform(before);
    if (!options.dryRun && after !== before) {
      const encoded = encodeText(after, sniffed.encoding);
      if (encoded.length > options.maxWriteBytes) {
        throw tooLarge(target.shown, encoded.length, options.maxWriteBytes, 'maxWriteBytes');
      }
      handedOver = true;
      await replaceFile(core, dest, encoded, target.shown);
    }
    return { before, after, encoding: sniffed.encoding };
  } catch (error) {
    throw fsError(error, target.shown);
  } finally {
    if (!handedOver) closeDir(core, dest.dir);
  }
}
