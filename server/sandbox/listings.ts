/**
 * Folder listings kept between calls, on the inline route (Linux). Listing a folder costs two
 * getdents64 and, on ext4, building and freeing the folder's hash index: about a quarter of a
 * list_directory. A folder's names and kinds change only through its own entries, and every such change
 * sets the folder's change time (ctime) to the current time (POSIX). So a listing is kept with the
 * folder's device, inode, mtime and ctime, read from the very fd it was listed through, before listing,
 * and served again while the folder, opened afresh, shows the same numbers.
 *
 * Time stamps are coarse (a clock tick; a whole second on ext4 with small inodes), so a change made just
 * after a listing could carry the ctime the listing saw. A listing is kept only once its folder's ctime
 * is SETTLED_MS old: any later change carries a later ctime (git's "racy clean" entries, same cure).
 * Everything the sandbox decides about a listing (roots, deny globs, links) still runs on every call.
 */
import type { NativeDirs } from './native-dirs.js';
import type { FsOperations } from './worker-main.js';
import type { ListAnswer } from './worker-protocol.js';

/** How old a folder's ctime must be for its listing to be kept: well above any time stamp's granularity. */
const SETTLED_MS = 3000;

/** How much is kept. */
export interface ListingLimits {
  /** Names kept at most over all folders; past it the cache starts over. */
  readonly names: number;
  /** A larger folder is listed each time: kept, it would crowd out hundreds of small ones. */
  readonly folderNames: number;
}

/** About 3 MB of names at most. */
const LIMITS: ListingLimits = { names: 50_000, folderNames: 5_000 };

/** statFd's numbers (native-dirs.ts): which ones tell that a folder is the same and unchanged. */
const DEV = 1;
const INO = 2;
const MTIME = 4;
const CTIME = 7;

interface KeptListing {
  readonly dev: number;
  readonly ino: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly names: string[];
  readonly kinds: number[];
}

/** Listings of unchanged folders, by canonical path. The arrays it returns are shared: read them only. */
export class FolderListings {
  private readonly kept = new Map<string, KeptListing>();
  private keptNames = 0;
  private readonly stat = new Float64Array(8);

  constructor(
    private readonly dirs: NativeDirs,
    /** How a folder is opened and listed (worker-main.ts), with `plainOnly`: a failed open throws. */
    private readonly folders: Pick<FsOperations, 'openFolder' | 'readFolder'>,
    private readonly now: () => number = Date.now,
    private readonly limits: ListingLimits = LIMITS,
  ) {}

  /**
   * Lists the folder at `path`, opened without crossing a link; throws what that open throws (ELOOP for
   * a link on the way, ENOTDIR for anything but a folder).
   */
  list(path: string): ListAnswer {
    const fd = this.folders.openFolder(path);
    try {
      const st = this.stat;
      this.dirs.statFd(fd, st);
      const kept = this.kept.get(path);
      if (
        kept &&
        kept.ctimeMs === st[CTIME] &&
        kept.mtimeMs === st[MTIME] &&
        kept.ino === st[INO] &&
        kept.dev === st[DEV]
      ) {
        return { real: path, folder: true, names: kept.names, kinds: kept.kinds };
      }
      const [names, kinds] = this.folders.readFolder(fd);
      this.keep(path, names, kinds);
      return { real: path, folder: true, names, kinds };
    } finally {
      this.dirs.close(fd);
    }
  }

  /** Keeps a fresh listing (the folder's numbers are still in `stat`), unless its folder changed lately. */
  private keep(path: string, names: string[], kinds: number[]): void {
    const old = this.kept.get(path);
    if (old) {
      this.kept.delete(path);
      this.keptNames -= old.names.length;
    }
    const st = this.stat;
    if (st[CTIME]! > this.now() - SETTLED_MS || names.length > this.limits.folderNames) return;
    if (this.keptNames + names.length > this.limits.names) {
      this.kept.clear();
      this.keptNames = 0;
    }
    this.kept.set(path, { dev: st[DEV]!, ino: st[INO]!, mtimeMs: st[MTIME]!, ctimeMs: st[CTIME]!, names, kinds });
    this.keptNames += names.length;
  }
}
