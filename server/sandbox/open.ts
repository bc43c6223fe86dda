/**
 * Opening without a check-then-use window. On Linux the sandbox opens first and then asks the kernel
 * what was opened (/proc/self/fd/N names the file an fd refers to, whatever links led there), and
 * reaches children and temp files through the fd of a checked folder, so a path swapped for a link
 * after the check leads nowhere. Elsewhere (macOS, Windows) it resolves first, opens the canonical path
 * without following a final link, and compares the opened file's dev/inode with the path's.
 */
import { GatehouseError } from '../errors.js';
import { O_NOFOLLOW, O_PATH, O_RDONLY, SAFE_OPEN, type FsCalls, type Stats } from './fs-calls.js';
import { fsError, kindOf, linkEscapes, notRegularFile } from './refusals.js';
import { verify, type Target } from './resolve.js';
import type { FsWorkers } from './workers.js';
import type { StatAnswer } from './worker-protocol.js';
import type { RootView } from './view.js';

/** What every sandbox operation works with. */
export interface SandboxCore {
  /** Single gated calls on libuv's pool: writes, moves, the rarer reads. */
  readonly calls: FsCalls;
  /** Whole operations on worker threads: the hot reads, stats, listings and walks. */
  readonly workers: FsWorkers;
  /** /proc/self/fd names open files (Linux): the race-free strategy. */
  readonly procFd: boolean;
  /** Temp files of writes under way: close() removes them, so a server stopping mid-write leaves none. */
  readonly temps: Set<string>;
}

/** A checked folder: an O_PATH fd on Linux, its canonical path elsewhere. Close it with closeDir(). */
export interface DirRef {
  readonly fd: number | null;
  readonly real: string;
  readonly lane: string;
  readonly root: RootView;
}

/** A checked regular file open for reading. The caller closes `fd`. */
export interface OpenFile {
  readonly fd: number;
  readonly real: string;
  readonly stats: Stats;
  readonly lane: string;
}

const fdPath = (fd: number) => `/proc/self/fd/${fd}`;

/** The separator of a folder's canonical path (backslash on Windows). */
export function sepOf(dir: DirRef): string {
  return dir.real.includes('\\') ? '\\' : '/';
}

/** A path that reaches `name` inside a checked folder without looking up the folder's path again. */
export function childPath(dir: DirRef, name: string): string {
  if (dir.fd !== null) return `${fdPath(dir.fd)}/${name}`;
  const sep = sepOf(dir);
  return `${dir.real}${dir.real.endsWith(sep) ? '' : sep}${name}`;
}

/** A path to the checked folder itself. */
export function selfPath(dir: DirRef): string {
  return dir.fd === null ? dir.real : fdPath(dir.fd);
}

/** Releases a folder reference. */
export function closeDir(core: SandboxCore, dir: DirRef): void {
  if (dir.fd !== null) core.calls.close(dir.lane, dir.fd);
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Opens a regular file for reading, checked after opening. */
export async function openFile(core: SandboxCore, target: Target): Promise<OpenFile> {
  const { calls } = core;
  const lane = target.root.lane;
  const flags = O_RDONLY | O_NOFOLLOW | SAFE_OPEN;
  let fd: number;
  try {
    if (!core.procFd) return await openFilePortable(core, target);
    try {
      fd = await calls.open(lane, target.lexical, flags);
    } catch (error) {
      if (code(error) !== 'ELOOP') throw error;
      // The name itself is a link: resolve and check it before opening anything it points to.
      const real = await calls.realpath(lane, target.lexical);
      verify(target, real);
      fd = await calls.open(lane, real, flags);
    }
  } catch (error) {
    throw fsError(error, target.shown);
  }
  try {
    const [stats, real] = await Promise.all([calls.fstat(lane, fd), calls.readlink(lane, fdPath(fd))]);
    verify(target, real);
    // Security: only regular files; O_NONBLOCK kept a FIFO's open from waiting, this refuses it.
    if (!stats.isFile()) throw notRegularFile(target.shown, kindOf(stats));
    return { fd, real, stats, lane };
  } catch (error) {
    calls.close(lane, fd);
    throw fsError(error, target.shown);
  }
}

async function openFilePortable(core: SandboxCore, target: Target): Promise<OpenFile> {
  const { calls } = core;
  const lane = target.root.lane;
  const real = await calls.realpath(lane, target.lexical);
  verify(target, real);
  const fd = await calls.open(lane, real, O_RDONLY | O_NOFOLLOW | SAFE_OPEN);
  try {
    const [stats, now] = await Promise.all([calls.fstat(lane, fd), calls.lstat(lane, real)]);
    // Security: the opened file must be the one the checked path names.
    if (stats.dev !== now.dev || stats.ino !== now.ino) throw linkEscapes(target.shown);
    if (!stats.isFile()) throw notRegularFile(target.shown, kindOf(stats));
    return { fd, real, stats, lane };
  } catch (error) {
    calls.close(lane, fd);
    throw error;
  }
}

/**
 * Facts about whatever a path names (links followed), checked. The worker opens it with O_PATH, which
 * opens nothing for reading (no FIFO wait, no device side effect), and reports where it really is.
 */
export async function statPath(core: SandboxCore, target: Target): Promise<StatAnswer> {
  try {
    const answer = await core.workers.request<StatAnswer>(target.root.lane, { op: 'stat', path: target.lexical });
    verify(target, answer.real);
    return answer;
  } catch (error) {
    throw fsError(error, target.shown);
  }
}

/** Refuses what is not a folder, once its place has passed the check. */
function requireFolder(target: Target, isDirectory: boolean): void {
  if (!isDirectory) throw new GatehouseError('INVALID_INPUT', `${target.shown} is not a folder.`);
}

/**
 * Opens a checked folder (an O_PATH fd on Linux). Where it leads is checked before what it is, so a
 * link out of the roots is refused as such, whatever it points to.
 */
export async function openDir(core: SandboxCore, target: Target): Promise<DirRef> {
  const { calls } = core;
  const lane = target.root.lane;
  try {
    if (!core.procFd) {
      const real = await calls.realpath(lane, target.lexical);
      const root = verify(target, real);
      requireFolder(target, (await calls.lstat(lane, real)).isDirectory());
      return { fd: null, real, lane, root };
    }
    const fd = await calls.open(lane, target.lexical, O_PATH);
    try {
      const [real, stats] = await Promise.all([calls.readlink(lane, fdPath(fd)), calls.fstat(lane, fd)]);
      const root = verify(target, real);
      requireFolder(target, stats.isDirectory());
      return { fd, real, lane, root };
    } catch (error) {
      calls.close(lane, fd);
      throw error;
    }
  } catch (error) {
    throw fsError(error, target.shown);
  }
}

/**
 * Opens the folder a new entry goes into and checks the entry's full path. The entry itself is not
 * looked at: a name created there goes through the folder's fd, never through its path.
 */
export async function openParent(core: SandboxCore, target: Target): Promise<{ dir: DirRef; name: string }> {
  const { api } = target.view.flavor;
  const name = api.basename(target.lexical);
  if (api.dirname(target.lexical) === target.lexical || target.view.roots.some((r) => r.path === target.lexical)) {
    throw new GatehouseError('INVALID_INPUT', `${target.shown} is an allowed folder itself.`);
  }
  const parent: Target = { ...target, lexical: api.dirname(target.lexical) };
  const dir = await openDir(core, parent);
  const full = api.join(dir.real, name);
  try {
    verify(target, full);
  } catch (error) {
    closeDir(core, dir);
    throw error;
  }
  return { dir, name };
}
