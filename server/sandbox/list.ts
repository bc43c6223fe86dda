/**
 * One folder's entries, read by a worker through the folder's fd (opened with O_PATH, located through
 * /proc/self/fd) and checked here. Denied entries and links that lead out of the roots are left out.
 */
import { GatehouseError } from '../errors.js';
import { isoTime } from '../iso-time.js';
import type { SandboxCore } from './open.js';
import { fsError } from './refusals.js';
import { verify, type Target } from './resolve.js';
import type { EntryType } from './walk.js';
import { KIND_DIRECTORY, KIND_FILE, KIND_LINK, type ListAnswer } from './worker-protocol.js';

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

/** Where a link in a listing leads, if that is inside the roots and not denied. */
export async function describeLink(
  core: SandboxCore,
  target: Target,
  path: string,
  name: string,
  sizes: boolean,
): Promise<ListedEntry | null> {
  try {
    const resolved = await core.calls.realpath(target.root.lane, path);
    // Security: a link out of the roots (or to a denied file) is not shown.
    verify({ ...target, intent: 'read' }, resolved);
    const stats = await core.calls.stat(target.root.lane, resolved);
    const type: EntryType = stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
    return sizes && type === 'file'
      ? { name, type, link: true, size: stats.size, modified: stats.mtime.toISOString() }
      : { name, type, link: true };
  } catch {
    return null;
  }
}

const typeOfKind = (kind: number): EntryType =>
  kind === KIND_FILE ? 'file' : kind === KIND_DIRECTORY ? 'directory' : 'other';

/** Lists a checked folder, sorted by name. */
export async function listDirectory(
  core: SandboxCore,
  target: Target,
  options: { sizes: boolean },
): Promise<{ real: string; entries: ListedEntry[] }> {
  let answer: ListAnswer;
  try {
    answer = await core.workers.request<ListAnswer>(target.root.lane, {
      op: 'list',
      path: target.lexical,
      sizes: options.sizes,
    });
  } catch (error) {
    throw fsError(error, target.shown);
  }
  verify(target, answer.real);
  if (!answer.folder) throw new GatehouseError('INVALID_INPUT', `${target.shown} is not a folder.`);
  const { sep } = target.view.flavor.api;
  // A canonical folder and a name from readdir: joining needs no normalising.
  const prefix = answer.real.endsWith(sep) ? answer.real : answer.real + sep;
  const listed: Array<ListedEntry | Promise<ListedEntry | null>> = [];
  let waiting = false;
  // Security: the deny list hides entries by their canonical path.
  const denied = target.view.deniedIn(prefix);
  answer.names.forEach((name, i) => {
    if (denied(name) || WRITE_TEMP.test(name)) return;
    const kind = answer.kinds[i]!;
    if (kind === KIND_LINK) {
      listed.push(describeLink(core, target, prefix + name, name, options.sizes));
      waiting = true;
      return;
    }
    const size = answer.sizes?.[i] ?? -1;
    listed.push(
      size >= 0
        ? {
            name,
            type: typeOfKind(kind),
            link: false,
            size,
            modified: isoTime(answer.mtimes![i]!),
          }
        : { name, type: typeOfKind(kind), link: false },
    );
  });
  const entries = (waiting ? await Promise.all(listed) : (listed as ListedEntry[])).filter(
    (entry): entry is ListedEntry => entry !== null,
  );
  // readdir's order (strcmp on UTF-8) is usually this order already (UTF-16 code units): then no sort.
  if (!isSortedByName(entries)) entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { real: answer.real, entries };
}

function isSortedByName(entries: readonly ListedEntry[]): boolean {
  for (let i = 1; i < entries.length; i += 1) if (entries[i - 1]!.name > entries[i]!.name) return false;
  return true;
}
