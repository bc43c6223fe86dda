import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listLogFiles } from '../../../electron/core/log-files.js';
import type { LogEntry } from '../../../electron/core/log-entry.js';
import { LogReader, type LogCursor, type LogFollow } from '../../../electron/core/log-reader.js';
import { createServerLogger, logFilePath, type ServerLogger } from '../../../server/logging.js';
import { tempDir, waitFor, writeFile } from '../../helpers/temp.js';

const open: Array<ServerLogger | LogFollow> = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});

/** Waits until the clock shows a later millisecond, so that the next line's timestamp differs. */
async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() === now) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** The real server logger (winston, tailable size rotation), as a server process would have it. */
function serverLogger(home: string, pid: number, maxBytes = 1 << 20, maxFiles = 5): ServerLogger {
  const logger = createServerLogger({
    home,
    level: 'debug',
    toStderr: false,
    maxBytes,
    maxFiles,
    defaultMeta: { pid },
  });
  open.push(logger);
  return logger;
}

/** Appends `n` audit records numbered by durationMs, in the shape the server logger writes. */
function appendNumbered(file: string, from: number, n: number): void {
  const lines = Array.from({ length: n }, (_v, k) =>
    JSON.stringify({
      durationMs: from + k,
      kind: 'audit',
      level: 'info',
      message: 'tool call',
      paths: ['/data/'.padEnd(120, 'x')],
      pid: 1,
      timestamp: new Date(1.7e12 + (from + k) * 1000).toISOString(),
      tool: 'read_text_file',
      decision: 'allowed',
    }),
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, lines.join('\n') + '\n');
}

/** Rotates exactly as winston's File transport with `tailable: true` does (see its _checkMaxFilesTailable). */
function rotateLikeWinston(file: string, maxFiles: number): void {
  const ext = path.extname(file);
  const base = file.slice(0, -ext.length);
  for (let i = maxFiles - 1; i > 1; i -= 1) {
    if (fs.existsSync(`${base}${i - 1}${ext}`)) fs.renameSync(`${base}${i - 1}${ext}`, `${base}${i}${ext}`);
  }
  fs.renameSync(file, `${base}1${ext}`);
}

/** Writes records in runs of `perFile`, rotating after each run, as a busy server would. */
function writeRotating(file: string, from: number, n: number, perFile: number, maxFiles: number): void {
  for (let i = from; i < from + n; i += perFile) {
    if (fs.existsSync(file) && fs.statSync(file).size > 0) rotateLikeWinston(file, maxFiles);
    appendNumbered(file, i, Math.min(perFile, from + n - i));
  }
}

async function allPages(reader: LogReader, limit: number): Promise<number[]> {
  const seen: number[] = [];
  let cursor: LogCursor | undefined;
  for (;;) {
    const page = await reader.page({ kind: 'audit' }, limit, cursor);
    seen.unshift(...page.entries.map((e) => e.durationMs!));
    if (!page.next) return seen;
    cursor = page.next;
  }
}

describe('LogReader', () => {
  it('parses events and audit records and filters by level, tool, decision, instance, time and text', async () => {
    const home = tempDir();
    const a = serverLogger(home, 111);
    a.log.info('server started', { version: '1.2.3' });
    // Timestamps have millisecond resolution: the filters on time below need lines a millisecond apart.
    await nextMillisecond();
    a.audit(
      { tool: 'read_text_file', decision: 'allowed', durationMs: 1.5, paths: ['/notes/a.md'] },
      { name: 'claude-ai', version: '0.1' },
    );
    a.audit({
      tool: 'write_file',
      decision: 'refused',
      code: 'ACCESS_DENIED',
      durationMs: 0.2,
      paths: ['/etc/passwd'],
    });
    a.log.warn('policy file invalid', { problem: 'limits.maxRows: too big' });
    await a.close();
    open.splice(0);
    const b = serverLogger(home, 222);
    await nextMillisecond();
    b.audit({ tool: 'read_query', decision: 'allowed', durationMs: 3, database: 'notes', statementKind: 'SELECT' });
    await b.close();
    open.splice(0);

    const reader = new LogReader(logFilePath(home));
    const all = (await reader.page({}, 100)).entries;
    expect(all.map((e) => e.message)).toEqual([
      'server started',
      'tool call',
      'tool call',
      'policy file invalid',
      'tool call',
    ]);
    expect(all[0]).toMatchObject({ kind: 'event', level: 'info', pid: 111, details: { version: '1.2.3' } });
    expect(all[1]).toMatchObject({
      kind: 'audit',
      tool: 'read_text_file',
      decision: 'allowed',
      client: 'claude-ai',
      paths: ['/notes/a.md'],
    });
    expect(all[4]).toMatchObject({ pid: 222, database: 'notes', statementKind: 'SELECT' });

    const tools = async (filter: Parameters<LogReader['page']>[0]) =>
      (await reader.page(filter, 100)).entries.map((e) => e.tool ?? e.message);
    expect(await tools({ decision: 'refused' })).toEqual(['write_file']);
    expect(await tools({ tool: 'read_query' })).toEqual(['read_query']);
    expect(await tools({ levels: ['warn', 'error'] })).toEqual(['policy file invalid']);
    expect(await tools({ pid: 222 })).toEqual(['read_query']);
    expect(await tools({ text: 'ETC/PASSWD' })).toEqual(['write_file']);
    expect(await tools({ since: all[4]!.timestamp })).toEqual(['read_query']);
    expect(await tools({ until: all[0]!.timestamp, kind: 'event' })).toEqual(['server started']);
  });

  it('skips lines that are not log records', async () => {
    const home = tempDir();
    const file = writeFile(
      logFilePath(home),
      'garbage\n{"level":"info"}\n[1,2]\n{"level":"info","message":"ok","timestamp":"2025-01-01T00:00:00.000Z"}\n',
    );
    expect((await new LogReader(file).page({}, 10)).entries.map((e) => e.message)).toEqual(['ok']);
  });

  it('pages backwards across rotated files without gaps or repeats', async () => {
    const file = logFilePath(tempDir());
    writeRotating(file, 0, 150, 30, 4);
    const files = await listLogFiles(file);
    expect(files.map((f) => path.basename(f.path))).toEqual([
      'server.log',
      'server1.log',
      'server2.log',
      'server3.log',
    ]);
    const seen = await allPages(new LogReader(file, { chunkBytes: 1024 }), 7);
    // Four files of 30 kept: 30..149, each once, in order.
    expect(seen).toEqual(Array.from({ length: 120 }, (_v, i) => i + 30));
  });

  it('keeps its place when the log rotates between two pages', async () => {
    const file = logFilePath(tempDir());
    writeRotating(file, 0, 40, 30, 5);
    const reader = new LogReader(file, { chunkBytes: 512 });
    const first = await reader.page({ kind: 'audit' }, 10);
    expect(first.entries.map((e) => e.durationMs)).toEqual([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    writeRotating(file, 40, 60, 30, 5);
    const second = await reader.page({ kind: 'audit' }, 10, first.next!);
    expect(second.entries.map((e) => e.durationMs)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('reads the files the real server logger rotates (server.log, server1.log, ...) in order', async () => {
    const home = tempDir();
    const logger = serverLogger(home, 1, 4 * 1024, 4);
    for (let i = 0; i < 60; i += 1) {
      logger.audit({ tool: 'read_text_file', decision: 'allowed', durationMs: i, paths: ['/data/'.padEnd(120, 'x')] });
      // The logger writes in batches; pacing a few calls per batch lets it rotate as a busy server does.
      if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await logger.close();
    open.splice(0);
    const names = (await listLogFiles(logFilePath(home))).map((f) => path.basename(f.path));
    // server.log itself may be absent for a moment: the logger rotates right after the write that fills it.
    expect(names.slice(-3)).toEqual(['server1.log', 'server2.log', 'server3.log']);
    const seen = await allPages(new LogReader(logFilePath(home), { chunkBytes: 1024 }), 5);
    expect(seen.at(-1)).toBe(59);
    expect(seen).toEqual(Array.from({ length: seen.length }, (_v, i) => seen[0]! + i));
  });

  it('reads only the end of a large log for the newest page', async () => {
    const home = tempDir();
    const line = (i: number) =>
      JSON.stringify({ level: 'info', message: `event ${i}`, timestamp: new Date(1e12 + i).toISOString(), pid: 7 });
    const lines = Array.from({ length: 40_000 }, (_v, i) => line(i)).join('\n') + '\n';
    const file = writeFile(logFilePath(home), lines);
    expect(fs.statSync(file).size).toBeGreaterThan(3_000_000);
    const page = await new LogReader(file).page({}, 20);
    expect(page.entries.at(-1)!.message).toBe('event 39999');
    expect(page.scannedBytes).toBeLessThan(64 * 1024);
    // A filter that matches nothing stops at the scan budget and hands back a cursor to go on.
    const budgeted = await new LogReader(file, { scanBudgetBytes: 256 * 1024 }).page({ text: 'no such text' }, 20);
    expect(budgeted.entries).toEqual([]);
    expect(budgeted.next).not.toBeNull();
    expect(budgeted.scannedBytes).toBeLessThan(300 * 1024);
  });

  it('stops paging once past `since`', async () => {
    const home = tempDir();
    const lines = Array.from({ length: 10_000 }, (_v, i) =>
      JSON.stringify({ level: 'info', message: `e${i}`, timestamp: new Date(1e12 + i * 1000).toISOString() }),
    );
    const file = writeFile(logFilePath(home), lines.join('\n') + '\n');
    const page = await new LogReader(file).page({ since: new Date(1e12 + 9_990_000).toISOString() }, 100);
    expect(page.entries).toHaveLength(10);
    expect(page.next).toBeNull();
    expect(page.scannedBytes).toBeLessThan(64 * 1024);
  });

  it('leaves a line that is still being written for the next look', async () => {
    const home = tempDir();
    const file = writeFile(
      logFilePath(home),
      '{"level":"info","message":"done","timestamp":"2025-01-01T00:00:00Z"}\n{"level":"info","mess',
    );
    expect((await new LogReader(file).page({}, 10)).entries.map((e) => e.message)).toEqual(['done']);
  });

  it('follows new lines live across rotations, each exactly once, and filters them', async () => {
    const file = logFilePath(tempDir());
    appendNumbered(file, 0, 5);
    const got: LogEntry[] = [];
    const follow = await new LogReader(file, { pollMs: 100 }).follow({ tool: 'read_text_file' }, (batch) =>
      got.push(...batch),
    );
    open.push(follow);
    for (let run = 0; run < 6; run += 1) {
      appendNumbered(file, 5 + run * 20, 10);
      // Half a line first: it must wait until the rest of it arrives.
      const next = JSON.stringify({
        level: 'info',
        message: 'tool call',
        kind: 'audit',
        tool: 'read_text_file',
        decision: 'allowed',
        durationMs: 15 + run * 20,
        timestamp: new Date().toISOString(),
      });
      fs.appendFileSync(file, next.slice(0, 30));
      await new Promise((resolve) => setTimeout(resolve, 30));
      fs.appendFileSync(file, next.slice(30) + '\n');
      appendNumbered(file, 16 + run * 20, 9);
      fs.appendFileSync(
        file,
        JSON.stringify({ level: 'info', message: 'not a tool call', timestamp: new Date().toISOString() }) + '\n',
      );
      // Enough files kept that a follower slowed down by a busy machine still finds the one it was reading.
      rotateLikeWinston(file, 10);
    }
    await waitFor(() => got.length >= 120, 20_000, 'followed lines');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(got.map((e) => e.durationMs)).toEqual(Array.from({ length: 120 }, (_v, i) => i + 5));
  });

  it('follows a log that does not exist yet', async () => {
    const home = tempDir();
    const got: LogEntry[] = [];
    const follow = await new LogReader(logFilePath(home), { pollMs: 100 }).follow({}, (batch) => got.push(...batch));
    open.push(follow);
    const logger = serverLogger(home, 3);
    logger.log.info('first line');
    await waitFor(() => got.length === 1, 5000, 'first line');
    expect(got[0]!.message).toBe('first line');
  });
});
