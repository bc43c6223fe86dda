/**
 * The messages between the database pool (in the server) and a database worker (a child process).
 * Plain JSON both ways: results arrive already in their contract form, errors as contract payloads.
 */
import type { ErrorPayload } from '../../errors.js';

/** A reader opens the file read-only; a writer read-write. Neither ever creates it. */
export type WorkerMode = 'read' | 'write';

/** Sent once, first: what the worker serves. */
export interface WorkerInit {
  readonly type: 'init';
  readonly path: string;
  readonly mode: WorkerMode;
  /** The worker stops itself when its resident memory passes this (a memory bomb, not the server). */
  readonly memoryLimitBytes: number;
  /** SQLite's page cache for the connection, in KiB; unset, better-sqlite3's default (16 MiB). */
  readonly cacheKiB?: number;
}

/** A bound parameter value, as JSON carries it. */
export type SqlValue = string | number | boolean | null;

/** Positional or named parameters. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/** Limits of one read. */
export interface ReadLimits {
  readonly maxRows: number;
  /** Approximate JSON size of the rows; reading stops before a row that would pass it. */
  readonly maxBytes: number;
  /** BLOBs longer than this are cut (and marked `truncated`). */
  readonly maxBlobBytes: number;
}

/** One operation of a worker. */
export type WorkerOp =
  | { readonly op: 'read'; readonly sql: string; readonly params: SqlParams; readonly limits: ReadLimits }
  | { readonly op: 'write'; readonly sql: string; readonly params: SqlParams }
  | { readonly op: 'tables'; readonly rowCounts: boolean }
  | { readonly op: 'describe'; readonly table: string }
  | { readonly op: 'check' };

/** A request: an operation with its id and the busy timeout to use. */
export type WorkerRequest = WorkerOp & { readonly id: number; readonly busyTimeoutMs: number };

/** The worker's answer to a request. */
export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ErrorPayload };

/** Sent once the worker listens for requests. */
export interface WorkerReady {
  readonly ready: true;
}

/** A JSON-safe SQLite value: exact integers past 2^53 as strings, BLOBs as base64. */
export type JsonCell = string | number | null | { base64: string; bytes: number; truncated: boolean };

/** read_query's result. */
export interface QueryResult {
  columns: string[];
  rows: JsonCell[][];
  rowCount: number;
  truncated: boolean;
  /** Approximate JSON size of the rows. */
  bytes: number;
}

/** write_query's result. */
export interface WriteResult {
  changes: number;
  lastInsertRowid: number | string;
}

/** `PRAGMA quick_check` of a database, for health: `ok`, or the first problems it found. */
export interface IntegrityResult {
  ok: boolean;
  /** SQLite's descriptions of what is wrong (pages, indexes, constraints; never row data). */
  problems: string[];
}

/** One table or view of list_tables. */
export interface TableSummary {
  name: string;
  type: 'table' | 'view' | 'virtual';
  columns: number;
  withoutRowid: boolean;
  strict: boolean;
  /** Exact row count, when asked for, of tables only. */
  rowCount?: number | string | null;
}

/** describe_table's result. */
export interface TableDescription {
  name: string;
  type: 'table' | 'view' | 'virtual';
  columns: Array<{
    name: string;
    type: string;
    notNull: boolean;
    default: string | null;
    /** 1-based position in the primary key, 0 when not part of it. */
    primaryKey: number;
    generated: boolean;
  }>;
  foreignKeys: Array<{
    columns: string[];
    table: string;
    references: Array<string | null>;
    onUpdate: string;
    onDelete: string;
  }>;
  indexes: Array<{
    name: string;
    unique: boolean;
    origin: 'index' | 'unique' | 'primary key';
    partial: boolean;
    columns: Array<string | null>;
  }>;
}

/** The line a worker writes to stderr before it stops itself for using too much memory. */
export const MEMORY_LIMIT_MARKER = 'gatehouse-db-worker: memory limit reached';
