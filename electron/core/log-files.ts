/**
 * The files of the server log: winston's File transport with `tailable: true` keeps the newest lines in
 * `server.log` and renames older files up (`server.log` -> `server1.log` -> `server2.log` ...), so a
 * file keeps its inode as it ages. Readers follow a file by inode, not by name.
 */
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** One log file, newest first by `generation` (0 is `server.log`). */
export interface LogFile {
  path: string;
  generation: number;
  /** The file's identity across renames. */
  id: string;
  size: number;
}

/** The log files of a log folder, newest first, as one consistent snapshot; throws LogFilesMoving if none. */
export async function listLogFiles(logFile: string): Promise<LogFile[]> {
  // A listing is a readdir and then a stat per name, so a rotation in between is half seen: a file under
  // two names, or a file missed because it was renamed to a name the readdir did not have yet (the
  // oldest one, usually the very file a slow follower was reading). Two identical listings in a row,
  // each naming every file once, had no rotation between them.
  let previous = await listOnce(logFile);
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const files = await listOnce(logFile);
    if (sameListing(previous, files) && new Set(files.map((f) => f.id)).size === files.length) return files;
    previous = files;
  }
  throw new LogFilesMoving();
}

/** The log files kept rotating while being listed; look again later. */
export class LogFilesMoving extends Error {
  constructor() {
    super('the log files kept rotating while being listed');
  }
}

function sameListing(a: LogFile[], b: LogFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f.path === b[i]!.path && f.id === b[i]!.id);
}

async function listOnce(logFile: string): Promise<LogFile[]> {
  const dir = path.dirname(logFile);
  const ext = path.extname(logFile);
  const base = path.basename(logFile, ext);
  const pattern = new RegExp(`^${escapeRegExp(base)}(\\d*)${escapeRegExp(ext)}$`);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const files: LogFile[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file, { bigint: true }).catch(() => undefined);
    if (!stat?.isFile()) continue;
    files.push({ path: file, generation: match[1] ? Number(match[1]) : 0, id: fileId(stat), size: Number(stat.size) });
  }
  return files.sort((a, b) => a.generation - b.generation);
}

/**
 * A file's identity across renames: device, inode (a file index on Windows) and creation time. The
 * creation time matters: once rotation drops the oldest file, the next `server.log` often gets its inode.
 */
export function fileId(stat: { dev: bigint; ino: bigint; birthtimeNs: bigint }): string {
  return `${stat.dev}:${stat.ino}:${stat.birthtimeNs}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Opens a listed file and checks it is still the file listed: a rotation may have given its name to
 * another file since. Null when it moved; the caller lists again. An open handle keeps its file.
 */
export async function openListed(file: LogFile): Promise<{ handle: FileHandle; size: number } | null> {
  const handle = await fs.open(file.path, 'r').catch(() => undefined);
  if (!handle) return null;
  const stat = await handle.stat({ bigint: true }).catch(() => undefined);
  if (stat && fileId(stat) === file.id) return { handle, size: Number(stat.size) };
  await handle.close();
  return null;
}
