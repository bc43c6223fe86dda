/**
 * The database service the tools use: databases only by their policy name, each served by its own
 * worker pools (readers, and one writer for `write` databases), every statement checked before any
 * worker sees it. It follows the live policy: a database that leaves it (or changes path or access)
 * has its workers stopped at once; workers start on first use.
 */
import { fileURLToPath } from 'node:url';
import type winston from 'winston';
import { GatehouseError } from '../../errors.js';
import type { Policy, PolicyDatabase } from '../../policy/schema.js';
import type { PolicySource } from '../../policy/source.js';
import { localFolders } from '../local-mounts.js';
import { InlineLookups } from './lookups.js';
import { DatabasePool } from './pool.js';
import type {
  IntegrityResult,
  QueryResult,
  SqlParams,
  TableDescription,
  TableSummary,
  WorkerMode,
  WorkerOp,
  WriteResult,
} from './protocol.js';
import { SqlChecker } from './sql-policy.js';

/** Options of openDatabaseService(). */
export interface DatabaseServiceOptions {
  policy: PolicySource;
  log: winston.Logger;
  /** The built worker script; defaults to the worker.js beside this module. */
  workerEntry?: string;
  /** Resident memory at which a worker stops itself; default 1 GiB. */
  memoryLimitBytes?: number;
  /** Reader processes per database; default 2. */
  maxReaders?: number;
  /** Idle workers stop after this long; default 5 minutes. */
  idleMs?: number;
  /** Run bounded lookups in the server's process (lookups.ts); default on Linux. */
  inlineLookups?: boolean;
}

/** What every database call carries. */
export interface DatabaseCall {
  /** The policy snapshot of the call. */
  policy: Policy;
  /** The database's name in the policy. */
  database: string;
  signal?: AbortSignal;
}

/** Pids and loads of the workers, per database. */
export type DatabaseStats = Record<
  string,
  { readers: ReturnType<DatabasePool['stats']>; writer?: ReturnType<DatabasePool['stats']> }
>;

/** The database service. */
export interface DatabaseService {
  /** The statement's verb (`SELECT`, `INSERT`...) for the audit record; never the statement itself. */
  statementKind(sql: string): string | undefined;
  /** Runs one read-only statement; at most `maxRows` rows (never more than the policy's). */
  read(call: DatabaseCall, sql: string, params: SqlParams, maxRows?: number): Promise<QueryResult>;
  /** Runs one statement that changes a `write` database, in its own transaction. */
  write(call: DatabaseCall, sql: string, params: SqlParams): Promise<WriteResult>;
  listTables(call: DatabaseCall, rowCounts: boolean): Promise<TableSummary[]>;
  describeTable(call: DatabaseCall, table: string): Promise<TableDescription>;
  /** `PRAGMA quick_check` on a reader, within the policy's queryTimeoutMs (health on demand). */
  quickCheck(call: DatabaseCall): Promise<IntegrityResult>;
  stats(): DatabaseStats;
  /** Stops every worker; resolves once they have exited. */
  close(): Promise<void>;
}

/** BLOB cells longer than this come back cut, marked `truncated`. */
export const MAX_BLOB_BYTES = 64 * 1024;
const MIB = 1024 * 1024;

interface Pools {
  entry: PolicyDatabase;
  readers: DatabasePool;
  writer?: DatabasePool;
  lookups: InlineLookups | null;
}

const sameEntry = (a: PolicyDatabase, b: PolicyDatabase | undefined) =>
  !!b && a.name === b.name && a.path === b.path && a.access === b.access;

const named = (policy: Policy, name: string) => policy.databases.find((db) => db.name === name);

/** Opens the service; no worker starts until a database is used. */
export function openDatabaseService(options: DatabaseServiceOptions): DatabaseService {
  const entry = options.workerEntry ?? fileURLToPath(new URL('./worker.js', import.meta.url));
  const checker = new SqlChecker();
  const pools = new Map<string, Pools>();
  const local = (options.inlineLookups ?? process.platform === 'linux') ? localFolders : null;
  let closed = false;

  const pool = (db: PolicyDatabase, mode: WorkerMode) =>
    new DatabasePool({
      entry,
      init: { type: 'init', path: db.path, mode, memoryLimitBytes: options.memoryLimitBytes ?? 1024 * MIB },
      maxWorkers: mode === 'read' ? (options.maxReaders ?? 2) : 1,
      // One write at a time: SQLite has one writer, and a write must never be sent twice.
      pipelineDepth: mode === 'read' ? 16 : 1,
      log: options.log,
      name: db.name,
      idleMs: options.idleMs ?? 5 * 60_000,
    });

  const forget = (name: string) => {
    const found = pools.get(name);
    pools.delete(name);
    found?.lookups?.close();
    return found ? Promise.all([found.readers.close(), found.writer?.close()]) : Promise.resolve([]);
  };

  const unsubscribe = options.policy.onChange((next) => {
    for (const [name, found] of pools) {
      if (sameEntry(found.entry, named(next.policy, name))) continue;
      options.log.info('database left the policy or changed: stopping its workers', { database: name });
      void forget(name);
    }
  });

  /** The database of a call: by name from the call's policy, and still the same in the current one. */
  const resolve = (call: DatabaseCall): PolicyDatabase => {
    const db = named(call.policy, call.database);
    // Security: only databases named in the policy exist for a client; a path is never accepted. The
    // current policy is asked too, so a database removed while a call was starting is not reopened.
    if (closed || !db || !sameEntry(db, named(options.policy.current().policy, db.name))) {
      const name = call.database.slice(0, 64);
      throw new GatehouseError('NOT_FOUND', `There is no database named "${name}" in the policy.`, {
        hint: 'Call list_databases to see the names.',
      });
    }
    return db;
  };

  /** The pools (and lookups) of a database of the policy, made on first use. */
  const poolsOf = (db: PolicyDatabase): Pools => {
    let found = pools.get(db.name);
    if (!found) {
      found = {
        entry: db,
        readers: pool(db, 'read'),
        lookups: local ? new InlineLookups(db.path, local, checker) : null,
      };
      pools.set(db.name, found);
    }
    return found;
  };

  const run = (call: DatabaseCall, mode: WorkerMode, op: WorkerOp, db = resolve(call)): Promise<unknown> => {
    if (mode === 'write' && db.access !== 'write') {
      throw new GatehouseError('READ_ONLY', `The database "${db.name}" is read-only in the Gatehouse policy.`);
    }
    const found = poolsOf(db);
    if (mode === 'write') found.writer ??= pool(db, 'write');
    const timeoutMs = call.policy.limits.queryTimeoutMs;
    // A write can wait on a lock up to three times (schema, BEGIN IMMEDIATE, COMMIT); each wait ends well
    // inside the time limit, so a lock held elsewhere answers DATABASE_BUSY, not TIMEOUT.
    const busyTimeoutMs = Math.min(1000, Math.floor(timeoutMs / 4));
    const target = mode === 'write' ? found.writer! : found.readers;
    return target.run(op, { timeoutMs, busyTimeoutMs, signal: call.signal, retryable: mode === 'read' });
  };

  return {
    statementKind: (sql) => checker.kindOf(sql),
    async read(call, sql, params, maxRows) {
      checker.check(sql, 'read');
      const limits = {
        maxRows: Math.min(maxRows ?? Infinity, call.policy.limits.maxRows),
        maxBytes: call.policy.limits.maxReadBytes,
        maxBlobBytes: MAX_BLOB_BYTES,
      };
      const db = resolve(call);
      const looked = poolsOf(db).lookups?.read(sql, params, limits);
      if (looked) return looked;
      return (await run(call, 'read', { op: 'read', sql, params, limits }, db)) as QueryResult;
    },
    async write(call, sql, params) {
      checker.check(sql, 'write');
      return (await run(call, 'write', { op: 'write', sql, params })) as WriteResult;
    },
    async listTables(call, rowCounts) {
      return (await run(call, 'read', { op: 'tables', rowCounts })) as TableSummary[];
    },
    async describeTable(call, table) {
      return (await run(call, 'read', { op: 'describe', table })) as TableDescription;
    },
    async quickCheck(call) {
      return (await run(call, 'read', { op: 'check' })) as IntegrityResult;
    },
    stats() {
      const stats: DatabaseStats = {};
      for (const [name, found] of pools)
        stats[name] = { readers: found.readers.stats(), writer: found.writer?.stats() };
      return stats;
    },
    async close() {
      closed = true;
      unsubscribe();
      await Promise.all([...pools.keys()].map(forget));
    },
  };
}
