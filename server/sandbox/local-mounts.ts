/**
 * Which folders lie wholly on local disks (Linux), read from /proc/self/mountinfo. A folder qualifies
 * when the file system that holds it, and every file system mounted anywhere below it, is a local one:
 * then no call under it can wait on a network or on a user-space (FUSE) file system.
 */
import fs from 'node:fs';

/** File systems on a local block device or in memory: a call on them cannot stall for long. */
const LOCAL_TYPES = new Set([
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'f2fs',
  'zfs',
  'bcachefs',
  'jfs',
  'nilfs2',
  'reiserfs',
  'overlay',
  'tmpfs',
  'ramfs',
]);

/** Mounts are read again at most this often, so a network share mounted later is seen within it. */
const REFRESH_MS = 2000;

/** One line of mountinfo: where a file system is mounted, and its type. */
export interface Mount {
  readonly point: string;
  readonly type: string;
}

/** mountinfo writes space, tab, newline and backslash in paths as octal escapes. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The mounts of a mountinfo text, in its order (a later mount on the same point hides an earlier one). */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (separator === -1 || fields.length < separator + 2) continue;
    mounts.push({ point: unescape(fields[4]!), type: fields[separator + 1]! });
  }
  return mounts;
}

function within(parent: string, child: string): boolean {
  return child === parent || parent === '/' || child.startsWith(`${parent}/`);
}

/** True when `folder` (a canonical path) and everything mounted below it are local file systems. */
export function isWhollyLocal(mounts: readonly Mount[], folder: string): boolean {
  let holder: Mount | undefined;
  for (const mount of mounts) {
    if (within(mount.point, folder)) {
      if (!holder || mount.point.length >= holder.point.length) holder = mount;
    } else if (within(folder, mount.point) && !LOCAL_TYPES.has(mount.type)) {
      return false;
    }
  }
  return holder !== undefined && LOCAL_TYPES.has(holder.type);
}

/** Answers isWhollyLocal from a mount table read again every REFRESH_MS; unreadable means not local. */
export class LocalFolders {
  private mounts: readonly Mount[] = [];
  private readAt = -Infinity;
  private readonly answers = new Map<string, boolean>();

  constructor(
    private readonly readMountinfo: () => string = () => fs.readFileSync('/proc/self/mountinfo', 'utf8'),
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether no call under `folder` can wait on anything but a local disk. */
  isLocal(folder: string): boolean {
    if (this.now() - this.readAt > REFRESH_MS) this.refresh();
    let answer = this.answers.get(folder);
    if (answer === undefined) {
      answer = isWhollyLocal(this.mounts, folder);
      this.answers.set(folder, answer);
    }
    return answer;
  }

  private refresh(): void {
    this.readAt = this.now();
    this.answers.clear();
    try {
      this.mounts = parseMountinfo(this.readMountinfo());
    } catch {
      this.mounts = [];
    }
  }
}

/** The server's one reading of the mount table, shared by the file sandbox and the database service. */
export const localFolders = new LocalFolders();
