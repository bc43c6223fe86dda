/**
 * Moves and copies that never overwrite. A file is published under its new name with link(2), which
 * fails if the name exists (then the old name is removed); a folder claims its new name with mkdir and
 * is renamed over that empty claim. Both ends are reached through checked folder fds.
 */
import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../errors.js';
import { O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_WRONLY, type Stats } from './fs-calls.js';
import { childPath, closeDir, openFile, openParent, type DirRef, type SandboxCore } from './open.js';
import { fsError, kindOf, notRegularFile, tooLarge } from './refusals.js';
import { verify, type Target } from './resolve.js';

/** An existing entry of a checked folder, looked at without following it. Close `dir` when done. */
export interface Entry {
  readonly dir: DirRef;
  readonly name: string;
  readonly stats: Stats;
  /** Its canonical path (the link's own path for a link). */
  readonly real: string;
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Opens an entry to move or delete; a link counts only if it leads inside the roots. */
export async function openEntry(core: SandboxCore, target: Target): Promise<Entry> {
  const { dir, name } = await openParent(core, target);
  const path = childPath(dir, name);
  try {
    const stats = await core.calls.lstat(dir.lane, path);
    if (stats.isSymbolicLink()) {
      // Security: the link itself is moved, but one that leads out of the roots is refused outright.
      verify({ ...target, intent: 'read' }, await core.calls.realpath(dir.lane, path));
    } else if (!stats.isFile() && !stats.isDirectory()) {
      throw notRegularFile(target.shown, kindOf(stats));
    }
    return { dir, name, stats, real: target.view.flavor.api.join(dir.real, name) };
  } catch (error) {
    closeDir(core, dir);
    throw fsError(error, target.shown);
  }
}

/** Errors that say a file system cannot make hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

/** Gives `from` the name `to` without ever replacing what `to` names; `from` keeps its name. */
async function linkExclusive(core: SandboxCore, lane: string, from: string, to: string): Promise<boolean> {
  try {
    await core.calls.link(lane, from, to);
    return true;
  } catch (error) {
    if (!NO_HARD_LINKS.has(code(error) ?? '')) throw error;
    return false;
  }
}

/** Renames `from` to `to` over an empty placeholder that claimed the name first (no hard links). */
async function renameOverClaim(core: SandboxCore, lane: string, from: string, to: string, folder: boolean) {
  const { calls } = core;
  if (folder) await calls.mkdir(lane, to);
  else calls.close(lane, await calls.open(lane, to, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o600));
  try {
    await calls.rename(lane, from, to);
  } catch (error) {
    await (folder ? calls.rmdir(lane, to) : calls.unlink(lane, to)).catch(() => {});
    throw error;
  }
}

/** Moves or renames an entry; refuses with ALREADY_EXISTS if the destination exists. */
export async function moveEntry(core: SandboxCore, source: Target, destination: Target): Promise<void> {
  const entry = await openEntry(core, source);
  let dest: { dir: DirRef; name: string } | undefined;
  try {
    dest = await openParent(core, destination);
    const from = childPath(entry.dir, entry.name);
    const to = childPath(dest.dir, dest.name);
    const lane = entry.dir.lane;
    if (entry.stats.isDirectory()) {
      await renameOverClaim(core, lane, from, to, true);
    } else if (entry.stats.isFile() && (await linkExclusive(core, lane, from, to))) {
      await core.calls.unlink(lane, from);
    } else {
      await renameOverClaim(core, lane, from, to, false);
    }
  } catch (error) {
    if (code(error) === 'EINVAL') {
      throw new GatehouseError('INVALID_INPUT', `${source.shown} cannot be moved into itself.`);
    }
    throw fsError(error, code(error) === 'EEXIST' ? destination.shown : source.shown);
  } finally {
    closeDir(core, entry.dir);
    if (dest) closeDir(core, dest.dir);
  }
}

/** Copies a regular file; refuses with ALREADY_EXISTS if the destination exists. */
export async function copyFile(core: SandboxCore, source: Target, destination: Target, limit: number): Promise<number> {
  const { calls } = core;
  const file = await openFile(core, source);
  let dest: { dir: DirRef; name: string } | undefined;
  let temp: string | undefined;
  try {
    if (file.stats.size > limit) throw tooLarge(source.shown, file.stats.size, limit, 'maxWriteBytes');
    dest = await openParent(core, destination);
    const lane = dest.dir.lane;
    temp = childPath(dest.dir, `.gatehouse-${randomBytes(6).toString('hex')}.tmp`);
    // The kernel copies from the checked fd to a new, exclusive temp name (copy_file_range, reflinks).
    await calls.copyFileExclusive(lane, core.procFd ? `/proc/self/fd/${file.fd}` : file.real, temp);
    const fd = await calls.open(lane, temp, O_RDONLY | O_NOFOLLOW);
    await calls.fsync(lane, fd).finally(() => calls.close(lane, fd));
    const to = childPath(dest.dir, dest.name);
    if (await linkExclusive(core, lane, temp, to)) await calls.unlink(lane, temp);
    else await renameOverClaim(core, lane, temp, to, false);
    temp = undefined;
    return file.stats.size;
  } catch (error) {
    if (temp && dest) await calls.unlink(dest.dir.lane, temp).catch(() => {});
    throw fsError(error, code(error) === 'EEXIST' ? destination.shown : source.shown);
  } finally {
    calls.close(file.lane, file.fd);
    if (dest) closeDir(core, dest.dir);
  }
}
