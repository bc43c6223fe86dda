/**
 * Streaming through a tree: several folders read at once, each child folder opened through its
 * parent's fd without following links (so a folder swapped for a link mid-walk is skipped, never
 * entered), links reported only when they lead to a place inside the roots and never descended (so link
 * loops end), deny globs and excludes applied before anything is reported, and a stop on a cap,
 * on cancellation or on the walk's own budget.
 */
import { GatehouseError } from '../errors.js';
import { O_DIRECTORY, O_NOFOLLOW, O_PATH, type DirEntry } from './fs-calls.js';
import type { GlobSet } from './globs.js';
import { closeDir, openDir, type DirRef, type SandboxCore } from './open.js';
import { verify, type Target } from './resolve.js';

/** The type of an entry; a link reports the type of what it leads to. */
export type EntryType = 'file' | 'directory' | 'other';

/** One entry found by a walk. */
export interface WalkEntry {
  /** Relative to the walk's start, `/`-separated. */
  readonly rel: string;
  readonly name: string;
  /** 1 for the start folder's own entries. */
  readonly depth: number;
  readonly type: EntryType;
  /** A symbolic link (or junction) that leads inside the roots; never descended. */
  readonly link: boolean;
  /** Canonical path of the entry (of the link itself for links). */
  readonly real: string;
}

/** How a walk goes. */
export interface WalkOptions {
  /** Deepest level reported (1 = the start folder's entries). */
  readonly maxDepth: number;
  /** Excluded entries (relative paths) are neither reported nor descended. */
  readonly exclude: GlobSet;
  readonly signal: AbortSignal;
  /** Called for each visible entry; returning false leaves a folder undescended. */
  onEntry(entry: WalkEntry): boolean | void;
  /** True once the caller has enough (a result cap): the walk stops and reports `truncated`. */
  full(): boolean;
  onProgress?(foldersDone: number): void;
  /** Folders read at once. */
  readonly concurrency?: number;
  /** Entries looked at before the walk stops with `truncated` whatever the caller wants. */
  readonly maxVisited?: number;
}

/** The outcome of a walk. */
export interface WalkResult {
  readonly real: string;
  readonly folders: number;
  /** Stopped early: a cap, or the visit budget. */
  readonly truncated: boolean;
  /** Folders that could not be read (permissions, removed meanwhile) and were left out. */
  readonly skipped: number;
}

interface Pending {
  parent: Shared | null;
  name: string;
  rel: string;
  depth: number;
  real: string;
}

/** An O_PATH fd shared by a folder's children until the last of them is open. */
interface Shared {
  dir: DirRef;
  refs: number;
}

/** The error a cancelled call ends with; the client has stopped waiting for the answer. */
export function cancelled(): GatehouseError {
  return new GatehouseError('TIMEOUT', 'The call was cancelled by the client.');
}

const DEFAULT_MAX_VISITED = 1_000_000;

/** Walks a checked folder; the start itself is checked like any other target. */
export async function walk(core: SandboxCore, target: Target, options: WalkOptions): Promise<WalkResult> {
  const { dir: start } = await openDir(core, target, false);
  const { api } = target.view.flavor;
  const { view } = target;
  const concurrency = options.concurrency ?? 4;
  const maxVisited = options.maxVisited ?? DEFAULT_MAX_VISITED;
  const stack: Pending[] = [{ parent: null, name: '', rel: '', depth: 0, real: start.real }];
  let folders = 0;
  let visited = 0;
  let skipped = 0;
  let truncated = false;

  const release = (shared: Shared | null) => {
    if (shared && --shared.refs === 0) closeDir(core, shared.dir);
  };

  /** Opens a pending folder through its parent's fd: O_NOFOLLOW, so a link put in its place is not entered. */
  const open = async (pending: Pending): Promise<DirRef> => {
    if (!pending.parent) return start;
    const parent = pending.parent.dir;
    if (parent.fd === null) return { ...parent, real: pending.real };
    const fd = await core.calls.open(
      parent.lane,
      `/proc/self/fd/${parent.fd}/${pending.name}`,
      O_PATH | O_DIRECTORY | O_NOFOLLOW,
    );
    return { ...parent, fd, real: pending.real };
  };

  const typeOf = (entry: DirEntry): EntryType =>
    entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';

  /** Security: a link is shown only if where it leads is inside the roots and not denied. */
  const resolveLink = async (dir: DirRef, real: string): Promise<EntryType | null> => {
    try {
      const resolved = await core.calls.realpath(dir.lane, real);
      verify({ ...target, intent: 'read' }, resolved);
      const stats = await core.calls.stat(dir.lane, resolved);
      return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
    } catch {
      return null;
    }
  };

  let failure: unknown;
  const stopped = () => failure !== undefined || truncated;

  const visit = async (pending: Pending) => {
    if (options.signal.aborted) throw cancelled();
    let dir: DirRef;
    try {
      dir = await open(pending);
    } catch {
      skipped += 1;
      return;
    } finally {
      release(pending.parent);
    }
    const shared: Shared = { dir, refs: 1 };
    try {
      const path = dir.fd === null ? dir.real : `/proc/self/fd/${dir.fd}`;
      const entries = await core.calls.readdir(dir.lane, path).catch(() => null);
      if (!entries) {
        skipped += 1;
        return;
      }
      folders += 1;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (options.full() || visited >= maxVisited) truncated = true;
        if (stopped()) return;
        visited += 1;
        const rel = pending.rel ? `${pending.rel}/${entry.name}` : entry.name;
        const real = api.join(dir.real, entry.name);
        // Security: deny globs on the canonical path; the folders above were checked on the way down.
        if (view.isDeniedEntry(real) || options.exclude.matches(rel)) continue;
        const link = entry.isSymbolicLink();
        const type = link ? await resolveLink(dir, real) : typeOf(entry);
        if (type === null) continue;
        const wanted = options.onEntry({ rel, name: entry.name, depth: pending.depth + 1, type, link, real });
        if (type === 'directory' && !link && wanted !== false && pending.depth + 1 < options.maxDepth) {
          shared.refs += 1;
          stack.push({ parent: shared, name: entry.name, rel, depth: pending.depth + 1, real });
        }
      }
    } finally {
      release(shared);
      options.onProgress?.(folders);
    }
  };

  await new Promise<void>((resolve) => {
    let active = 0;
    const pump = () => {
      while (!stopped() && active < concurrency && stack.length > 0) {
        active += 1;
        visit(stack.pop()!).then(
          () => {
            active -= 1;
            pump();
          },
          (error: unknown) => {
            active -= 1;
            failure ??= error;
            pump();
          },
        );
      }
      // Done only when nothing runs any more, so every fd a visit opened has been released.
      if (active === 0 && (stopped() || stack.length === 0)) resolve();
    };
    pump();
  });
  // Folders never visited still hold a reference to their parent's fd (or are the start itself).
  for (const pending of stack.splice(0)) {
    if (pending.parent) release(pending.parent);
    else closeDir(core, start);
  }
  if (failure !== undefined) throw failure;
  return { real: start.real, folders, truncated, skipped };
}
