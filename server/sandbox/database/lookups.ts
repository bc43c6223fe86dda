/**
 * Bounded lookups in the server's own process. A statement runs in a worker process because nothing
 * else can stop SQLite mid-statement; but a point lookup takes microseconds and the hop to a worker and
 * back costs far more. So a read runs here, on a read-only connection hardened and checked exactly like
 * a worker's, only when SQLite's compiled program proves its work is bounded:
 *  - every step of its query plan is a SEARCH by equality on the rowid or on every column of a UNIQUE
 *    index (at most one row per table, so at most one row in all; an IN list over the rowid reads one
 *    row per listed value, bounded by the statement's length);
 *  - its bytecode calls no SQL function (LIKE, printf, randomblob... all compile to function calls,
 *    in views too), opens no temporary table or sorter and touches no virtual table;
 *  - the database file lies on a local disk (local-mounts.ts), so opening it cannot wait on a network.
 * The verdict is kept per statement with the schema version it was reached under, and each lookup runs
 * in a read transaction that first reads that version: a table swapped for a view (or an index dropped)
 * by a write in between sends the statement back to be judged again, never runs it here unjudged.
 * It never waits for a lock (busy timeout 0): a locked database, an error, anything unexpected, and
 * every other statement go to the workers, which answer with the exact contract error.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { LocalFolders } from '../local-mounts.js';
import { WorkerConnection } from './connection.js';
import type { QueryResult, ReadLimits, SqlParams } from './protocol.js';
import { SqlChecker } from './sql-policy.js';
import { toBindArgs } from './values.js';

/** Longer statements go to a worker: an IN list is bounded by the text, and the text by this. */
const MAX_SQL_CHARS = 2000;
const MAX_VERDICTS = 512;
/**
 * The lookup connection's page cache, in KiB. better-sqlite3 builds SQLite with 16 MiB per connection,
 * which random lookups fill and the server then holds for good (12 MB of a 14 MB file in the benchmark).
 * A lookup reads a few pages; the interior pages stay cached here and the OS caches the file anyway.
 */
const LOOKUP_CACHE_KIB = 2048;

/** Opcodes of work that is not a bounded lookup: functions, aggregates, temp tables, sorts, virtual tables. */
const UNBOUNDED_OPCODES = new Set([
  'Function',
  'PureFunc',
  'AggStep',
  'AggStep1',
  'AggValue',
  'AggInverse',
  'AggFinal',
  'OpenEphemeral',
  'OpenAutoindex',
  'SorterOpen',
  'VOpen',
  'VFilter',
  'Gosub',
  'InitCoroutine',
]);

const SEARCH_ROWID = /^SEARCH \S+ USING INTEGER PRIMARY KEY \(rowid=\?\)$/;
const SEARCH_INDEX = /^SEARCH \S+ USING (?:COVERING )?INDEX (\S+) \(([^()]*)\)$/;

/** True when every plan step is an equality SEARCH on the rowid or on a whole UNIQUE index. */
export function isBoundedPlan(details: readonly string[], uniqueColumns: (index: string) => number | null): boolean {
  if (details.length === 0) return false;
  return details.every((detail) => {
    if (SEARCH_ROWID.test(detail)) return true;
    const match = SEARCH_INDEX.exec(detail);
    if (!match) return false;
    const constraints = match[2]!.split(' AND ');
    if (!constraints.every((c) => /^[^=<>]+=\?$/.test(c))) return false;
    return uniqueColumns(match[1]!) === constraints.length;
  });
}

/** True when a compiled program calls no function and opens nothing but the database's own b-trees. */
export function isBoundedProgram(opcodes: readonly string[]): boolean {
  return opcodes.every((opcode) => !UNBOUNDED_OPCODES.has(opcode));
}

/** The columns of a UNIQUE index, or null when it is not one (or unknown). */
function uniqueIndexColumns(db: Database.Database, index: string): number | null {
  const row = db
    .prepare(
      `SELECT il."unique" AS isUnique, (SELECT count(*) FROM pragma_index_info(il.name)) AS columns
       FROM sqlite_schema s, pragma_index_list(s.tbl_name) il
       WHERE s.type = 'index' AND s.name = ? AND il.name = s.name`,
    )
    .raw(true)
    .get(index) as [unknown, unknown] | undefined;
  return row && Number(row[0]) === 1 ? Number(row[1]) : null;
}

/** The bounded lookups of one database, on one in-process read-only connection. */
export class InlineLookups {
  private readonly connection: WorkerConnection;
  /** The folder of the file, whose file systems must be local. */
  private readonly folder: string;
  /** Per statement: bounded or not, under which schema version. */
  private readonly verdicts = new Map<string, { bounded: boolean; schema: number }>();
  /** The file was checked in this turn of the event loop: calls that arrived together share the check. */
  private checkedThisTurn = false;

  constructor(
    file: string,
    private readonly local: LocalFolders,
    /** The service's own checker: one cache of text verdicts per server. */
    private readonly checker: SqlChecker = new SqlChecker(),
  ) {
    this.connection = new WorkerConnection({
      type: 'init',
      path: file,
      mode: 'read',
      memoryLimitBytes: 0,
      cacheKiB: LOOKUP_CACHE_KIB,
    });
    this.folder = path.dirname(file);
  }

  /** The rows of a bounded lookup, or null when the statement must go to a worker. */
  read(sql: string, params: SqlParams, limits: ReadLimits): QueryResult | null {
    if (sql.length > MAX_SQL_CHARS || !this.local.isLocal(this.folder)) return null;
    try {
      // A file deleted or replaced since the last call is seen now, as a worker sees it per batch.
      if (!this.checkedThisTurn) {
        // Another file now: its statements are judged anew.
        if (this.connection.revalidate()) this.verdicts.clear();
        this.checkedThisTurn = true;
        setImmediate(() => (this.checkedThisTurn = false));
      }
      // Security: the schema this lookup will run under, read inside its own read transaction (which
      // holds it still), must be the one its verdict was reached under.
      const schema = this.connection.beginRead();
      if (!this.isBounded(sql, params, schema)) return null;
      return this.connection.read(sql, params, limits, 0);
    } catch {
      // Locked, missing, refused, malformed: the worker says what it is, with the contract's error.
      return null;
    } finally {
      this.connection.endTransaction();
    }
  }

  /** Closes the connection (the database left the policy, or the server is stopping). */
  close(): void {
    this.connection.close();
  }

  private isBounded(sql: string, params: SqlParams, schema: number): boolean {
    const known = this.verdicts.get(sql);
    if (known?.schema === schema) return known.bounded;
    // Security: the text rules first, as in a worker: nothing is compiled that they refuse.
    this.checker.check(sql, 'read');
    const db = this.connection.database();
    const args = toBindArgs(params);
    // Compiling and explaining run nothing: they read the schema, and list the program and the plan.
    const opcodes = (
      db
        .prepare(`EXPLAIN ${sql}`)
        .raw(true)
        .all(...args) as unknown[][]
    ).map((row) => String(row[1]));
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .raw(true)
        .all(...args) as unknown[][]
    ).map((row) => String(row[3]));
    const bounded =
      db.prepare(sql).readonly &&
      isBoundedProgram(opcodes) &&
      isBoundedPlan(plan, (index) => uniqueIndexColumns(db, index));
    if (this.verdicts.size >= MAX_VERDICTS) this.verdicts.clear();
    this.verdicts.set(sql, { bounded, schema });
    return bounded;
  }
}
