/**
 * The inline route (Linux, with the native module). A read, stat or listing is a few microseconds of
 * syscalls, while a hop to a worker thread and back costs several times that, and a worker that has
 * ended takes ~50 ms to start again. So where a call cannot wait on anything but a local disk, it runs on
 * the event loop. That holds when:
 *  - its root, and every file system mounted below it, is local (local-mounts.ts): no network share or
 *    FUSE folder (a cloud drive) is reached without crossing a link;
 *  - its path is opened with openat2(RESOLVE_NO_SYMLINKS): no link on the way, the last component
 *    included, so the lookup stays on those file systems and the file opened is the one the path names.
 * Anything else goes to a worker with its deadline, so a stalled folder still ends with TIMEOUT: a path
 * with a link in it, a read that follows a final link, a walk, and any error but a missing entry (the
 * worker's slower road then gives the answer, and the error, it always gave).
 */
import fs from 'node:fs';
import { FolderListings } from './listings.js';
import { localFolders, type LocalFolders } from './local-mounts.js';
import type { NativeDirs } from './native-dirs.js';
import { fsOperations, type FsOperations } from './worker-main.js';
import type { WireError, WorkerRequest } from './worker-protocol.js';

/** An inline answer, shaped like a worker's. */
export type InlineAnswer = { ok: unknown } | { error: WireError };

/** Decides, per request, whether it runs inline, and runs it. */
export class InlineRoute {
  private readonly ops: FsOperations;
  /** Listings of unchanged folders (listings.ts). */
  private readonly listings: FolderListings;

  constructor(
    dirs: NativeDirs,
    private readonly local: LocalFolders = localFolders,
  ) {
    this.ops = fsOperations(fs, true, dirs, true);
    this.listings = new FolderListings(dirs, this.ops);
  }

  /** Runs the request inline and answers, or returns null when it must go to a worker. */
  run(lane: string, req: WorkerRequest): InlineAnswer | null {
    if (req.op === 'walk' || (req.op === 'read' && req.follow) || !this.local.isLocal(lane)) return null;
    try {
      if (req.op === 'read') return { ok: this.ops.read(req).answer };
      if (req.op === 'stat') return { ok: this.ops.stat(req) };
      return { ok: req.sizes ? this.ops.list(req) : this.listings.list(req.path) };
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      // A missing entry is missing on either route; anything else is for the worker's slower road.
      return e.code === 'ENOENT' ? { error: { code: e.code, message: String(e.message) } } : null;
    }
  }
}
