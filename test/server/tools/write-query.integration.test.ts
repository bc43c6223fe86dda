import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startHarness, type Harness } from '../../helpers/in-memory.js';
import {
  databasePolicy,
  makeSqliteFixture,
  removeSharedDir,
  sharedDir,
  snapshotDir,
  type SqliteFixture,
} from '../../helpers/sqlite.js';

let harness: Harness | undefined;
const connections: Database.Database[] = [];
afterEach(async () => {
  for (const db of connections.splice(0)) if (db.open) db.close();
  await harness?.close();
  harness = undefined;
});

async function serve(fixture: SqliteFixture, limits: Record<string, number> = {}): Promise<Harness> {
  harness = await startHarness({
    policy: databasePolicy(
      [
        { name: 'shop', path: fixture.shop, access: 'write' },
        { name: 'secret', path: fixture.secret, access: 'read' },
      ],
      limits,
    ),
  });
  return harness;
}

/** A connection of the test process itself: another process than the server's workers. */
function otherConnection(file: string): Database.Database {
  const db = new Database(file, { timeout: 0 });
  connections.push(db);
  return db;
}

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
  } finally {
    db.close();
  }
};

describe('write_query', () => {
  it('applies one statement and reports changes and the last rowid', async () => {
    const fixture = makeSqliteFixture();
    const h = await serve(fixture);
    const inserted = await h.call('write_query', {
      database: 'shop',
      sql: 'INSERT INTO customers (name, email) VALUES (?, ?)',
      params: ['Di', 'di@example.com'],
    });
    expect(inserted.structuredContent).toEqual({ changes: 1, lastInsertRowid: 4 });
    const updated = await h.call('write_query', {
      database: 'shop',
      sql: 'UPDATE orders SET total = total + :delta WHERE customer_id = :who',
      params: { delta: 1, who: 1 },
    });
    expect(updated.structuredContent).toMatchObject({ changes: 17 });
    expect(count(fixture.shop, 'customers')).toEqual({ n: 4 });
  });

  it('is offered only when some database is writable, and refuses a read-only one with READ_ONLY', async () => {
    const fixture = makeSqliteFixture();
    const h = await serve(fixture);
    expect((await h.client.listTools()).tools.map((t) => t.name)).toContain('write_query');
    const refused = await h.call('write_query', { database: 'secret', sql: 'DELETE FROM keys' });
    expect(errorOf(refused)?.code).toBe('READ_ONLY');
    expect(count(fixture.secret, 'keys')).toEqual({ n: 1 });
    await h.close();
    harness = await startHarness({ policy: databasePolicy([{ name: 'shop', path: fixture.shop, access: 'read' }]) });
    expect((await harness.client.listTools()).tools.map((t) => t.name)).not.toContain('write_query');
  });

  it('applies all of a statement or none of it', async () => {
    const fixture = makeSqliteFixture();
    const h = await serve(fixture);
    const duplicate = await h.call('write_query', {
      database: 'shop',
      sql: "INSERT INTO customers (id, name) VALUES (10, 'new'), (11, 'newer'), (1, 'duplicate id')",
    });
    expect(errorOf(duplicate)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/UNIQUE/) });
    expect(count(fixture.shop, 'customers')).toEqual({ n: 3 });
  });

  it('stops a runaway write at the timeout, applies none of it, and keeps the file sound', async () => {
    const fixture = makeSqliteFixture();
    const h = await serve(fixture, { queryTimeoutMs: 500 });
    const started = performance.now();
    const runaway = await h.call('write_query', {
      database: 'shop',
      sql: 'INSERT INTO orders (customer_id, total) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 1, x FROM c',
    });
    expect(errorOf(runaway)?.code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(5000);
    const next = await h.call('write_query', {
      database: 'shop',
      sql: "INSERT INTO customers (name) VALUES ('after')",
    });
    expect(errorOf(next)).toBeUndefined();
    const read = await h.call('read_query', { database: 'shop', sql: 'SELECT count(*) FROM orders' });
    expect((read.structuredContent as { rows: unknown[][] }).rows).toEqual([[50]]);
    const check = new Database(fixture.shop, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('answers DATABASE_BUSY with retryAfterMs while another process holds the lock, then writes', async () => {
    const fixture = makeSqliteFixture();
    const h = await serve(fixture, { queryTimeoutMs: 1000 });
    const holder = otherConnection(fixture.shop);
    holder.exec('BEGIN EXCLUSIVE');
    const busy = await h.call('write_query', { database: 'shop', sql: "INSERT INTO customers (name) VALUES ('x')" });
    expect(errorOf(busy)).toMatchObject({ code: 'DATABASE_BUSY', category: 'external_error' });
    expect(errorOf(busy)!.retryAfterMs).toBeGreaterThan(0);
    const busyRead = await h.call('read_query', { database: 'shop', sql: 'SELECT count(*) FROM customers' });
    expect(errorOf(busyRead)?.code).toBe('DATABASE_BUSY');
    holder.exec('ROLLBACK');
    const after = await h.call('write_query', { database: 'shop', sql: "INSERT INTO customers (name) VALUES ('x')" });
    expect(after.structuredContent).toMatchObject({ changes: 1 });
  });

  it.each(['delete', 'wal'] as const)('leaves the journal mode %s as the owner set it', async (mode) => {
    const fixture = makeSqliteFixture(mode);
    const h = await serve(fixture);
    await h.call('write_query', { database: 'shop', sql: 'CREATE TABLE notes (body TEXT)' });
    await h.call('write_query', { database: 'shop', sql: "INSERT INTO notes VALUES ('hi')" });
    await h.close();
    harness = undefined;
    const db = new Database(fixture.shop, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe(mode);
    expect(db.prepare('SELECT body FROM notes').pluck().all()).toEqual(['hi']);
    db.close();
  });
});

describe('write_query against hostile statements', () => {
  const attacks: Array<[string, (dir: string) => string, string]> = [
    ['ATTACH creating a new file', (dir) => `ATTACH '${path.join(dir, 'new.db')}' AS n`, 'ACCESS_DENIED'],
    ['ATTACH of a relative name', () => "ATTACH 'gatehouse-w-relative.db' AS r", 'ACCESS_DENIED'],
    ['VACUUM INTO a copy', (dir) => `VACUUM INTO '${path.join(dir, 'copy.db')}'`, 'ACCESS_DENIED'],
    ['VACUUM', () => 'VACUUM', 'ACCESS_DENIED'],
    [
      'load_extension in an insert',
      () => "INSERT INTO customers (name) SELECT load_extension('evil')",
      'ACCESS_DENIED',
    ],
    ['journal_mode = WAL', () => 'PRAGMA journal_mode = WAL', 'ACCESS_DENIED'],
    ['writable_schema', () => 'PRAGMA writable_schema = ON', 'ACCESS_DENIED'],
    [
      'a TEMP trigger that outlives the call',
      () => 'CREATE TEMP TRIGGER t AFTER INSERT ON customers BEGIN DELETE FROM orders; END',
      'ACCESS_DENIED',
    ],
    ['BEGIN leaving a transaction open', () => 'BEGIN IMMEDIATE', 'INVALID_INPUT'],
    ['a trailing second statement', () => 'DELETE FROM orders WHERE id = 1; DELETE FROM customers', 'INVALID_INPUT'],
    [
      'a trailing ATTACH',
      (dir) => `DELETE FROM orders WHERE id = 1; ATTACH '${path.join(dir, 'x.db')}' AS x`,
      'INVALID_INPUT',
    ],
  ];

  let fixture: SqliteFixture;
  let shared: Harness;
  beforeAll(async () => {
    fixture = makeSqliteFixture('delete', sharedDir());
    shared = await startHarness({
      home: sharedDir(),
      policy: databasePolicy([{ name: 'shop', path: fixture.shop, access: 'write' }]),
    });
  });
  afterAll(async () => {
    await shared.close();
    removeSharedDir(fixture.dir);
    removeSharedDir(shared.home);
  });

  it.each(attacks)('refuses %s, leaving every file byte-identical and creating none', async (_name, sqlFor, code) => {
    const before = snapshotDir(fixture.dir);
    const result = await shared.call('write_query', { database: 'shop', sql: sqlFor(fixture.dir) });
    expect(errorOf(result)?.code).toBe(code);
    expect(snapshotDir(fixture.dir)).toEqual(before);
    expect(fs.existsSync(path.resolve('gatehouse-w-relative.db'))).toBe(false);
  });
});
