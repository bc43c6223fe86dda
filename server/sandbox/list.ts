/**
 * One folder's entries, read through the checked folder's fd. Denied entries and links that lead out
 * of the roots are left out; sizes come from lstat through the same fd.
 */
import { childPath, closeDir, openDir, type DirRef, type SandboxCore } from './open.js';
import { verify, type Target } from './resolve.js';
import type { EntryType } from './walk.js';

/** One entry of a listing. */
export interface ListedEntry {
  readonly name: string;
  readonly type: EntryType;
  /** A link that leads inside the roots. */
  readonly link: boolean;
  /** Bytes, for files, when sizes were asked for. */
  readonly size?: number;
  /** Last modification, ISO 8601, when sizes were asked for. */
  readonly modified?: string;
}

/** Temp files of writes in progress: not entries anyone asked for. */
const WRITE_TEMP = /\.gatehouse-[0-9a-f]{12}\.tmp$/;

async function describeLink(core: SandboxCore, target: Target, dir: DirRef, name: string, sizes: boolean) {
  try {
    const resolved = await core.calls.realpath(dir.lane, childPath(dir, name));
    // Security: a link out of the roots (or to a denied file) is not listed.
    verify({ ...target, intent: 'read' }, resolved);
    const stats = await core.calls.stat(dir.lane, resolved);
    const type: EntryType = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
    return sizes && type === 'file'
      ? { name, type, link: true, size: stats.size, modified: stats.mtime.toISOString() }
      : { name, type, link: true };
  } catch {
    return null;
  }
}

/** Lists a checked folder, sorted by name. */
export async function listDirectory(
  core: SandboxCore,
  target: Target,
  options: { sizes: boolean },
): Promise<{ real: string; entries: ListedEntry[] }> {
  const { dir, entries } = await openDir(core, target, true);
  const { api } = target.view.flavor;
  try {
    const listed: Array<ListedEntry | Promise<ListedEntry | null>> = [];
    let waiting = false;
    for (const entry of entries) {
      const { name } = entry;
      // Security: the deny list hides entries by their canonical path.
      if (target.view.isDeniedEntry(api.join(dir.real, name)) || WRITE_TEMP.test(name)) continue;
      if (entry.isSymbolicLink()) {
        listed.push(describeLink(core, target, dir, name, options.sizes));
        waiting = true;
        continue;
      }
      const type: EntryType = entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
      if (!options.sizes || type !== 'file') {
        listed.push({ name, type, link: false });
        continue;
      }
      waiting = true;
      listed.push(
        core.calls.lstat(dir.lane, childPath(dir, name)).then(
          (stats) => ({ name, type, link: false, size: stats.size, modified: stats.mtime.toISOString() }),
          () => ({ name, type, link: false }),
        ),
      );
    }
    const settled = (waiting ? await Promise.all(listed) : (listed as ListedEntry[])).filter(
      (entry): entry is ListedEntry => entry !== null,
    );
    settled.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { real: dir.real, entries: settled };
  } finally {
    closeDir(core, dir);
  }
}
