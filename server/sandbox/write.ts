/**
 * Writes that lose nothing: a replaced file is written to a temp file in the same folder (reached
 * through the checked folder's fd), fsynced, given the old file's mode and renamed over the old one, so
 * a reader sees the old or the new content and a crash leaves one of the two. Appends open the checked
 * file again through its fd, never through its path.
 */
import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../errors.js';
import {
  O_APPEND,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOFOLLOW,
  O_PATH,
  O_RDONLY,
  O_WRONLY,
  SAFE_OPEN,
  type Stats,
} from './fs-calls.js';
import { childPath, closeDir, openDir, openParent, selfPath, type DirRef, type SandboxCore } from './open.js';
import { fsError, kindOf, notRegularFile } from './refusals.js';
import { verify, type Target } from './resolve.js';

/** Where a write lands: a checked folder, the name in it, and the file there now (if any). */
export interface Destination {
  readonly dir: DirRef;
  readonly name: string;
  readonly existing: Stats | null;
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function requireRegular(target: Target, stats: Stats): void {
  if (stats.isDirectory()) throw new GatehouseError('INVALID_INPUT', `${target.shown} is a folder.`);
  // Security: only regular files are written; a FIFO or device behind the name is refused.
  if (!stats.isFile()) throw notRegularFile(target.shown, kindOf(stats));
}

/** Where the file a path names (links followed) is, checked; or where a new one would go. */
async function locateExisting(core: SandboxCore, target: Target): Promise<{ real: string; stats: Stats } | null> {
  const { calls } = core;
  const lane = target.root.lane;
  try {
    if (!core.procFd) {
      const real = await calls.realpath(lane, target.lexical);
      verify(target, real);
      return { real, stats: await calls.lstat(lane, real) };
    }
    const fd = await calls.open(lane, target.lexical, O_PATH);
    try {
      const [stats, real] = await Promise.all([calls.fstat(lane, fd), calls.readlink(lane, `/proc/self/fd/${fd}`)]);
      verify(target, real);
      return { real, stats };
    } finally {
      calls.close(lane, fd);
    }
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw fsError(error, target.shown);
  }
}

/** Opens the destination of a write: the file's own folder if it exists (links followed), else its parent. */
export async function openDestination(core: SandboxCore, target: Target): Promise<Destination> {
  const found = await locateExisting(core, target);
  if (!found) return { ...(await openParent(core, target)), existing: null };
  requireRegular(target, found.stats);
  const { api } = target.view.flavor;
  const dir = await openDir(core, { ...target, lexical: api.dirname(found.real) });
  return { dir, name: api.basename(found.real), existing: found.stats };
}

/** A temp name next to the file, unguessable, that listings can recognise. */
function tempName(name: string): string {
  const random = randomBytes(6).toString('hex');
  return name.length > 180 ? `.gatehouse-${random}.tmp` : `.${name}.gatehouse-${random}.tmp`;
}

async function writeAll(core: SandboxCore, lane: string, fd: number, data: Buffer, position: number | null) {
  for (let done = 0; done < data.length;) {
    done += await core.calls.write(
      lane,
      fd,
      data,
      done,
      data.length - done,
      position === null ? null : position + done,
    );
  }
}

/** fsyncs a folder so a rename in it survives a power cut; best effort where folders cannot be synced. */
async function syncDir(core: SandboxCore, dir: DirRef): Promise<void> {
  try {
    const fd = await core.calls.open(dir.lane, selfPath(dir), O_RDONLY | O_DIRECTORY);
    try {
      await core.calls.fsync(dir.lane, fd);
    } finally {
      core.calls.close(dir.lane, fd);
    }
  } catch {
    // Windows cannot fsync a folder; the rename itself is still atomic.
  }
}

/** Replaces (or creates) the destination's file with `data`, atomically. Closes the destination. */
export async function replaceFile(core: SandboxCore, dest: Destination, data: Buffer, shown: string): Promise<void> {
  const { calls } = core;
  const { dir, name, existing } = dest;
  const temp = childPath(dir, tempName(name));
  const mode = existing ? existing.mode & 0o7777 : 0o666;
  let fd: number | undefined;
  try {
    // Security: O_EXCL|O_NOFOLLOW: the temp name is new, never a link planted in the folder.
    fd = await calls.open(dir.lane, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
    core.temps.add(temp);
    await writeAll(core, dir.lane, fd, data, 0);
    // The old file's mode, exactly (open's mode is filtered by the umask, fchmod's is not).
    if (existing) await calls.fchmod(dir.lane, fd, mode);
    await calls.fsync(dir.lane, fd);
    const closing = fd;
    fd = undefined;
    await calls.closeNow(dir.lane, closing);
    await calls.rename(dir.lane, temp, childPath(dir, name));
    await syncDir(core, dir);
  } catch (error) {
    if (fd !== undefined) calls.close(dir.lane, fd);
    await calls.unlink(dir.lane, temp).catch(() => {});
    throw fsError(error, shown);
  } finally {
    core.temps.delete(temp);
    closeDir(core, dir);
  }
}

/** Opens an existing file for appending: checked through an O_PATH fd, then reopened through that fd. */
async function openExistingForAppend(core: SandboxCore, target: Target): Promise<number | null> {
  const { calls } = core;
  const lane = target.root.lane;
  const flags = O_WRONLY | O_APPEND | SAFE_OPEN;
  if (!core.procFd) {
    const found = await locateExisting(core, target);
    if (!found) return null;
    requireRegular(target, found.stats);
    const fd = await calls.open(lane, found.real, flags | O_NOFOLLOW);
    const stats = await calls.fstat(lane, fd);
    // Security: the opened file must be the one that was checked.
    if (stats.ino !== found.stats.ino || stats.dev !== found.stats.dev) {
      calls.close(lane, fd);
      throw new GatehouseError('ACCESS_DENIED', `${target.shown} changed while it was being opened; try again.`);
    }
    return fd;
  }
  let pathFd: number;
  try {
    pathFd = await calls.open(lane, target.lexical, O_PATH);
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const [stats, real] = await Promise.all([
      calls.fstat(lane, pathFd),
      calls.readlink(lane, `/proc/self/fd/${pathFd}`),
    ]);
    verify(target, real);
    requireRegular(target, stats);
    // Security: reopening /proc/self/fd/N opens the very inode that was checked, not whatever the path names now.
    return await calls.open(lane, `/proc/self/fd/${pathFd}`, flags);
  } finally {
    calls.close(lane, pathFd);
  }
}

/** Appends `data` to a file, creating it if it does not exist. */
export async function appendToFile(core: SandboxCore, target: Target, data: Buffer): Promise<{ created: boolean }> {
  const { calls } = core;
  const lane = target.root.lane;
  let fd: number | null;
  let created = false;
  try {
    fd = await openExistingForAppend(core, target);
    if (fd === null) {
      const { dir, name } = await openParent(core, target);
      try {
        // O_NOFOLLOW: a link planted under the new name is refused, not followed.
        fd = await calls.open(lane, childPath(dir, name), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | SAFE_OPEN);
        created = true;
      } finally {
        closeDir(core, dir);
      }
    }
  } catch (error) {
    throw fsError(error, target.shown);
  }
  let sizeBefore: number | undefined;
  try {
    const stats = await calls.fstat(lane, fd);
    // A name created a moment before by someone else may be anything: only regular files are written.
    if (created) requireRegular(target, stats);
    sizeBefore = stats.size;
    await writeAll(core, lane, fd, data, null);
    await calls.fsync(lane, fd);
    return { created };
  } catch (error) {
    // An append cut short (disk full, RLIMIT_FSIZE) is undone: the file keeps its old bytes, no half text.
    if (sizeBefore !== undefined) await calls.ftruncate(lane, fd, sizeBefore).catch(() => {});
    throw fsError(error, target.shown);
  } finally {
    calls.close(lane, fd);
  }
}
