import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logFilePath } from '../../../server/logging.js';
import { errorOf, startHarness, type Harness } from '../../helpers/in-memory.js';
import {
  CUSTOMERS,
  databasePolicy,
  makeSqliteFixture,
  removeSharedDir,
  sharedDir,
  snapshotDir,
  type SqliteFixture,
} from '../../helpers/sqlite.js';
import { waitFor } from '../../helpers/temp.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function serve(fixture: SqliteFixture, limits: Record<string, number> = {}): Promise<Harness> {
  harness = await startHarness({
    policy: databasePolicy([{ name: 'shop', path: fixture.shop, access: 'read' }], limits),
  });
  return harness;
}

type Rows = { columns: string[]; rows: unknown[][]; rowCount: number; truncated: boolean };

async function query(h: Harness, sql: string, extra: Record<string, unknown> = {}) {
  const result = await h.call('read_query', { database: 'shop', sql, ...extra });
  return { result, data: result.structuredContent as Rows, error: errorOf(result) };
}

describe('read_query', () => {
  it('returns columns, rows as arrays, rowCount and truncated, with the JSON as readable text', async () => {
    const h = await serve(makeSqliteFixture());
    const { result, data } = await query(h, 'SELECT id, name, email FROM customers ORDER BY id');
    expect(data).toEqual({
      columns: ['id', 'name', 'email'],
      rows: [
        [1, 'Ana', 'ana@example.com'],
        [2, 'Bo', 'bo@example.com'],
        [3, 'Cy', null],
      ],
      rowCount: 3,
      truncated: false,
    });
    expect(JSON.parse((result.content as Array<{ text: string }>)[0]!.text)).toEqual(data);
  });

  it("caps rows at the call's maxRows and at the policy's, and says there were more", async () => {
    const h = await serve(makeSqliteFixture(), { maxRows: 10 });
    const capped = await query(h, 'SELECT id FROM orders ORDER BY id', { maxRows: 4 });
    expect(capped.data).toMatchObject({ rowCount: 4, truncated: true, rows: [[1], [2], [3], [4]] });
    const policyCapped = await query(h, 'SELECT id FROM orders', { maxRows: 500 });
    expect(policyCapped.data).toMatchObject({ rowCount: 10, truncated: true });
    const exact = await query(h, 'SELECT id FROM orders WHERE id <= 10');
    expect(exact.data).toMatchObject({ rowCount: 10, truncated: false });
  });

  it('stops reading an endless result after maxRows', async () => {
    const h = await serve(makeSqliteFixture(), { maxRows: 5, queryTimeoutMs: 2000 });
    const { data } = await query(h, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c');
    expect(data).toMatchObject({ rowCount: 5, truncated: true, rows: [[1], [2], [3], [4], [5]] });
  });

  it('stops before the row that would pass maxReadBytes, and marks the result truncated', async () => {
    const h = await serve(makeSqliteFixture(), { maxReadBytes: 1000 });
    const { data } = await query(h, "SELECT printf('%.100c', 'x') FROM orders");
    expect(data.truncated).toBe(true);
    expect(data.rowCount).toBeGreaterThan(3);
    expect(data.rowCount).toBeLessThan(10);
    const { error } = await query(h, "SELECT printf('%.5000c', 'x')");
    expect(error?.code).toBe('TOO_LARGE');
  });

  it('returns integers beyond 2^53 exactly, as strings, and safe ones as numbers', async () => {
    const h = await serve(makeSqliteFixture());
    const { data } = await query(h, 'SELECT balance, balance + 0 = balance FROM customers ORDER BY id');
    expect(data.rows).toEqual([
      ['9007199254740993', 1],
      ['-9223372036854775808', 1],
      [42, 1],
    ]);
    const edge = await query(h, 'SELECT 9007199254740991, 9007199254740992, 1.5, 1e999');
    expect(edge.data.rows).toEqual([[9007199254740991, '9007199254740992', 1.5, 'Infinity']]);
  });

  it('returns BLOBs as base64 with their size, cut at 64 KiB and marked truncated', async () => {
    const h = await serve(makeSqliteFixture());
    const { data } = await query(h, 'SELECT avatar FROM customers ORDER BY id');
    expect(data.rows[0]).toEqual([
      { base64: Buffer.from(CUSTOMERS[0]!.avatar!).toString('base64'), bytes: 4, truncated: false },
    ]);
    expect(data.rows[1]).toEqual([null]);
    const big = data.rows[2]![0] as { base64: string; bytes: number; truncated: boolean };
    expect(big.bytes).toBe(100_000);
    expect(big.truncated).toBe(true);
    expect(Buffer.from(big.base64, 'base64')).toEqual(Buffer.alloc(64 * 1024, 7));
  });

  it('binds positional and named parameters as values, never as SQL', async () => {
    const h = await serve(makeSqliteFixture());
    const positional = await query(h, 'SELECT name FROM customers WHERE id = ? OR name = ?', { params: [2, 'Cy'] });
    expect(positional.data.rows).toEqual([['Bo'], ['Cy']]);
    const named = await query(h, 'SELECT name FROM customers WHERE id = :id', { params: { id: 1 } });
    expect(named.data.rows).toEqual([['Ana']]);
    const prefixed = await query(h, 'SELECT name FROM customers WHERE id = @id', { params: { '@id': 3 } });
    expect(prefixed.data.rows).toEqual([['Cy']]);
    const injection = await query(h, 'SELECT count(*) FROM customers WHERE name = ?', { params: ["x' OR '1'='1"] });
    expect(injection.data.rows).toEqual([[0]]);
    const typed = await query(h, 'SELECT typeof(?), typeof(?), typeof(?), typeof(?)', { params: [5, 2.5, true, null] });
    expect(typed.data.rows).toEqual([['integer', 'real', 'integer', 'null']]);
    const missing = await query(h, 'SELECT :a + :b', { params: { a: 1 } });
    expect(missing.error?.code).toBe('INVALID_INPUT');
  });

  it('answers NOT_FOUND for a name outside the policy, and for a missing file, which it never creates', async () => {
    const fixture = makeSqliteFixture();
    const gone = path.join(fixture.dir, 'gone.db');
    harness = await startHarness({
      policy: databasePolicy([
        { name: 'shop', path: fixture.shop, access: 'read' },
        { name: 'gone', path: gone, access: 'read' },
      ]),
    });
    expect(errorOf(await harness.call('read_query', { database: 'nope', sql: 'SELECT 1' }))?.code).toBe('NOT_FOUND');
    expect(errorOf(await harness.call('read_query', { database: fixture.shop, sql: 'SELECT 1' }))?.code).toBe(
      'NOT_FOUND',
    );
    expect(errorOf(await harness.call('read_query', { database: 'gone', sql: 'SELECT 1' }))?.code).toBe('NOT_FOUND');
    expect(fs.existsSync(gone)).toBe(false);
  });

  it('reads a WAL database and leaves its database file byte-identical', async () => {
    const fixture = makeSqliteFixture('wal');
    const before = snapshotDir(fixture.dir);
    const h = await serve(fixture);
    expect((await query(h, 'SELECT count(*) FROM orders')).data.rows).toEqual([[50]]);
    await h.close();
    harness = undefined;
    // SQLite itself may create the -wal and -shm files a WAL reader needs; the database is untouched.
    expect(snapshotDir(fixture.dir)['shop.db']).toBe(before['shop.db']);
  });

  it("answers SQL errors with INVALID_INPUT and SQLite's reason", async () => {
    const h = await serve(makeSqliteFixture());
    const { error } = await query(h, 'SELECT nope FROM customers');
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('no such column: nope') });
  });

  it('names the database and the statement kind in the audit record, never the SQL or its parameters', async () => {
    const h = await serve(makeSqliteFixture());
    await query(h, "SELECT name FROM customers WHERE email = ? AND name <> 'literal-secret'", {
      params: ['param-secret@example.com'],
    });
    await query(h, 'VACUUM');
    const audits = await waitFor(() => {
      const text = fs.existsSync(logFilePath(h.home)) ? fs.readFileSync(logFilePath(h.home), 'utf8') : '';
      const records = text.split('\n').filter((l) => l.includes('"audit"'));
      return records.length >= 2 ? records : undefined;
    });
    expect(audits.join('\n')).not.toMatch(/secret/);
    expect(JSON.parse(audits[0]!)).toMatchObject({ tool: 'read_query', database: 'shop', statementKind: 'SELECT' });
    expect(JSON.parse(audits[1]!)).toMatchObject({ database: 'shop', statementKind: 'VACUUM', code: 'ACCESS_DENIED' });
  });
});

describe('read_query against hostile statements', () => {
  // Each case: the attack, its SQL (given the fixture folder), the refusal.
  const attacks: Array<[string, (dir: string) => string, string]> = [
    ['ATTACH creating a new file', (dir) => `ATTACH DATABASE '${path.join(dir, 'new.db')}' AS n`, 'ACCESS_DENIED'],
    ['ATTACH of a relative name (lands in the cwd)', () => "ATTACH 'gatehouse-relative.db' AS r", 'ACCESS_DENIED'],
    [
      'ATTACH of a database outside the policy',
      (dir) => `ATTACH '${path.join(dir, 'secret.db')}' AS s`,
      'ACCESS_DENIED',
    ],
    [
      'ATTACH hidden after comments',
      (dir) => `/* hi */ -- there\n attach '${path.join(dir, 'c.db')}' as c`,
      'ACCESS_DENIED',
    ],
    ['ATTACH of an in-memory database', () => "ATTACH ':memory:' AS m", 'ACCESS_DENIED'],
    ['DETACH', () => 'DETACH DATABASE main', 'ACCESS_DENIED'],
    ['VACUUM rewriting the file', () => 'VACUUM', 'ACCESS_DENIED'],
    ['VACUUM INTO a copy beside it', (dir) => `VACUUM INTO '${path.join(dir, 'copy.db')}'`, 'ACCESS_DENIED'],
    ['VACUUM main INTO a relative copy', () => "VACUUM main INTO 'gatehouse-copy.db'", 'ACCESS_DENIED'],
    ['load_extension', (dir) => `SELECT load_extension('${path.join(dir, 'evil')}')`, 'ACCESS_DENIED'],
    ['journal_mode = WAL (creates -wal and -shm)', () => 'PRAGMA journal_mode = WAL', 'ACCESS_DENIED'],
    ['journal_mode = DELETE', () => 'PRAGMA journal_mode=DELETE', 'ACCESS_DENIED'],
    ['user_version written', () => 'PRAGMA user_version = 99', 'ACCESS_DENIED'],
    ['query_only switched off', () => 'PRAGMA query_only = OFF', 'ACCESS_DENIED'],
    ['writable_schema switched on', () => 'PRAGMA writable_schema = 1', 'ACCESS_DENIED'],
    ['temp_store_directory', (dir) => `PRAGMA temp_store_directory = '${dir}'`, 'ACCESS_DENIED'],
    ['wal_checkpoint', () => 'PRAGMA wal_checkpoint(TRUNCATE)', 'ACCESS_DENIED'],
    ['incremental_vacuum', () => 'PRAGMA incremental_vacuum', 'ACCESS_DENIED'],
    ['CREATE TEMP TABLE', () => 'CREATE TEMP TABLE t AS SELECT * FROM customers', 'READ_ONLY'],
    ['CREATE TABLE', () => 'CREATE TABLE t (a)', 'READ_ONLY'],
    ['INSERT', () => "INSERT INTO customers (name) VALUES ('Eve')", 'READ_ONLY'],
    ['UPDATE', () => "UPDATE customers SET name = 'Eve'", 'READ_ONLY'],
    ['DELETE behind a CTE', () => 'WITH x AS (SELECT 1) DELETE FROM orders', 'READ_ONLY'],
    ['REPLACE', () => "REPLACE INTO customers (id, name) VALUES (1, 'Eve')", 'READ_ONLY'],
    ['DROP TABLE', () => 'DROP TABLE orders', 'READ_ONLY'],
    ['ALTER TABLE', () => 'ALTER TABLE orders ADD COLUMN x', 'READ_ONLY'],
    ['ANALYZE (writes sqlite_stat1)', () => 'ANALYZE', 'READ_ONLY'],
    ['REINDEX', () => 'REINDEX', 'READ_ONLY'],
    ['BEGIN holding a lock past the call', () => 'BEGIN EXCLUSIVE', 'INVALID_INPUT'],
    ['SAVEPOINT', () => 'SAVEPOINT s', 'INVALID_INPUT'],
    ['a trailing second statement', () => 'SELECT 1; DELETE FROM orders', 'INVALID_INPUT'],
    ['a trailing ATTACH', (dir) => `SELECT * FROM customers; ATTACH '${path.join(dir, 't.db')}' AS t`, 'INVALID_INPUT'],
  ];

  // One server for the whole table: a refusal changes nothing, and each case checks that afresh.
  let fixture: SqliteFixture;
  let shared: Harness;
  beforeAll(async () => {
    fixture = makeSqliteFixture('delete', sharedDir());
    shared = await startHarness({
      home: sharedDir(),
      policy: databasePolicy([{ name: 'shop', path: fixture.shop, access: 'read' }]),
    });
  });
  afterAll(async () => {
    await shared.close();
    removeSharedDir(fixture.dir);
    removeSharedDir(shared.home);
  });

  it.each(attacks)('refuses %s, leaving every file byte-identical and creating none', async (_name, sqlFor, code) => {
    const before = snapshotDir(fixture.dir);
    const { error } = await query(shared, sqlFor(fixture.dir));
    expect(error?.code).toBe(code);
    const after = await query(shared, 'SELECT count(*) FROM orders');
    expect(after.error).toBeUndefined();
    expect(after.data.rows).toEqual([[50]]);
    expect(snapshotDir(fixture.dir)).toEqual(before);
    for (const name of ['gatehouse-relative.db', 'gatehouse-copy.db']) {
      expect(fs.existsSync(path.resolve(name))).toBe(false);
    }
  });
});
