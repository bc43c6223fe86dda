/**
 * A worker's one connection to its database: opened so that it cannot create the file (and, for a
 * reader, cannot write it), hardened, with a cache of checked prepared statements, and the two
 * operations of the query tools. Runs inside the worker process only.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { GatehouseError } from '../../errors.js';
import type {
  IntegrityResult,
  JsonCell,
  QueryResult,
  ReadLimits,
  SqlParams,
  TableDescription,
  TableSummary,
  WorkerInit,
  WriteResult,
} from './protocol.js';
import { describeTable, listTables } from './schema.js';
import { SqlChecker, type SqlPurpose } from './sql-policy.js';
import { checkStatement } from './statement-verdict.js';
import { toBindArgs, toJsonInteger, toJsonRow } from './values.js';

const STATEMENT_CACHE_LIMIT = 128;
const MAX_INTEGRITY_PROBLEMS = 5;

/** The device and inode of the file at a path (links followed), or null if there is none to reach. */
function fileId(path: string): { dev: number; ino: number } | null {
  try {
    return fs.statSync(path);
  } catch {
    return null;
  }
}

interface Prepared {
  statement: Database.Statement;
  columns: string[];
}

/** The connection of one worker; opened on first use, and again after a failed open. */
export class WorkerConnection {
  private db: Database.Database | undefined;
  /** The file the connection opened (device and inode), to notice it being deleted or replaced. */
  private opened: { dev: number; ino: number } | undefined;
  private readonly statements = new Map<string, Prepared>();
  private readonly checker = new SqlChecker();
  private busyTimeoutMs = -1;
  private settings: Database.Statement | undefined;
  private transaction: Record<'begin' | 'commit' | 'rollback', Database.Statement> | undefined;
  private readGuard: Record<'begin' | 'touch' | 'schema', Database.Statement> | undefined;
  /** ROLLBACK prepared once: exec() would compile it again on every read. */
  private rollbackStatement: Database.Statement | undefined;

  constructor(private readonly init: WorkerInit) {}

  /** The open connection; opens it when needed. */
  database(): Database.Database {
    if (this.db) return this.db;
    const { path, mode } = this.init;
    // Security: a read must never create the file. The check gives a clear NOT_FOUND; the open flags
    // (read-only, or read-write without CREATE) make sure SQLite cannot create it either.
    const stats = fileId(path);
    if (!stats) {
      throw new GatehouseError('NOT_FOUND', 'The database file does not exist.', {
        hint: 'Check the path in the Gatehouse policy.',
      });
    }
    // No busy wait until a request sets its own: the open and its warm-up never block on a lock.
    const db = new Database(path, { readonly: mode === 'read', fileMustExist: true, timeout: 0 });
    try {
      this.harden(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    // Taken before the open: if the file was swapped in between, the next revalidate() reopens (safe side).
    this.opened = { dev: stats.dev, ino: stats.ino };
    return db;
  }

  /**
   * Closes the connection if the file at the policy's path is no longer the one it opened (deleted, or
   * replaced by a rename), so the next request sees what the path names now: NOT_FOUND or the new file.
   * An open handle would otherwise go on serving, and taking writes into, a file nobody can see.
   * Returns true when it closed the connection.
   */
  revalidate(): boolean {
    if (!this.db || !this.opened) return false;
    const now = fileId(this.init.path);
    if (now && now.ino === this.opened.ino && now.dev === this.opened.dev) return false;
    this.close();
    return true;
  }

  private harden(db: Database.Database): void {
    // Security: schema objects (views, triggers, defaults) may call only innocuous functions.
    db.pragma('trusted_schema = OFF');
    // Security: a reader's connection refuses writes even if a statement slipped past every check.
    if (this.init.mode === 'read') db.pragma('query_only = ON');
    // Temporary data (sorts, materialised views) stays in memory, bounded by the worker's memory limit,
    // instead of files on disk; extra checks on b-tree cells guard against a malformed file.
    db.pragma('temp_store = MEMORY');
    db.pragma('cell_size_check = ON');
    db.pragma('mmap_size = 0');
    if (this.init.cacheKiB !== undefined) db.pragma(`cache_size = -${Math.max(0, Math.floor(this.init.cacheKiB))}`);
    // Integers come out as BigInt, so values beyond 2^53 stay exact.
    db.defaultSafeIntegers(true);
    this.assertHardened(db);
  }

  /** Some pragmas act while a statement is compiled; after each new one, the settings are checked again. */
  private assertHardened(db: Database.Database): void {
    this.settings ??= db.prepare(
      'SELECT q.query_only, t.trusted_schema, w.writable_schema FROM pragma_query_only q, pragma_trusted_schema t, pragma_writable_schema w',
    );
    const [queryOnly, trusted, writableSchema] = (this.settings.raw(true).get() as unknown[]).map(Number);
    const ok = trusted === 0 && writableSchema === 0 && (this.init.mode === 'write' || queryOnly === 1);
    if (!ok) {
      this.close();
      throw new GatehouseError('ACCESS_DENIED', 'The statement changed a connection setting and was refused.');
    }
  }

  private setBusyTimeout(db: Database.Database, ms: number): void {
    if (ms === this.busyTimeoutMs) return;
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
    this.busyTimeoutMs = ms;
  }

  /** A prepared statement that passed both layers of checks; cached per purpose and SQL text. */
  private prepared(sql: string, purpose: SqlPurpose, bindArgs: readonly unknown[], busyTimeoutMs: number): Prepared {
    const key = `${purpose}\0${sql}`;
    const cached = this.statements.get(key);
    if (cached) {
      this.setBusyTimeout(this.db!, busyTimeoutMs);
      return cached;
    }
    // Security: the text rules again, here, before SQLite compiles anything (some pragmas act while compiled).
    this.checker.check(sql, purpose);
    const db = this.database();
    // Compiling reads the schema, which can wait on a lock too.
    this.setBusyTimeout(db, busyTimeoutMs);
    const statement = db.prepare(sql);
    this.assertHardened(db);
    checkStatement(db, statement, sql, purpose, bindArgs);
    const columns = statement.reader ? statement.columns().map((c) => c.name) : [];
    if (statement.reader) statement.raw(true);
    if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.delete(this.statements.keys().next().value!);
    const entry = { statement, columns };
    this.statements.set(key, entry);
    return entry;
  }

  /** Runs one read, reading no more rows than the limits let through (plus one, to know if there are more). */
  read(sql: string, params: SqlParams, limits: ReadLimits, busyTimeoutMs: number): QueryResult {
    const args = toBindArgs(params);
    const { statement, columns } = this.prepared(sql, 'read', args, busyTimeoutMs);
    const rows: JsonCell[][] = [];
    let bytes = 2;
    let truncated = false;
    for (const raw of statement.iterate(...args) as Iterable<unknown[]>) {
      if (rows.length >= limits.maxRows) {
        truncated = true;
        break;
      }
      const rowBytes = toJsonRow(raw, limits.maxBlobBytes);
      const row = raw as JsonCell[];
      if (bytes + rowBytes > limits.maxBytes) {
        if (rows.length === 0) {
          throw new GatehouseError('TOO_LARGE', 'The first row alone is larger than the read limit (maxReadBytes).', {
            hint: 'Select fewer or shorter columns, e.g. with substr().',
          });
        }
        truncated = true;
        break;
      }
      rows.push(row);
      bytes += rowBytes;
    }
    // Security: a read never leaves a transaction (and its lock on the file) open behind it.
    this.endTransaction();
    return { columns, rows, rowCount: rows.length, truncated, bytes };
  }

  /** Runs one write in its own IMMEDIATE transaction: all of it or none of it. */
  write(sql: string, params: SqlParams, busyTimeoutMs: number): WriteResult {
    const args = toBindArgs(params);
    const { statement } = this.prepared(sql, 'write', args, busyTimeoutMs);
    const db = this.db!;
    this.transaction ??= {
      // IMMEDIATE takes the write lock up front, so a locked database fails here, before any change.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
    const { begin, commit, rollback } = this.transaction;
    begin.run();
    try {
      const info = statement.run(...args);
      commit.run();
      return { changes: info.changes, lastInsertRowid: toJsonInteger(info.lastInsertRowid) };
    } finally {
      if (db.inTransaction) rollback.run();
    }
  }

  /** list_tables. */
  tables(rowCounts: boolean, busyTimeoutMs: number): TableSummary[] {
    const db = this.database();
    this.setBusyTimeout(db, busyTimeoutMs);
    return listTables(db, rowCounts);
  }

  /** describe_table. */
  describe(table: string, busyTimeoutMs: number): TableDescription {
    const db = this.database();
    this.setBusyTimeout(db, busyTimeoutMs);
    return describeTable(db, table);
  }

  /**
   * Starts a read transaction, brings the connection's copy of the schema up to date within it, and
   * returns the schema version it holds still (the in-process lookups' guard). The statement on
   * sqlite_schema matters: EXPLAIN and a bare schema_version read do not reload a stale schema, so a
   * statement would otherwise be judged against tables that are gone.
   */
  beginRead(): number {
    const db = this.database();
    this.readGuard ??= {
      begin: db.prepare('BEGIN'),
      touch: db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1'),
      schema: db.prepare('PRAGMA schema_version').pluck(),
    };
    this.readGuard.begin.run();
    this.readGuard.touch.get();
    return Number(this.readGuard.schema.get());
  }

  /** Ends a transaction left open (after beginRead, or a failure), releasing its lock on the file. */
  endTransaction(): void {
    const db = this.db;
    if (db?.inTransaction) (this.rollbackStatement ??= db.prepare('ROLLBACK')).run();
  }

  /** `PRAGMA quick_check`, for health on demand: opens the file (if not yet) and checks its structure. */
  quickCheck(busyTimeoutMs: number): IntegrityResult {
    const db = this.database();
    this.setBusyTimeout(db, busyTimeoutMs);
    // A fixed statement of our own, never client SQL; at most a few problems, each cut short.
    const rows = db.prepare(`PRAGMA quick_check(${MAX_INTEGRITY_PROBLEMS})`).pluck().all() as string[];
    const ok = rows.length === 1 && rows[0] === 'ok';
    return { ok, problems: ok ? [] : rows.map((row) => String(row).slice(0, 200)) };
  }

  /** Closes the connection; the next request opens it again. */
  close(): void {
    this.statements.clear();
    this.busyTimeoutMs = -1;
    this.settings = undefined;
    this.transaction = undefined;
    this.readGuard = undefined;
    this.rollbackStatement = undefined;
    const db = this.db;
    this.db = undefined;
    this.opened = undefined;
    if (db?.open) db.close();
  }
}
