/**
 * The body of an fs worker thread. It is serialised with Function.prototype.toString and started with
 * `eval`, so it must stay self-contained: no imports, only the modules it is handed. It runs syscalls
 * and reports what they found; every decision about roots, links and the policy is the sandbox's, on
 * the main thread, except the pruning of a walk, which uses the very regexes the sandbox compiled.
 */
import type fsModule from 'node:fs';
import type threadsModule from 'node:worker_threads';
import type {
  FileFacts,
  ListAnswer,
  ListRequest,
  ReadAnswer,
  ReadRequest,
  StatAnswer,
  StatRequest,
  WalkEnd,
  WalkRequest,
  WorkerRequest,
} from './worker-protocol.js';

/** Runs in the worker: answers requests from the sandbox until the worker is terminated. */
export function fsWorkerMain(fs: typeof fsModule, threads: typeof threadsModule): void {
  const port = threads.parentPort!;
  const { procFd, stops } = threads.workerData as { procFd: boolean; stops: SharedArrayBuffer };
  const stopFlags = new Int32Array(stops);
  const C = fs.constants;
  const O_PATH = 0o10000000;
  const SAFE = (C.O_NONBLOCK ?? 0) | (C.O_NOCTTY ?? 0);
  const NOFOLLOW = C.O_NOFOLLOW ?? 0;
  const DIRECTORY = C.O_DIRECTORY ?? 0;
  const BATCH = 2000;

  const factsOf = (st: fsModule.Stats): FileFacts => ({
    kind: st.isFile()
      ? 'file'
      : st.isDirectory()
        ? 'directory'
        : st.isSymbolicLink()
          ? 'symlink'
          : st.isFIFO()
            ? 'fifo'
            : st.isSocket()
              ? 'socket'
              : st.isCharacterDevice() || st.isBlockDevice()
                ? 'device'
                : 'other',
    dev: st.dev,
    ino: st.ino,
    mode: st.mode,
    size: st.size,
    mtimeMs: st.mtimeMs,
    atimeMs: st.atimeMs,
    birthtimeMs: st.birthtimeMs,
  });

  const kindOf = (entry: fsModule.Dirent) =>
    entry.isFile() ? 0 : entry.isDirectory() ? 1 : entry.isSymbolicLink() ? 2 : 3;

  /** Where an open fd really is; elsewhere than Linux, the path if it still names the same inode. */
  const whereIs = (fd: number, path: string, st: fsModule.Stats): string => {
    if (procFd) return fs.readlinkSync(`/proc/self/fd/${fd}`);
    const now = fs.lstatSync(path);
    return now.dev === st.dev && now.ino === st.ino ? path : '';
  };

  const read = (req: ReadRequest): { answer: ReadAnswer; transfer: ArrayBuffer[] } => {
    const fd = fs.openSync(req.path, C.O_RDONLY | SAFE | (req.follow ? 0 : NOFOLLOW));
    try {
      const st = fs.fstatSync(fd);
      const real = whereIs(fd, req.path, st);
      // Only a regular file within the limit is read: a FIFO or a device is described, never read.
      if (!st.isFile() || st.size > req.maxBytes) return { answer: { real, facts: factsOf(st) }, transfer: [] };
      const buffer = Buffer.allocUnsafeSlow(st.size);
      let filled = 0;
      while (filled < st.size) {
        const n = fs.readSync(fd, buffer, filled, st.size - filled, filled);
        if (n === 0) break;
        filled += n;
      }
      const bytes = buffer.buffer as ArrayBuffer;
      return { answer: { real, facts: factsOf(st), bytes, length: filled }, transfer: [bytes] };
    } finally {
      fs.closeSync(fd);
    }
  };

  const stat = (req: StatRequest): StatAnswer => {
    if (!procFd) {
      const real = fs.realpathSync.native(req.path);
      return { real, facts: factsOf(fs.lstatSync(real)) };
    }
    const fd = fs.openSync(req.path, O_PATH);
    try {
      return { real: fs.readlinkSync(`/proc/self/fd/${fd}`), facts: factsOf(fs.fstatSync(fd)) };
    } finally {
      fs.closeSync(fd);
    }
  };

  const list = (req: ListRequest): ListAnswer => {
    let fd = -1;
    let real: string;
    let folder: boolean;
    if (procFd) {
      // O_PATH without O_DIRECTORY: the sandbox checks where a path leads before what it is.
      fd = fs.openSync(req.path, O_PATH);
      real = fs.readlinkSync(`/proc/self/fd/${fd}`);
      folder = fs.fstatSync(fd).isDirectory();
    } else {
      real = fs.realpathSync.native(req.path);
      folder = fs.lstatSync(real).isDirectory();
    }
    try {
      if (!folder) return { real, folder, names: [], kinds: [] };
      const dir = fd === -1 ? real : `/proc/self/fd/${fd}`;
      const entries = fs.readdirSync(dir, { withFileTypes: true });
      const answer: ListAnswer = { real, folder, names: entries.map((e) => e.name), kinds: entries.map(kindOf) };
      if (!req.sizes) return answer;
      const sizes: number[] = [];
      const mtimes: number[] = [];
      for (const entry of entries) {
        let size = -1;
        let mtime = -1;
        if (entry.isFile()) {
          try {
            const st = fs.lstatSync(`${dir}/${entry.name}`);
            size = st.size;
            mtime = st.mtimeMs;
          } catch {
            // Removed meanwhile: listed without a size.
          }
        }
        sizes.push(size);
        mtimes.push(mtime);
      }
      return { ...answer, sizes, mtimes };
    } finally {
      if (fd !== -1) fs.closeSync(fd);
    }
  };

  const walk = (id: number, req: WalkRequest): WalkEnd => {
    // The sandbox's globs applied as GlobSet.matches() applies them: the regex only where the literal is.
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
    const protect = req.protect ? new RegExp(req.protect[0], req.protect[1]) : null;
    const toGlob = req.sep === '\\' ? (p: string) => p.replace(/\\/g, '/') : (p: string) => p;
    let rels: string[] = [];
    let kinds: number[] = [];
    let folders = 0;
    let skipped = 0;
    let visited = 0;
    let truncated = false;
    const flush = () => {
      if (rels.length > 0) port.postMessage({ id, batch: { rels, kinds, folders } });
      rels = [];
      kinds = [];
    };
    const stopped = () => truncated || Atomics.load(stopFlags, req.stopSlot) !== 0;

    const visit = (dir: string, real: string, rel: string, depth: number) => {
      if (stopped()) return;
      let entries: fsModule.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        skipped += 1;
        return;
      }
      folders += 1;
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (visited >= req.maxVisited) truncated = true;
        if (stopped()) return;
        visited += 1;
        const childReal = real.endsWith(req.sep) ? real + entry.name : real + req.sep + entry.name;
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        // Pruned with the sandbox's own regexes: a denied or excluded folder is never entered.
        if (deny?.(toGlob(childReal)) || protect?.test(childReal) || exclude?.(childRel)) continue;
        const kind = kindOf(entry);
        rels.push(childRel);
        kinds.push(kind);
        if (rels.length >= BATCH) flush();
        if (kind !== 1 || depth + 1 >= req.maxDepth) continue;
        if (!procFd) {
          visit(childReal, childReal, childRel, depth + 1);
          continue;
        }
        let child: number;
        try {
          // Through the parent's fd and without following links: a folder swapped for a link is not entered.
          child = fs.openSync(`${dir}/${entry.name}`, O_PATH | DIRECTORY | NOFOLLOW);
        } catch {
          skipped += 1;
          continue;
        }
        try {
          visit(`/proc/self/fd/${child}`, childReal, childRel, depth + 1);
        } finally {
          fs.closeSync(child);
        }
      }
    };

    if (!procFd) {
      visit(req.start, req.start, '', 0);
    } else {
      const fd = fs.openSync(req.start, O_PATH | DIRECTORY);
      try {
        // The start is opened again here: it must still be the folder the sandbox checked.
        if (fs.readlinkSync(`/proc/self/fd/${fd}`) !== req.start)
          throw Object.assign(new Error('moved'), { code: 'ECHANGED' });
        visit(`/proc/self/fd/${fd}`, req.start, '', 0);
      } finally {
        fs.closeSync(fd);
      }
    }
    flush();
    return { folders, skipped, truncated };
  };

  // Requests come in batches and their answers go back in one message: one wake-up each way.
  port.on('message', (batch: Array<{ id: number; req: WorkerRequest }>) => {
    const answers: unknown[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const { id, req } of batch) {
      try {
        if (req.op === 'read') {
          const done = read(req);
          answers.push({ id, ok: done.answer });
          transfer.push(...done.transfer);
        } else if (req.op === 'stat') {
          answers.push({ id, ok: stat(req) });
        } else if (req.op === 'list') {
          answers.push({ id, ok: list(req) });
        } else {
          answers.push({ id, ok: walk(id, req) });
        }
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        answers.push({ id, error: { code: e.code ?? 'EUNKNOWN', message: String(e.message) } });
      }
    }
    port.postMessage(answers, transfer);
  });
}
