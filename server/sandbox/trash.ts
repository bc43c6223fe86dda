/**
 * Gatehouse's trash (`$GATEHOUSE_HOME/trash`): delete_file moves an entry there instead of destroying
 * it, and the tray's `gatehouse trash list|restore ID` puts it back. Each item is a folder
 * `<id>/` holding `info.json` (written first) and `item` (the entry itself).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GatehouseError } from '../errors.js';
import { childPath, closeDir, type SandboxCore } from './open.js';
import { openEntry } from './move.js';
import { fsError } from './refusals.js';
import type { Target } from './resolve.js';

/** One item in the trash. */
export interface TrashItem {
  readonly id: string;
  /** Where it was, as a canonical path. */
  readonly originalPath: string;
  readonly deletedAt: string;
  readonly type: 'file' | 'directory' | 'symlink';
  readonly size: number;
}

const ID_PATTERN = /^[0-9a-z]+-[0-9a-f]{8}$/;

/** The trash folder of a Gatehouse home. */
export function trashDir(home: string): string {
  return path.join(home, 'trash');
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Moves `from` to `to` where a rename cannot (another file system): copy, then remove the original. */
async function moveAcrossDevices(from: string, to: string, type: TrashItem['type']): Promise<void> {
  if (type === 'directory') {
    await fs.mkdir(to);
    await fs.rmdir(from);
  } else if (type === 'symlink') {
    await fs.symlink(await fs.readlink(from), to);
    await fs.unlink(from);
  } else {
    await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    await fs.unlink(from);
  }
}

/** Moves a file, a link or an empty folder into the trash. */
export async function moveToTrash(core: SandboxCore, target: Target, home: string): Promise<TrashItem> {
  const entry = await openEntry(core, target);
  try {
    const from = childPath(entry.dir, entry.name);
    const { stats } = entry;
    const type = stats.isSymbolicLink() ? 'symlink' : stats.isDirectory() ? 'directory' : 'file';
    if (type === 'directory' && (await core.calls.readdir(entry.dir.lane, from)).length > 0) {
      throw new GatehouseError('INVALID_INPUT', `${target.shown} is a folder that is not empty.`, {
        hint: 'Delete the files in it first; only files and empty folders go to the trash.',
      });
    }
    const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const item: TrashItem = {
      id,
      originalPath: entry.real,
      deletedAt: new Date().toISOString(),
      type,
      size: stats.size,
    };
    const folder = path.join(trashDir(home), id);
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(folder, 'info.json'), JSON.stringify(item, null, 2), { mode: 0o600 });
    try {
      await core.calls.rename(entry.dir.lane, from, path.join(folder, 'item'));
    } catch (error) {
      if (code(error) !== 'EXDEV') throw error;
      await moveAcrossDevices(from, path.join(folder, 'item'), type);
    }
    return item;
  } catch (error) {
    throw fsError(error, target.shown);
  } finally {
    closeDir(core, entry.dir);
  }
}

async function readItem(home: string, id: string): Promise<TrashItem | null> {
  try {
    const info = JSON.parse(await fs.readFile(path.join(trashDir(home), id, 'info.json'), 'utf8')) as TrashItem;
    await fs.lstat(path.join(trashDir(home), id, 'item'));
    return { ...info, id };
  } catch {
    // An item whose move never finished (a crash between info.json and the rename) is not listed.
    return null;
  }
}

/** The items in the trash, newest first. */
export async function listTrash(home: string): Promise<TrashItem[]> {
  let ids: string[];
  try {
    ids = (await fs.readdir(trashDir(home))).filter((id) => ID_PATTERN.test(id));
  } catch (error) {
    if (code(error) === 'ENOENT') return [];
    throw error;
  }
  const items = (await Promise.all(ids.map((id) => readItem(home, id)))).filter((i): i is TrashItem => i !== null);
  return items.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0));
}

/** Puts an item back where it was; refuses if something has taken its place. */
export async function restoreFromTrash(home: string, id: string): Promise<TrashItem> {
  // Security: the id names a folder inside the trash, nothing else.
  if (!ID_PATTERN.test(id)) throw new GatehouseError('INVALID_INPUT', `No trash item has the id "${id.slice(0, 40)}".`);
  const item = await readItem(home, id);
  if (!item) throw new GatehouseError('NOT_FOUND', `No trash item has the id ${id}.`);
  const folder = path.join(trashDir(home), id);
  const from = path.join(folder, 'item');
  const to = item.originalPath;
  try {
    await fs.mkdir(path.dirname(to), { recursive: true });
    if (item.type === 'file') {
      // link(2) never replaces: a file that took the old name stays.
      try {
        await fs.link(from, to);
        await fs.unlink(from);
      } catch (error) {
        if (code(error) !== 'EXDEV') throw error;
        await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
        await fs.unlink(from);
      }
    } else {
      await fs.lstat(to).then(
        () => Promise.reject(Object.assign(new Error('exists'), { code: 'EEXIST' })),
        (error: unknown) => (code(error) === 'ENOENT' ? undefined : Promise.reject(error)),
      );
      await fs
        .rename(from, to)
        .catch((error: unknown) =>
          code(error) === 'EXDEV' ? moveAcrossDevices(from, to, item.type) : Promise.reject(error),
        );
    }
  } catch (error) {
    throw fsError(error, to);
  }
  await fs.rm(folder, { recursive: true, force: true });
  return item;
}
