import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../../server/errors.js';
import { splitStatements, tokenizeSql } from '../../../../server/sandbox/database/sql-lexer.js';
import { checkSqlText, SqlChecker, statementKindOf } from '../../../../server/sandbox/database/sql-policy.js';

function refusal(sql: string, purpose: 'read' | 'write'): string | undefined {
  try {
    checkSqlText(sql, purpose);
    return undefined;
  } catch (error) {
    if (error instanceof GatehouseError) return error.code;
    throw error;
  }
}

describe('checkSqlText() for read_query', () => {
  const attacks: Array<[string, string, string]> = [
    ['attach a new file', "ATTACH DATABASE '/tmp/x.db' AS x", 'ACCESS_DENIED'],
    ['attach in lower and mixed case', "aTtAcH 'x.db' AS x", 'ACCESS_DENIED'],
    ['attach after a comment', "/* harmless */ -- really\nATTACH 'x.db' AS x", 'ACCESS_DENIED'],
    ['attach with a computed file name', "ATTACH 'x' || '.db' AS x", 'ACCESS_DENIED'],
    ['detach main', 'DETACH main', 'ACCESS_DENIED'],
    ['vacuum', 'VACUUM', 'ACCESS_DENIED'],
    ['vacuum into a copy', "VACUUM INTO '/tmp/copy.db'", 'ACCESS_DENIED'],
    ['vacuum of a schema into a copy', "VACUUM main INTO 'copy.db'", 'ACCESS_DENIED'],
    ['load_extension in a select', "SELECT load_extension('/tmp/evil.so')", 'ACCESS_DENIED'],
    ['load_extension inside a subquery', "SELECT * FROM (SELECT load_extension('evil'))", 'ACCESS_DENIED'],
    ['journal mode change', 'PRAGMA journal_mode = WAL', 'ACCESS_DENIED'],
    ['journal mode read (it can write the header)', 'PRAGMA journal_mode', 'ACCESS_DENIED'],
    ['query_only switched off', 'PRAGMA query_only = 0', 'ACCESS_DENIED'],
    ['query_only switched off, call form', 'PRAGMA query_only(0)', 'ACCESS_DENIED'],
    ['writable schema', 'PRAGMA writable_schema = ON', 'ACCESS_DENIED'],
    ['trusted schema back on', 'PRAGMA trusted_schema = 1', 'ACCESS_DENIED'],
    ['temp store directory', "PRAGMA temp_store_directory = '/tmp'", 'ACCESS_DENIED'],
    ['user version written', 'PRAGMA user_version = 7', 'ACCESS_DENIED'],
    ['user version written through a schema', 'PRAGMA main.user_version = 7', 'ACCESS_DENIED'],
    ['wal checkpoint', 'PRAGMA wal_checkpoint(TRUNCATE)', 'ACCESS_DENIED'],
    ['heap limit (process-wide)', 'PRAGMA hard_heap_limit = 1', 'ACCESS_DENIED'],
    ['optimize (may analyze)', 'PRAGMA optimize', 'ACCESS_DENIED'],
    ['insert', 'INSERT INTO customers(name) VALUES (1)', 'READ_ONLY'],
    ['insert hidden behind a CTE', 'WITH x AS (SELECT 1) INSERT INTO customers(name) SELECT * FROM x', 'READ_ONLY'],
    ['delete', 'DELETE FROM customers', 'READ_ONLY'],
    ['create a temp table', 'CREATE TEMP TABLE t AS SELECT 1', 'READ_ONLY'],
    ['drop a table', 'DROP TABLE customers', 'READ_ONLY'],
    ['analyze (writes sqlite_stat1)', 'ANALYZE', 'READ_ONLY'],
    ['begin (would hold a lock past the call)', 'BEGIN IMMEDIATE', 'INVALID_INPUT'],
    ['savepoint', 'SAVEPOINT a', 'INVALID_INPUT'],
    ['trailing second statement', 'SELECT 1; DELETE FROM customers', 'INVALID_INPUT'],
    ['trailing attach after a string with a semicolon', "SELECT 'a;b'; ATTACH 'x.db' AS x", 'INVALID_INPUT'],
    ['explain of a write', 'EXPLAIN DELETE FROM customers', 'READ_ONLY'],
    ['explain of a pragma assignment', 'EXPLAIN PRAGMA query_only = 0', 'ACCESS_DENIED'],
    ['unterminated string', "SELECT 'abc", 'INVALID_INPUT'],
    ['empty', '  -- nothing\n ;; ', 'INVALID_INPUT'],
  ];
  it.each(attacks)('refuses %s', (_name, sql, code) => {
    expect(refusal(sql, 'read')).toBe(code);
  });

  const allowed: Array<[string, string, string]> = [
    ['a select', 'SELECT * FROM customers WHERE id = ?', 'SELECT'],
    ['a CTE select', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c', 'SELECT'],
    ['a keyword inside a string', "SELECT * FROM orders WHERE note = 'attach; vacuum into x'", 'SELECT'],
    ['a keyword as a quoted identifier', 'SELECT "vacuum", [attach], `detach` FROM t', 'SELECT'],
    ['a keyword in a comment', 'SELECT 1 /* ATTACH */ -- VACUUM', 'SELECT'],
    ['trailing semicolons and comments', 'SELECT 1;  -- done\n ;', 'SELECT'],
    ['values', 'VALUES (1, 2)', 'VALUES'],
    ['a reading pragma', 'PRAGMA table_info(customers)', 'PRAGMA'],
    ['a reading pragma with schema', "PRAGMA main.index_list('orders')", 'PRAGMA'],
    ['explain query plan', 'EXPLAIN QUERY PLAN SELECT * FROM customers', 'EXPLAIN'],
  ];
  it.each(allowed)('allows %s', (_name, sql, kind) => {
    expect(checkSqlText(sql, 'read').kind).toBe(kind);
  });
});

describe('checkSqlText() for write_query', () => {
  const attacks: Array<[string, string, string]> = [
    ['attach', "ATTACH 'other.db' AS o", 'ACCESS_DENIED'],
    ['insert then attach', "INSERT INTO t VALUES (1); ATTACH 'o.db' AS o", 'INVALID_INPUT'],
    ['vacuum into', "VACUUM INTO 'copy.db'", 'ACCESS_DENIED'],
    ['plain vacuum', 'VACUUM', 'ACCESS_DENIED'],
    ['load_extension in an insert', "INSERT INTO t SELECT load_extension('evil')", 'ACCESS_DENIED'],
    ['journal mode change', 'PRAGMA journal_mode = DELETE', 'ACCESS_DENIED'],
    ['any pragma', 'PRAGMA user_version = 3', 'ACCESS_DENIED'],
    [
      'temp trigger (persists in the worker)',
      'CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END',
      'ACCESS_DENIED',
    ],
    ['temporary table', 'CREATE TEMPORARY TABLE t(a)', 'ACCESS_DENIED'],
    ['begin', 'BEGIN', 'INVALID_INPUT'],
    ['commit', 'COMMIT', 'INVALID_INPUT'],
    ['a read', 'SELECT 1', 'INVALID_INPUT'],
    ['explain', 'EXPLAIN DELETE FROM t', 'INVALID_INPUT'],
    ['second statement', 'DELETE FROM t; DELETE FROM u', 'INVALID_INPUT'],
  ];
  it.each(attacks)('refuses %s', (_name, sql, code) => {
    expect(refusal(sql, 'write')).toBe(code);
  });

  it('keeps a trigger body with CASE ... END as one statement', () => {
    const sql =
      'CREATE TRIGGER audit AFTER UPDATE ON t BEGIN INSERT INTO log VALUES (CASE WHEN new.a > 0 THEN 1 ELSE 0 END); DELETE FROM u; END;';
    expect(checkSqlText(sql, 'write').kind).toBe('CREATE');
    expect(refusal(`${sql} DELETE FROM t`, 'write')).toBe('INVALID_INPUT');
  });

  it.each([
    ['insert', 'INSERT INTO t VALUES (?)', 'INSERT'],
    ['update through a CTE', 'WITH x AS (SELECT 1 AS a) UPDATE t SET a = (SELECT a FROM x)', 'UPDATE'],
    ['create table', 'CREATE TABLE t (a INTEGER)', 'CREATE'],
    ['alter table', 'ALTER TABLE t ADD COLUMN b TEXT', 'ALTER'],
  ])('allows %s', (_name, sql, kind) => {
    expect(checkSqlText(sql, 'write').kind).toBe(kind);
  });
});

describe('tokenizeSql()', () => {
  it('ends a line comment at a newline only, as SQLite does', () => {
    expect(tokenizeSql('-- a\rATTACH\nSELECT').map((t) => t.upper)).toEqual(['SELECT']);
  });

  it('does not nest block comments', () => {
    expect(tokenizeSql('/* /* */ ATTACH */').map((t) => t.upper)).toEqual(['ATTACH', '*', '/']);
  });

  it('reads doubled quotes inside strings and identifiers as one token', () => {
    expect(tokenizeSql(`'it''s; ATTACH' "a""b"`).map((t) => t.kind)).toEqual(['string', 'quoted']);
  });

  it('splits statements at top-level semicolons only', () => {
    expect(splitStatements(tokenizeSql("SELECT ';'; SELECT 2;")).length).toBe(2);
  });
});

describe('statementKindOf() and SqlChecker', () => {
  it('names the verb for the audit record, never the statement', () => {
    expect(statementKindOf('with x as (select 1) delete from t where a in x')).toBe('DELETE');
    expect(statementKindOf("select 'secret'")).toBe('SELECT');
    expect(statementKindOf("'unterminated")).toBeUndefined();
  });

  it('caches verdicts, refusals included', () => {
    const checker = new SqlChecker();
    expect(checker.check('SELECT 1', 'read').kind).toBe('SELECT');
    expect(() => checker.check('VACUUM', 'read')).toThrow(/VACUUM is refused/);
    expect(() => checker.check('VACUUM', 'read')).toThrow(/VACUUM is refused/);
  });
});
