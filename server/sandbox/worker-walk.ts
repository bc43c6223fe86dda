/**
 * The walk of an fs worker. Like fsWorkerMain it is serialised with Function.prototype.toString, so it
 * stays self-contained. Each child folder is opened through its parent's fd without following links
 * (a folder swapped for a link mid-walk is never entered); denied and excluded entries are pruned with
 * the very glob parts the sandbox compiled, as GlobSet.matches() applies them.
 */
import type fsModule from 'node:fs';
import type { NativeDirs } from './native-dirs.js';
import type { lineSearcher } from './query.js';
import type { decodeText, sniffText } from './text.js';
import type { FsOperations } from './worker-main.js';
import type { TreeText } from './tree-text.js';
import type { GrepFound, WalkEnd, WalkRequest, WorkerMessage } from './worker-protocol.js';

/** What a grep walk searches with: the sandbox's own functions, serialised like the walk. */
export interface GrepKit {
  readonly lineSearcher: typeof lineSearcher;
  readonly sniffText: typeof sniffText;
  readonly decodeText: typeof decodeText;
  /** The worker's own file reads: the same opening and the same rule on what may be read. */
  readonly files: Pick<FsOperations, 'openForRead' | 'factsOfFd' | 'readable' | 'readInto' | 'readFolder'>;
}

/** Walks `req.start` for request `id`, posting batches (and progress) through `post`. */
export function workerWalk(
  fs: typeof fsModule,
  post: (message: WorkerMessage) => void,
  stopFlags: Int32Array,
  procFd: boolean,
  dirs: NativeDirs | null,
  Tree: typeof TreeText,
  kit: GrepKit,
  id: number,
  req: WalkRequest,
): WalkEnd {
  const C = fs.constants;
  const NOFOLLOW = C.O_NOFOLLOW ?? 0;
  const DIRECTORY = C.O_DIRECTORY ?? 0;
  const BATCH = 2000;
  const globs = (parts: WalkRequest['deny'], nocase: boolean) => {
    const compiled = parts.map(([literal, source, flags]) => [literal, new RegExp(source, flags)] as const);
    if (compiled.length === 0) return null;
    return (path: string) => {
      const haystack = nocase ? path.toLowerCase() : path;
      return compiled.some(([literal, regex]) => (literal === '' || haystack.includes(literal)) && regex.test(path));
    };
  };
  const deny = globs(req.deny, req.denyNocase);
  const exclude = globs(req.exclude, req.excludeNocase);
  const match = req.match ? globs([req.match], req.matchNocase) : null;
  const protect = req.protect ? new RegExp(req.protect[0], req.protect[1]) : null;
  const toGlob = req.sep === '\\' ? (p: string) => p.replace(/\\/g, '/') : (p: string) => p;
  const tree = req.mode === 'tree' ? new Tree() : null;
  const grep = req.mode === 'grep' ? req.grep : null;
  const include = grep ? globs(grep.include, grep.includeNocase) : null;
  const search = grep ? kit.lineSearcher(grep.query) : null;
  const found: { -readonly [K in keyof GrepFound]: GrepFound[K] } = {
    rels: [],
    lines: [],
    texts: [],
    searched: 0,
    skipped: 0,
  };
  let buffer = Buffer.alloc(0);
  const links: Array<[string, string]> = [];
  let rels: string[] = [];
  let kinds: number[] = [];
  let folders = 0;
  let skipped = 0;
  let visited = 0;
  let reported = 0;
  let truncated = false;
  const flush = () => {
    post({ id, batch: grep ? { rels, kinds, folders, searched: found.searched } : { rels, kinds, folders } });
    rels = [];
    kinds = [];
  };
  const stopped = () => truncated || Atomics.load(stopFlags, req.stopSlot) !== 0;

  /**
   * Searches one file of folder `dir` (a path through the folder's fd `dirFd` where one is held):
   * opened without following a link, only a regular file within maxBytes is read, and binary files are
   * skipped, as any read. Natively it is opened relative to the fd itself, saving a lookup through /proc.
   */
  const searchFile = (dir: string, dirFd: number, name: string, rel: string) => {
    const native = dirs !== null && dirFd !== -1;
    let fd: number;
    try {
      fd = native ? dirs.openFileAt(dirFd, name) : kit.files.openForRead(`${dir}/${name}`, false);
    } catch {
      found.skipped += 1;
      return;
    }
    try {
      const facts = kit.files.factsOfFd(fd);
      if (!kit.files.readable(facts, grep!.maxBytes)) {
        found.skipped += 1;
        return;
      }
      // One buffer for the whole walk: only the matching lines leave the worker.
      if (buffer.length < facts.size) {
        buffer = Buffer.allocUnsafeSlow(Math.max(facts.size, Math.min(2 * buffer.length, grep!.maxBytes), 65536));
      }
      const bytes = buffer.subarray(0, kit.files.readInto(fd, buffer, facts.size));
      const sniffed = kit.sniffText(bytes);
      if (sniffed.binary) {
        found.skipped += 1;
        return;
      }
      found.searched += 1;
      search!(kit.decodeText(bytes, sniffed.encoding, sniffed.bomLength), (line, text) => {
        if (found.rels.length >= grep!.maxResults) return !(truncated = true);
        found.rels.push(rel);
        found.lines.push(line);
        found.texts.push(text);
        return true;
      });
      if (found.searched % 500 === 0) flush();
    } catch {
      found.skipped += 1;
    } finally {
      if (native) dirs.close(fd);
      else fs.closeSync(fd);
    }
  };

  /** Reports one entry of folder `dir` (fd `dirFd`) as the mode wants it; false once the limit is reached. */
  const report = (rel: string, name: string, kind: number, depth: number, real: string, dir: string, dirFd: number) => {
    if (grep) {
      if (kind === 0 && (!include || include(rel))) searchFile(dir, dirFd, name, rel);
      return !truncated;
    }
    if (req.mode === 'match' && !match!(rel)) return true;
    if (reported >= req.limit) return !(truncated = true);
    reported += 1;
    if (!tree) {
      rels.push(rel);
      kinds.push(kind);
      if (rels.length >= BATCH) flush();
      return true;
    }
    let directory = kind === 1;
    if (kind === 2) {
      // A link is shown only if the sandbox finds that it leads inside the roots.
      let leads = '';
      try {
        leads = fs.realpathSync.native(real);
        directory = fs.statSync(leads).isDirectory();
      } catch {
        // Dangling: the sandbox refuses it.
      }
      links.push([rel, leads]);
    }
    tree.add({ name, depth, directory, link: kind === 2 });
    return true;
  };

  /** The entries of a folder, sorted by name: through its fd where one is held, else by path. */
  const entriesOf = (dir: string, fd: number): Array<[string, number]> => {
    let entries: Array<[string, number]>;
    if (fd !== -1) {
      const [names, kinds] = kit.files.readFolder(fd);
      entries = names.map((name, i) => [name, kinds[i] ?? 3]);
    } else {
      entries = fs
        .readdirSync(dir, { withFileTypes: true })
        .map((e) => [e.name, e.isFile() ? 0 : e.isDirectory() ? 1 : e.isSymbolicLink() ? 2 : 3]);
    }
    return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  };

  /**
   * Opens a child folder through its parent's fd, without following links: a folder swapped for a link
   * is not entered. Natively with openat(2); else through the parent's /proc/self/fd path.
   */
  const openChild = (dir: string, fd: number, name: string): number =>
    dirs ? dirs.openDirAt(fd, name) : fs.openSync(`${dir}/${name}`, C.O_RDONLY | DIRECTORY | NOFOLLOW);

  /** Visits folder `dir` (a /proc/self/fd path where `fd` is held, else its real path). */
  const visit = (dir: string, fd: number, real: string, rel: string, depth: number) => {
    if (stopped()) return;
    let entries: Array<[string, number]>;
    try {
      entries = entriesOf(dir, fd);
    } catch {
      skipped += 1;
      return;
    }
    folders += 1;
    if (req.mode !== 'entries' && folders % 100 === 0) flush();
    for (const [name, kind] of entries) {
      if (visited >= req.maxVisited) truncated = true;
      if (stopped()) return;
      visited += 1;
      const childReal = real.endsWith(req.sep) ? real + name : real + req.sep + name;
      const childRel = rel ? `${rel}/${name}` : name;
      // Pruned with the sandbox's own globs: a denied or excluded folder is never entered.
      if (deny?.(toGlob(childReal)) || protect?.test(childReal) || exclude?.(childRel)) continue;
      if (!report(childRel, name, kind, depth + 1, childReal, dir, fd)) return;
      if (kind !== 1 || depth + 1 >= req.maxDepth) continue;
      if (!procFd) {
        visit(childReal, -1, childReal, childRel, depth + 1);
        continue;
      }
      let child: number;
      try {
        child = openChild(dir, fd, name);
      } catch {
        skipped += 1;
        continue;
      }
      try {
        visit(`/proc/self/fd/${child}`, child, childReal, childRel, depth + 1);
      } finally {
        if (dirs) dirs.close(child);
        else fs.closeSync(child);
      }
    }
  };

  if (!procFd) {
    visit(req.start, -1, req.start, '', 0);
  } else {
    const fd = fs.openSync(req.start, C.O_RDONLY | DIRECTORY);
    try {
      // The start is opened again here: it must still be the folder the sandbox checked.
      if (fs.readlinkSync(`/proc/self/fd/${fd}`) !== req.start) {
        throw Object.assign(new Error('moved'), { code: 'ECHANGED' });
      }
      visit(`/proc/self/fd/${fd}`, fd, req.start, '', 0);
    } finally {
      fs.closeSync(fd);
    }
  }
  // The last batch; in tree and match modes it also tells how many folders were read.
  if (rels.length > 0 || req.mode !== 'entries') flush();
  const extra = tree ? { text: tree.finish(), links } : grep ? { found } : {};
  return { folders, skipped, truncated, reported, ...extra };
}
