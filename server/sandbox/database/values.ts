/**
 * Values across the JSON boundary, in the worker: SQLite cells to JSON (exact integers, base64 BLOBs,
 * NULL as null) and JSON parameters to bindable values (integers bound as INTEGER, booleans as 0/1).
 */
import type { JsonCell, SqlParams, SqlValue } from './protocol.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Converts one cell read with safeIntegers(true). */
export function toJsonCell(value: unknown, maxBlobBytes: number): JsonCell {
  if (typeof value === 'string') return value;
  // Integers beyond 2^53 would lose digits as JSON numbers: they travel as exact decimal strings.
  if (typeof value === 'bigint') return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
  // REALs can be ±Infinity, which JSON cannot carry.
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) {
    const truncated = value.length > maxBlobBytes;
    const base64 = (truncated ? value.subarray(0, maxBlobBytes) : value).toString('base64');
    return { base64, bytes: value.length, truncated };
  }
  return String(value);
}

/**
 * Converts a row read with safeIntegers(true) in place (one row is one fresh array) and returns its
 * approximate JSON size. Rows are the hot path of a long read: no allocation per cell but BLOBs.
 */
export function toJsonRow(row: unknown[], maxBlobBytes: number): number {
  let bytes = 3;
  for (let i = 0; i < row.length; i += 1) {
    const cell = toJsonCell(row[i], maxBlobBytes);
    row[i] = cell;
    bytes +=
      typeof cell === 'string'
        ? cell.length + 3
        : cell === null || typeof cell === 'number'
          ? 24
          : cell.base64.length + 48;
  }
  return bytes;
}

/** Converts a lastInsertRowid or a count read with safeIntegers(true). */
export function toJsonInteger(value: number | bigint): number | string {
  if (typeof value === 'number') return value;
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
}

type Bindable = string | number | bigint | null;

function toBindable(value: SqlValue): Bindable {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  // better-sqlite3 binds every JS number as REAL; a whole number must reach SQLite as an INTEGER.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

/** The arguments for Statement#iterate/run: a spread of positional values, or one object of named ones. */
export function toBindArgs(params: SqlParams): Bindable[] | [Record<string, Bindable>] {
  if (Array.isArray(params)) return params.map(toBindable);
  const named: Record<string, Bindable> = {};
  for (const [key, value] of Object.entries(params as Record<string, SqlValue>)) {
    // Accept `:id`, `@id` and `$id` as well as `id`: better-sqlite3 wants the bare name.
    named[key.replace(/^[:@$]/, '')] = toBindable(value);
  }
  return [named];
}
