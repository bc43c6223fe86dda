/**
 * The inline route (Linux). A read, stat or listing is a few microseconds of syscalls, while a hop to a
 * worker thread and back costs several times that; so where a call cannot wait on anything but a local
 * disk, it runs on the event loop. That holds for a request when:
 *  - its root, and every file system mounted below it, is local (local-mounts.ts): no network share or
 *    FUSE folder (a cloud drive) can be reached without crossing a link;
 *  - within the last FRESH_MS a call in its folder (the first always on a worker) found that the
 *    folder's path has no link in it, so the lookup cannot be led elsewhere by a link (a link in the
 *    last component is not followed: reads open with O_NOFOLLOW, stats describe the link and go to a
 *    worker);
 *  - no change made through the sandbox is running (a move could put a link where a folder was).
 * Everything else, and the first call in every folder, goes to a worker with its deadline, so a stalled
 * folder still ends with TIMEOUT. The checks on what was opened are the same on both routes.
 */
import fs from 'node:fs';
import { FolderListings } from './listings.js';
import { localFolders, type LocalFolders } from './local-mounts.js';
import type { NativeDirs } from './native-dirs.js';
import { fsOperations, type FsOperations } from './worker-main.js';
import type { WireError, WorkerRequest } from './worker-protocol.js';

/** How long a folder seen without links stays trusted: one swapped for a link later is missed this long. */
const FRESH_MS = 3000;
/** Folders remembered at most; past it the memory starts over. */
const MAX_FOLDERS = 20_000;

/** An inline answer, shaped like a worker's. */
export type InlineAnswer = { ok: unknown } | { error: WireError };

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The folder a request's lookup goes through, for the requests that may run inline. */
function lookupFolder(req: WorkerRequest): string | null {
  if (req.op === 'list') return req.path;
  if ((req.op === 'read' && !req.follow) || req.op === 'stat') return folderOf(req.path);
  return null;
}

/** Decides, per request, whether it runs inline, and runs it. */
export class InlineRoute {
  private readonly ops: FsOperations;
  /** Listings of unchanged folders (listings.ts); null without the native module. */
  private readonly listings: FolderListings | null;
  private readonly vouched = new Map<string, number>();
  private changing = 0;

  constructor(
    private readonly local: LocalFolders = localFolders,
    private readonly now: () => number = Date.now,
    dirs: NativeDirs | null = null,
  ) {
    this.ops = fsOperations(fs, true, dirs);
    this.listings = dirs ? new FolderListings(dirs, this.ops.readFolder) : null;
  }

  /** Runs the request inline and answers, or returns null when it must go to a worker. */
  run(lane: string, req: WorkerRequest): InlineAnswer | null {
    if (this.changing > 0 || req.op === 'walk') return null;
    const folder = lookupFolder(req);
    if (folder === null || !((this.vouched.get(folder) ?? 0) > this.now()) || !this.local.isLocal(lane)) return null;
    try {
      let answer;
      if (req.op === 'read') answer = this.ops.read(req).answer;
      else if (req.op === 'list') answer = (!req.sizes && this.listings?.list(req.path)) || this.ops.list(req);
      else answer = this.ops.stat(req, true);
      // A link is followed only on a worker: where it leads has not been vouched for.
      if ('facts' in answer && answer.facts.kind === 'symlink') return null;
      this.learn(lane, req, answer);
      return { ok: answer };
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      return { error: { code: e.code ?? 'EUNKNOWN', message: String(e.message) } };
    }
  }

  /** Learns from a worker's answer whether the request's folder may be served inline for a while. */
  learn(lane: string, req: WorkerRequest, answer: unknown): void {
    const folder = lookupFolder(req);
    const real = (answer as { real?: unknown } | null)?.real;
    if (folder === null || typeof real !== 'string') return;
    const reached = req.op === 'list' ? real : folderOf(real);
    if (reached !== folder || !this.local.isLocal(lane)) {
      this.vouched.delete(folder);
      return;
    }
    if (this.vouched.size >= MAX_FOLDERS) this.vouched.clear();
    this.vouched.set(folder, this.now() + FRESH_MS);
  }

  /**
   * Holds the route off while a change runs, and forgets every folder once it ends (a move or a delete
   * may have put something else in a folder's place). Returns the function that ends the change.
   */
  beginChange(): () => void {
    this.changing += 1;
    this.vouched.clear();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.changing -= 1;
      this.vouched.clear();
    };
  }
}
