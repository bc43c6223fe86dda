/**
 * The engine layer on its own: each attack is prepared by SQLite on a connection opened as a worker
 * opens it, without the text layer in front, and must still be refused before it runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../../server/errors.js';
import { checkStatement } from '../../../../server/sandbox/database/statement-verdict.js';
import { makeSqliteFixture, snapshotDir } from '../../../helpers/sqlite.js';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function connect(file: string, mode: 'read' | 'write'): Database.Database {
  const db = new Database(file, { readonly: mode === 'read', fileMustExist: true });
  if (mode === 'read') db.pragma('query_only = ON');
  db.pragma('trusted_schema = OFF');
  db.defaultSafeIntegers(true);
  open.push(db);
  return db;
}

function engineRefusal(db: Database.Database, sql: string, purpose: 'read' | 'write'): string | undefined {
  try {
    checkStatement(db, db.prepare(sql), sql, purpose, []);
    return undefined;
  } catch (error) {
    if (error instanceof GatehouseError) return error.code;
    throw error;
  }
}

describe('checkStatement() for reads, without the text layer', () => {
  const attacks: Array<[string, (dir: string) => string, string]> = [
    ['attach of a new file', (dir) => `ATTACH '${path.join(dir, 'new.db')}' AS n`, 'ACCESS_DENIED'],
    ['attach of another database', (dir) => `ATTACH '${path.join(dir, 'secret.db')}' AS s`, 'ACCESS_DENIED'],
    ['detach', () => 'DETACH main', 'ACCESS_DENIED'],
    ['vacuum into a copy', (dir) => `VACUUM INTO '${path.join(dir, 'copy.db')}'`, 'READ_ONLY'],
    ['load_extension', (dir) => `SELECT load_extension('${path.join(dir, 'evil.so')}')`, 'ACCESS_DENIED'],
    ['begin (a lock held past the call)', () => 'BEGIN', 'ACCESS_DENIED'],
    ['savepoint', () => 'SAVEPOINT s', 'ACCESS_DENIED'],
    ['temp table', () => 'CREATE TEMP TABLE t AS SELECT 1', 'READ_ONLY'],
    ['journal mode change', () => 'PRAGMA journal_mode = WAL', 'READ_ONLY'],
    ['insert', () => "INSERT INTO customers (name) VALUES ('x')", 'READ_ONLY'],
    [
      'insert behind a CTE',
      () => 'WITH x AS (SELECT 9 AS n) INSERT INTO customers (name) SELECT n FROM x',
      'READ_ONLY',
    ],
  ];

  it.each(attacks)('refuses %s before it runs, leaving every file as it was', (_name, sqlFor, code) => {
    const fixture = makeSqliteFixture();
    const before = snapshotDir(fixture.dir);
    const db = connect(fixture.shop, 'read');
    expect(engineRefusal(db, sqlFor(fixture.dir), 'read')).toBe(code);
    db.close();
    expect(snapshotDir(fixture.dir)).toEqual(before);
  });

  it('allows a plain select and an EXPLAIN', () => {
    const db = connect(makeSqliteFixture().shop, 'read');
    expect(engineRefusal(db, 'SELECT * FROM customers WHERE id = 1', 'read')).toBeUndefined();
    expect(engineRefusal(db, 'EXPLAIN QUERY PLAN SELECT * FROM orders', 'read')).toBeUndefined();
  });
});

describe('checkStatement() for writes, without the text layer', () => {
  const attacks: Array<[string, (dir: string) => string]> = [
    ['attach', (dir) => `ATTACH '${path.join(dir, 'new.db')}' AS n`],
    ['vacuum into', (dir) => `VACUUM INTO '${path.join(dir, 'copy.db')}'`],
    ['vacuum', () => 'VACUUM'],
    ['load_extension', () => "SELECT load_extension('evil')"],
    ['journal mode change', () => 'PRAGMA journal_mode = WAL'],
    ['temp table (outlives the call)', () => 'CREATE TEMP TABLE t (a)'],
    ['begin', () => 'BEGIN IMMEDIATE'],
    ['commit', () => 'COMMIT'],
  ];

  it.each(attacks)('refuses %s', (_name, sqlFor) => {
    const fixture = makeSqliteFixture();
    const before = snapshotDir(fixture.dir);
    const db = connect(fixture.shop, 'write');
    expect(engineRefusal(db, sqlFor(fixture.dir), 'write')).toBe('ACCESS_DENIED');
    db.close();
    expect(snapshotDir(fixture.dir)).toEqual(before);
  });

  it('allows inserts and schema changes in the main database', () => {
    const fixture = makeSqliteFixture();
    const db = connect(fixture.shop, 'write');
    expect(engineRefusal(db, "INSERT INTO customers (name) VALUES ('Di')", 'write')).toBeUndefined();
    expect(engineRefusal(db, 'CREATE TABLE notes (body TEXT)', 'write')).toBeUndefined();
    expect(fs.existsSync(path.join(fixture.dir, 'new.db'))).toBe(false);
  });
});
