/**
 * LogReader: the server log for the dashboard and `gatehouse logs`. Pages backwards through history a
 * chunk at a time (never a whole file), across winston's rotated files, and follows new lines live.
 */
import type { FileHandle } from 'node:fs/promises';
import { listLogFiles, LogFilesMoving, openListed, type LogFile } from './log-files.js';
import { matchesFilter, parseLogLine, type LogEntry, type LogFilter } from './log-entry.js';
import { watchFile, type FileWatch } from './watch-file.js';

/** Where a page stopped: entries before `offset` in the file whose identity is `file`. */
export interface LogCursor {
  file: string;
  offset: number;
}

/** One page of history, oldest entry first. */
export interface LogPage {
  entries: LogEntry[];
  /** Pass it back for the page before; null once history is exhausted. */
  next: LogCursor | null;
  /** Bytes read for this page, so tests (and the curious) can see that history is not read whole. */
  scannedBytes: number;
}

/** Tuning of a reader; the defaults suit the dashboard. */
export interface LogReaderOptions {
  chunkBytes?: number;
  /** A page stops after scanning this much, returning a cursor to go on, so a rare filter never stalls. */
  scanBudgetBytes?: number;
  /** How often a follower looks for new lines even without a file event. */
  pollMs?: number;
}

const NEWLINE = 0x0a;

/** A live follow; close() stops it. */
export type LogFollow = FileWatch;

/** Reads `server.log` and its rotated predecessors. */
export class LogReader {
  private readonly chunkBytes: number;
  private readonly scanBudgetBytes: number;
  private readonly pollMs: number;

  constructor(
    readonly logFile: string,
    options: LogReaderOptions = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? 64 * 1024;
    this.scanBudgetBytes = options.scanBudgetBytes ?? 16 * 1024 * 1024;
    this.pollMs = options.pollMs ?? 2000;
  }

  /** The `limit` newest matching entries before `before` (or the end of the log). */
  async page(filter: LogFilter, limit: number, before?: LogCursor): Promise<LogPage> {
    for (let attempt = 0; ; attempt += 1) {
      const page = await this.pageOnce(filter, limit, before);
      // A file rotated while we read: take the listing again (a page is cheap).
      if (page !== 'moved') return page;
      if (attempt === 3) return { entries: [], next: before ?? null, scannedBytes: 0 };
    }
  }

  private async pageOnce(filter: LogFilter, limit: number, before?: LogCursor): Promise<LogPage | 'moved'> {
    const files = await listLogFiles(this.logFile).catch((error: unknown) => {
      if (error instanceof LogFilesMoving) return null;
      throw error;
    });
    if (!files) return 'moved';
    let index = before ? files.findIndex((f) => f.id === before.file) : 0;
    // The cursor's file has rotated out of existence: there is nothing older left to read.
    if (index < 0 || files.length === 0) return { entries: [], next: null, scannedBytes: 0 };
    const found: LogEntry[] = [];
    let scanned = 0;
    for (; index < files.length; index += 1) {
      const file = files[index]!;
      const opened = await openListed(file);
      if (!opened) return 'moved';
      const { handle, size } = opened;
      try {
        const end =
          before && file.id === before.file
            ? before.offset
            : await completeEnd(handle, size, file.generation > 0, this.chunkBytes);
        for await (const line of linesBackwards(handle, end, this.chunkBytes)) {
          scanned += line.bytes;
          const entry = parseLogLine(line.text);
          if (entry && matchesFilter(entry, line.text, filter)) found.push(entry);
          const cursor = { file: file.id, offset: line.start };
          if (found.length >= limit || scanned >= this.scanBudgetBytes) {
            const more = line.start > 0 || index + 1 < files.length;
            return { entries: found.reverse(), next: more ? cursor : null, scannedBytes: scanned };
          }
          // Lines are written in time order: once past `since`, older lines cannot match.
          if (filter.since && entry && entry.timestamp < filter.since) {
            return { entries: found.reverse(), next: null, scannedBytes: scanned };
          }
        }
      } finally {
        await handle.close();
      }
    }
    return { entries: found.reverse(), next: null, scannedBytes: scanned };
  }

  /** Calls `onEntries` with each batch of new matching lines, from now on, across rotations. */
  async follow(filter: LogFilter, onEntries: (entries: LogEntry[]) => void): Promise<LogFollow> {
    const emit = (lines: string[]) => {
      const entries: LogEntry[] = [];
      for (const line of lines) {
        const entry = parseLogLine(line);
        if (entry && matchesFilter(entry, line, filter)) entries.push(entry);
      }
      if (entries.length > 0) onEntries(entries);
    };
    // Where reading goes on: a file (by identity, whatever its name now) and the offset after what was
    // read of it. It is never forgotten, not even once its file is finished: the files to read next are
    // exactly those newer than it, however many rotations a slow look missed. None: every file is new.
    let position: { id: string; offset: number } | undefined;
    const start = (await listLogFiles(this.logFile))[0];
    const opened = start && (await openListed(start));
    if (opened) {
      const end = await completeEnd(opened.handle, opened.size, start.generation > 0, this.chunkBytes).finally(() =>
        opened.handle.close(),
      );
      position = { id: start.id, offset: end };
    } else if (start) {
      position = { id: start.id, offset: start.size };
    }
    const read = async (file: LogFile, offset: number, finished: boolean) => {
      const offsetAfter = await readForward(file, offset, finished, this.chunkBytes, emit);
      // A file that moved is read on the next look, from the same place: nothing lost, nothing twice.
      if (offsetAfter === null) throw new FileMoved();
      position = { id: file.id, offset: offsetAfter };
    };
    const check = async () => {
      const files = await listLogFiles(this.logFile);
      const live = files.find((f) => f.generation === 0);
      if (live?.id !== position?.id) {
        // Rotated, maybe more than once: finish the old file under its new name, then every file
        // rotated after it, oldest first; the new live file is read from the top below. A file no
        // longer listed (the listing is consistent) was rotated out: every file kept is newer.
        const at = position ? files.findIndex((f) => f.id === position!.id) : -1;
        const from = position && at >= 0 ? position.offset : 0;
        for (let i = at >= 0 ? at : files.length - 1; i >= 0 && files[i]!.generation > 0; i -= 1) {
          await read(files[i]!, i === at ? from : 0, true);
        }
      }
      if (!live) return;
      const from = position?.id === live.id && position.offset <= live.size ? position.offset : 0;
      await read(live, from, false);
    };
    // File events and the poll share one queue: two checks at once would read the same lines twice.
    let queue: Promise<void> = Promise.resolve();
    const run = () => (queue = queue.then(check).catch(() => {}));
    const watch = await watchFile(this.logFile, run);
    const timer = setInterval(run, this.pollMs);
    timer.unref();
    return {
      async close() {
        clearInterval(timer);
        await watch.close();
      },
    };
  }
}

/** Yields complete lines ending before `end`, newest first, reading `chunkBytes` at a time. */
async function* linesBackwards(
  handle: FileHandle,
  end: number,
  chunkBytes: number,
): AsyncGenerator<{ text: string; start: number; bytes: number }> {
  let pos = end;
  let carry = Buffer.alloc(0);
  while (pos > 0) {
    const size = Math.min(chunkBytes, pos);
    pos -= size;
    const chunk = Buffer.alloc(size);
    await handle.read(chunk, 0, size, pos);
    const buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
    let lineEnd = buf.length;
    for (let i = buf.length - 1; i >= 0; i -= 1) {
      if (buf[i] !== NEWLINE) continue;
      if (lineEnd > i + 1) yield { text: buf.toString('utf8', i + 1, lineEnd), start: pos + i + 1, bytes: lineEnd - i };
      lineEnd = i;
    }
    carry = buf.subarray(0, lineEnd);
  }
  if (carry.length) yield { text: carry.toString('utf8'), start: 0, bytes: carry.length };
}

/** The end of the last complete line: a line still being written is left for the next look. */
async function completeEnd(handle: FileHandle, size: number, finished: boolean, chunkBytes: number): Promise<number> {
  // A rotated file is finished: its last line is complete even without a newline.
  if (finished) return size;
  let pos = size;
  while (pos > 0) {
    const length = Math.min(chunkBytes, pos);
    pos -= length;
    const chunk = Buffer.alloc(length);
    await handle.read(chunk, 0, length, pos);
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= 0) return pos + last + 1;
  }
  return 0;
}

/** Reads complete lines from `offset` forward; the offset after the last, or null if the file moved. */
async function readForward(
  file: LogFile,
  offset: number,
  finished: boolean,
  chunkBytes: number,
  emit: (lines: string[]) => void,
): Promise<number | null> {
  const opened = await openListed(file);
  if (!opened) return null;
  const { handle, size } = opened;
  try {
    let pos = offset;
    let carry = Buffer.alloc(0);
    const step = Math.max(chunkBytes, 1024 * 1024);
    while (pos + carry.length < size) {
      const length = Math.min(step, size - pos - carry.length);
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, pos + carry.length);
      if (bytesRead === 0) break;
      const buf = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const last = buf.lastIndexOf(NEWLINE);
      if (last < 0) {
        carry = buf;
        continue;
      }
      emit(buf.toString('utf8', 0, last).split('\n').filter(Boolean));
      pos += last + 1;
      carry = buf.subarray(last + 1);
    }
    if (finished && carry.length) {
      emit([carry.toString('utf8')]);
      pos += carry.length;
    }
    return pos;
  } finally {
    await handle.close();
  }
}

/** A file changed its name while being read; the next look starts over from the kept position. */
class FileMoved extends Error {}
