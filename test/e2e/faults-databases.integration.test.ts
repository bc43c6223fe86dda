/**
 * Databases that change under a running BUILT server: deleted, replaced by a rename, or corrupted.
 * Calls answer for the file the policy's path names now, never from a stale handle; health says how
 * each database is; no worker outlives the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/in-memory.js';
import { childPids, waitForChildren, waitForExit } from '../helpers/processes.js';
import { databasePolicy, makeSqliteFixture } from '../helpers/sqlite.js';
import { checkNamed, startObserved, type ObservedServer } from '../helpers/status.js';
import { tempDir, writePolicy } from '../helpers/temp.js';

const PAGE = 4096;

async function serveShop(access: 'read' | 'write' = 'write') {
  const fixture = makeSqliteFixture();
  const home = tempDir();
  writePolicy(path.join(home, 'policy.json'), databasePolicy([{ name: 'shop', path: fixture.shop, access }]));
  const server = await startObserved(home);
  const call = (name: string, args: Record<string, unknown>) => server.client.callTool({ name, arguments: args });
  const firstName = async () =>
    (await call('read_query', { database: 'shop', sql: 'SELECT name FROM customers WHERE id = 1' }))
      .structuredContent as { rows?: unknown[][] } | undefined;
  return { fixture, server, call, firstName };
}

/** A different database, built beside `file` and renamed over it (as a restore from backup would). */
function replaceDatabase(file: string, name: string): void {
  const next = `${file}.next`;
  const db = new Database(next);
  db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  db.prepare('INSERT INTO customers VALUES (1, ?)').run(name);
  db.close();
  fs.renameSync(next, file);
}

/** Closes the server and proves its database workers went with it. */
async function closeWithoutOrphans(server: ObservedServer, workers: number[]): Promise<void> {
  const all = [...new Set([...workers, ...childPids(server.pid!)])];
  await server.close();
  await waitForExit(all, 'the database workers to exit');
}

describe('a database deleted or replaced while serving', () => {
  it('deleted: reads and writes answer NOT_FOUND, health says so, and a new file is served', async () => {
    const { fixture, server, call, firstName } = await serveShop();
    expect((await firstName())?.rows).toEqual([['Ana']]);
    const write = { database: 'shop', sql: "INSERT INTO customers (name) VALUES ('Eve')" };
    expect(errorOf(await call('write_query', write))).toBeUndefined();
    const workers = await waitForChildren(server.pid!);

    fs.rmSync(fixture.shop);
    // The workers still hold the unlinked file open; they must not answer from it, nor write into it.
    const read = await call('read_query', { database: 'shop', sql: 'SELECT name FROM customers' });
    expect(errorOf(read)).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(read)).not.toMatch(/Ana|Eve/);
    expect(errorOf(await call('write_query', write))).toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.existsSync(fixture.shop)).toBe(false);
    const health = await server.health();
    expect(checkNamed(health, 'database:shop')).toMatchObject({ status: 'degraded', message: /ENOENT/ });
    expect(health.status).toBe('degraded');
    expect(await server.stillServes()).toBe(true);

    replaceDatabase(fixture.shop, 'Newcomer');
    expect((await firstName())?.rows).toEqual([['Newcomer']]);
    expect(checkNamed(await server.health(), 'database:shop')?.status).toBe('healthy');
    await closeWithoutOrphans(server, workers);
  });

  it('replaced by a rename: reads see the new file and writes land in it', async () => {
    const { fixture, server, call, firstName } = await serveShop();
    expect((await firstName())?.rows).toEqual([['Ana']]);
    expect(errorOf(await call('write_query', { database: 'shop', sql: 'DELETE FROM orders' }))).toBeUndefined();
    const workers = await waitForChildren(server.pid!);

    replaceDatabase(fixture.shop, 'Zed');
    expect((await firstName())?.rows).toEqual([['Zed']]);
    const inserted = await call('write_query', {
      database: 'shop',
      sql: 'INSERT INTO customers (name) VALUES (?)',
      params: ['written after the swap'],
    });
    expect(inserted.structuredContent).toMatchObject({ changes: 1, lastInsertRowid: 2 });
    const onDisk = new Database(fixture.shop, { readonly: true });
    expect(onDisk.prepare('SELECT name FROM customers ORDER BY id').pluck().all()).toEqual([
      'Zed',
      'written after the swap',
    ]);
    onDisk.close();
    const health = await server.health({ quickCheck: true });
    expect(checkNamed(health, 'database:shop')).toMatchObject({ status: 'healthy', message: /quick_check ok/ });
    await closeWithoutOrphans(server, workers);
  });
});

/** A database of several pages whose table b-tree has one page overwritten with garbage. */
function corruptDatabase(dir: string): string {
  const file = path.join(dir, 'broken.db');
  const db = new Database(file);
  db.pragma(`page_size = ${PAGE}`);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX notes_body ON notes(body)');
  const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i += 1) insert.run(`note ${i} `.repeat(10));
  })();
  db.close();
  const pages = fs.statSync(file).size / PAGE;
  expect(pages).toBeGreaterThan(20);
  // A page in the middle: the header (page 1) and the schema stay readable, so the file still opens.
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(PAGE, 0xa5), 0, PAGE, Math.floor(pages / 2) * PAGE);
  fs.closeSync(fd);
  return file;
}

describe('/health?quick_check=1', () => {
  it('runs PRAGMA quick_check on each database only when asked, and reports a corrupt one', async () => {
    const fixture = makeSqliteFixture();
    const broken = corruptDatabase(fixture.dir);
    const home = tempDir();
    writePolicy(
      path.join(home, 'policy.json'),
      databasePolicy([
        { name: 'shop', path: fixture.shop, access: 'read' },
        { name: 'broken', path: broken, access: 'read' },
      ]),
    );
    const server = await startObserved(home);

    const plain = await server.health();
    expect(checkNamed(plain, 'database:broken')).toMatchObject({ status: 'healthy', message: 'file readable' });
    expect(childPids(server.pid!)).toEqual([]);

    const checked = await server.health({ quickCheck: true });
    expect(checkNamed(checked, 'database:shop')).toMatchObject({ status: 'healthy', message: /quick_check ok/ });
    const bad = checkNamed(checked, 'database:broken')!;
    expect(bad.status).toBe('degraded');
    expect(bad.message).toMatch(/quick_check (found problems|failed)/);
    expect(bad.message).not.toMatch(/note \d/);
    expect(bad.durationMs).toBeGreaterThanOrEqual(0);
    expect(checked.status).toBe('degraded');
    expect(await server.stillServes()).toBe(true);
    await closeWithoutOrphans(server, childPids(server.pid!));
  });
});
