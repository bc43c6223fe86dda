/**
 * The sandbox's native syscalls (native/dirs.c, Linux): opening without crossing a link, listing an open
 * folder, opening a child folder or file through its parent's fd. They save the second open through /proc that
 * Node's path-only API needs to check what was opened. Where the module is not built, or not for this
 * system, the sandbox does the same checks with Node's fs alone.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What native/dirs.c exports; errors carry Node's errno `code`s. */
export interface NativeDirs {
  /** An fd for a plain absolute path opened without crossing a link (else ELOOP); read-only flags. */
  openNoLinks(path: string, flags: number): number;
  /**
   * The entries of the open folder fd as one string: per entry its kind (a digit: 0 file, 1 folder,
   * 2 link, 3 other), its name, and "/". Read it with entriesOfListing (worker-main.ts).
   */
  readDir(fd: number): string;
  /** An fd for folder `name` in folder `dirfd`; fails on a link or anything not a folder. */
  openDirAt(dirfd: number, name: string): number;
  /** An fd for reading entry `name` of folder `dirfd`; fails on a link; a FIFO opens without waiting. */
  openFileAt(dirfd: number, name: string): number;
  /**
   * An open fd's mode, dev, ino, size, mtimeMs, atimeMs, birthtimeMs and ctimeMs into `out` (8 numbers),
   * as fs.fstatSync gives them, without building a Stats object.
   */
  statFd(fd: number, out: Float64Array): void;
  /** Reads the first `size` bytes of open file `fd` into `buffer` from offset 0; how many there were. */
  readInto(fd: number, buffer: Uint8Array, size: number): number;
  /** Closes an fd these gave: Node's fs in a worker thread warns about closing fds it did not open. */
  close(fd: number): void;
}

const ADDON = 'gatehouse_dirs.node';

/**
 * Where the built module is: beside the built server (dist/server/native/, as it ships), or where
 * node-gyp left it when the server runs from source (tests); null where it was not built.
 */
export function nativeDirsPath(platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  const here = import.meta.dirname;
  const candidates = [path.join(here, '../native', ADDON), path.join(here, '../../native/build/Release', ADDON)];
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? null;
}

/** Loads the module at `file` (from nativeDirsPath); null if it does not load or lacks a function. */
export function loadNativeDirs(file: string | null): NativeDirs | null {
  if (!file) return null;
  try {
    const dirs = createRequire(import.meta.url)(file) as Partial<NativeDirs>;
    const complete = (
      ['openNoLinks', 'readDir', 'openDirAt', 'openFileAt', 'statFd', 'readInto', 'close'] as const
    ).every((f) => typeof dirs[f] === 'function');
    return complete ? (dirs as NativeDirs) : null;
  } catch {
    return null;
  }
}
