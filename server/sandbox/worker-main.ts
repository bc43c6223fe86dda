/**
 * The body of an fs worker thread. It is serialised with Function.prototype.toString and started with
 * `eval`, so it must stay self-contained: no imports, only the modules it is handed. It runs syscalls
 * and reports what they found; every decision about roots, links and the policy is the sandbox's, on
 * the main thread, except the pruning of a walk (worker-walk.ts), which uses the very globs the
 * sandbox compiled.
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
  WorkerMessage,
  WorkerRequest,
} from './worker-protocol.js';
import type { NativeDirs } from './native-dirs.js';
import type { TreeText } from './tree-text.js';
import type { GrepKit, workerWalk } from './worker-walk.js';

/** What a worker is handed besides fs and worker_threads: its operations and the walk, serialised too. */
export interface WorkerHelpers {
  readonly ops: typeof fsOperations;
  readonly walk: typeof workerWalk;
  readonly Tree: typeof TreeText;
  readonly grep: Omit<GrepKit, 'files'>;
  /** Loads native/dirs.c from the path the sandbox found it at; null if it does not load. */
  readonly loadNative: (file: string) => NativeDirs | null;
}

/** The cheap operations, each a handful of synchronous syscalls: run by a worker, or inline (inline.ts). */
export interface FsOperations {
  read(req: ReadRequest): { answer: ReadAnswer; transfer: ArrayBuffer[] };
  stat(req: StatRequest): StatAnswer;
  list(req: ListRequest): ListAnswer;
  /** Opens a file to read it: never waits on a FIFO, follows a link in the last component only if asked. */
  openForRead(path: string, follow: boolean): number;
  /** What an open fd is: natively without building a Stats object where the module is loaded. */
  factsOfFd(fd: number): FileFacts;
  /** Only a regular file within the limit is read: a FIFO or a device is described, never read. */
  readable(facts: FileFacts, maxBytes: number): boolean;
  /** Reads the first `size` bytes of an open file into `buffer`; returns how many there were. */
  readInto(fd: number, buffer: Buffer, size: number): number;
  /**
   * Opens a folder to list it, natively without crossing a link: its fd, or -1 where that cannot be done
   * (with `plainOnly`, the open's error is thrown instead).
   */
  openFolder(path: string): number;
  /** Lists an open folder: [names, kinds], kinds numbered as in ListAnswer. */
  readFolder(fd: number): [string[], number[]];
}

/**
 * The cheap operations on a given fs module. Serialised into the worker like fsWorkerMain, so it must
 * stay self-contained too. `plainOnly` (the inline route): where the native open without links fails,
 * its error is thrown instead of taking the slower road, which may follow a link anywhere.
 */
export function fsOperations(
  fs: typeof fsModule,
  procFd: boolean,
  dirs: NativeDirs | null,
  plainOnly = false,
): FsOperations {
  const C = fs.constants;
  const O_PATH = 0o10000000;
  const SAFE = (C.O_NONBLOCK ?? 0) | (C.O_NOCTTY ?? 0);
  const NOFOLLOW = C.O_NOFOLLOW ?? 0;
  const DIRECTORY = C.O_DIRECTORY ?? 0;

  /** The kind of entry a stat mode names (the type bits Stats.isFile() and the like test). */
  const kindOfMode = (mode: number): FileFacts['kind'] => {
    switch (mode & C.S_IFMT) {
      case C.S_IFREG:
        return 'file';
      case C.S_IFDIR:
        return 'directory';
      case C.S_IFLNK:
        return 'symlink';
      case C.S_IFIFO:
        return 'fifo';
      case C.S_IFSOCK:
        return 'socket';
      case C.S_IFCHR:
      case C.S_IFBLK:
        return 'device';
      default:
        return 'other';
    }
  };

  const factsOf = (st: fsModule.Stats): FileFacts => ({
    kind: kindOfMode(st.mode),
    dev: st.dev,
    ino: st.ino,
    mode: st.mode,
    size: st.size,
    mtimeMs: st.mtimeMs,
    atimeMs: st.atimeMs,
    birthtimeMs: st.birthtimeMs,
  });

  /** statFd's numbers, reused: every use is synchronous. */
  const stat8 = new Float64Array(8);
  const factsOfFd = (fd: number): FileFacts => {
    if (!dirs) return factsOf(fs.fstatSync(fd));
    dirs.statFd(fd, stat8);
    const mode = stat8[0]!;
    return {
      kind: kindOfMode(mode),
      dev: stat8[1]!,
      ino: stat8[2]!,
      mode,
      size: stat8[3]!,
      mtimeMs: stat8[4]!,
      atimeMs: stat8[5]!,
      birthtimeMs: stat8[6]!,
    };
  };

  const kindOf = (entry: fsModule.Dirent) =>
    entry.isFile() ? 0 : entry.isDirectory() ? 1 : entry.isSymbolicLink() ? 2 : 3;

  /** Where an open fd really is; elsewhere than Linux, the path if it still names the same inode. */
  const whereIs = (fd: number, path: string, st: { dev: number; ino: number }): string => {
    if (procFd) return fs.readlinkSync(`/proc/self/fd/${fd}`);
    const now = fs.lstatSync(path);
    return now.dev === st.dev && now.ino === st.ino ? path : '';
  };

  /**
   * Opens `path` without crossing a link, natively: then it is where its path says, with no need to ask
   * /proc. -1 where that cannot be done (no module, a link on the way, an odd path or an old kernel) or
   * the error is one the slower road must tell apart (a folder that cannot be read, say): the caller
   * then opens it the usual way, and that open decides.
   */
  const openPlain = (path: string, flags: number): number => {
    if (!dirs) return -1;
    try {
      return dirs.openNoLinks(path, flags);
    } catch (error) {
      if (plainOnly || (error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
      return -1;
    }
  };

  /** Closes an fd; natively if openPlain opened it. */
  const closeFd = (fd: number, plain: boolean) => (plain ? dirs!.close(fd) : fs.closeSync(fd));

  const listPath = (dir: string): [string[], number[]] => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    return [entries.map((e) => e.name), entries.map(kindOf)];
  };
  /** Splits what dirs.readDir gives into names and kinds. */
  const fromListing = (listing: string): [string[], number[]] => {
    const names: string[] = [];
    const kinds: number[] = [];
    for (let at = 0; at < listing.length;) {
      const end = listing.indexOf('/', at);
      kinds.push(listing.charCodeAt(at) - 48);
      names.push(listing.slice(at + 1, end));
      at = end + 1;
    }
    return [names, kinds];
  };
  const readFolder = (fd: number): [string[], number[]] =>
    dirs ? fromListing(dirs.readDir(fd)) : listPath(`/proc/self/fd/${fd}`);

  const openFolder = (path: string) => openPlain(path, C.O_RDONLY | DIRECTORY | SAFE);
  const openForRead = (path: string, follow: boolean) => fs.openSync(path, C.O_RDONLY | SAFE | (follow ? 0 : NOFOLLOW));
  const readable = (facts: FileFacts, maxBytes: number) => facts.kind === 'file' && facts.size <= maxBytes;
  const readInto = (fd: number, buffer: Buffer, size: number) => {
    if (dirs) return dirs.readInto(fd, buffer, size);
    let filled = 0;
    while (filled < size) {
      const n = fs.readSync(fd, buffer, filled, size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return filled;
  };

  const read = (req: ReadRequest): { answer: ReadAnswer; transfer: ArrayBuffer[] } => {
    const plain = openPlain(req.path, C.O_RDONLY | SAFE);
    const fd = plain === -1 ? openForRead(req.path, req.follow) : plain;
    try {
      const facts = factsOfFd(fd);
      const real = plain === -1 ? whereIs(fd, req.path, facts) : req.path;
      if (!readable(facts, req.maxBytes)) return { answer: { real, facts }, transfer: [] };
      const buffer = Buffer.allocUnsafeSlow(facts.size);
      const filled = readInto(fd, buffer, facts.size);
      const bytes = buffer.buffer as ArrayBuffer;
      return { answer: { real, facts, bytes, length: filled }, transfer: [bytes] };
    } finally {
      closeFd(fd, plain !== -1);
    }
  };

  const stat = (req: StatRequest): StatAnswer => {
    if (!procFd) {
      const real = fs.realpathSync.native(req.path);
      return { real, facts: factsOf(fs.lstatSync(real)) };
    }
    const plain = openPlain(req.path, O_PATH);
    const fd = plain === -1 ? fs.openSync(req.path, O_PATH) : plain;
    try {
      const real = plain === -1 ? fs.readlinkSync(`/proc/self/fd/${fd}`) : req.path;
      return { real, facts: factsOfFd(fd) };
    } finally {
      closeFd(fd, plain !== -1);
    }
  };

  const list = (req: ListRequest): ListAnswer => {
    // A folder opened without crossing a link is listed through that fd. Otherwise: O_PATH without
    // O_DIRECTORY, since the sandbox checks where a path leads before what it is.
    const plain = procFd ? openFolder(req.path) : -1;
    let fd = plain;
    let real: string;
    if (plain !== -1) {
      real = req.path;
    } else if (procFd) {
      fd = fs.openSync(req.path, O_PATH);
      real = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } else {
      real = fs.realpathSync.native(req.path);
    }
    try {
      const dir = fd === -1 ? real : `/proc/self/fd/${fd}`;
      let names: string[];
      let kinds: number[];
      try {
        [names, kinds] = plain !== -1 ? readFolder(fd) : listPath(dir);
      } catch (error) {
        // readdir opens with O_DIRECTORY, which refuses anything but a folder before opening it (a FIFO
        // or a device included): one syscall fewer than asking what it is first, on every platform.
        if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return { real, folder: false, names: [], kinds: [] };
        throw error;
      }
      const answer: ListAnswer = { real, folder: true, names, kinds };
      if (!req.sizes) return answer;
      const sizes: number[] = [];
      const mtimes: number[] = [];
      names.forEach((name, i) => {
        let size = -1;
        let mtime = -1;
        if (kinds[i] === 0) {
          try {
            const st = fs.lstatSync(`${dir}/${name}`);
            size = st.size;
            mtime = st.mtimeMs;
          } catch {
            // Removed meanwhile: listed without a size.
          }
        }
        sizes.push(size);
        mtimes.push(mtime);
      });
      return { ...answer, sizes, mtimes };
    } finally {
      if (fd !== -1) closeFd(fd, plain !== -1);
    }
  };

  return { read, stat, list, openForRead, factsOfFd, readable, readInto, openFolder, readFolder };
}

/** Runs in the worker: answers requests from the sandbox until the worker is terminated. */
export function fsWorkerMain(fs: typeof fsModule, threads: typeof threadsModule, helpers: WorkerHelpers): void {
  const port = threads.parentPort!;
  const { procFd, stops, native } = threads.workerData as {
    procFd: boolean;
    stops: SharedArrayBuffer;
    native: string | null;
  };
  const stopFlags = new Int32Array(stops);
  const dirs = native ? helpers.loadNative(native) : null;
  const ops = helpers.ops(fs, procFd, dirs);
  const grep: GrepKit = { ...helpers.grep, files: ops };

  // Requests come in batches and their answers go back in one message: one wake-up each way.
  port.on('message', (batch: Array<{ id: number; req: WorkerRequest }>) => {
    const answers: unknown[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const { id, req } of batch) {
      try {
        if (req.op === 'read') {
          const done = ops.read(req);
          answers.push({ id, ok: done.answer });
          transfer.push(...done.transfer);
        } else if (req.op === 'stat') {
          answers.push({ id, ok: ops.stat(req) });
        } else if (req.op === 'list') {
          answers.push({ id, ok: ops.list(req) });
        } else {
          const post = (message: WorkerMessage) => port.postMessage(message);
          answers.push({ id, ok: helpers.walk(fs, post, stopFlags, procFd, dirs, helpers.Tree, grep, id, req) });
        }
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        answers.push({ id, error: { code: e.code ?? 'EUNKNOWN', message: String(e.message) } });
      }
    }
    port.postMessage(answers, transfer);
  });
}
