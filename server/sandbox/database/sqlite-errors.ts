/**
 * What a failure inside a database worker means for the caller, as a contract error payload that can
 * cross the process boundary. SQLite's own messages name statements and identifiers, never row data,
 * so they are passed on (shortened); anything unexpected is reported without internals.
 */
import { GatehouseError, INTERNAL_ERROR_PAYLOAD, type ErrorPayload } from '../../errors.js';

const MAX_MESSAGE = 400;

/** Shape of better-sqlite3's SqliteError, without importing it (this module is shared with the server). */
interface SqliteErrorLike {
  name: string;
  code: string;
  message: string;
}

function isSqliteError(error: unknown): error is SqliteErrorLike {
  return (
    error instanceof Error && error.name === 'SqliteError' && typeof (error as { code?: unknown }).code === 'string'
  );
}

function sqliteMessage(error: Error): string {
  const text = error.message.length > MAX_MESSAGE ? `${error.message.slice(0, MAX_MESSAGE)}…` : error.message;
  return `SQLite: ${text}.`;
}

/** Maps a SQLite result code (e.g. `SQLITE_BUSY_SNAPSHOT`) to the contract's error. */
function fromSqlite(error: SqliteErrorLike & Error, busyTimeoutMs: number): GatehouseError {
  const primary = error.code.replace(/^(SQLITE_[A-Z]+)(_.*)?$/, '$1');
  const message = sqliteMessage(error);
  switch (primary) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new GatehouseError('DATABASE_BUSY', 'The database is locked by another connection; try again shortly.', {
        retryAfterMs: Math.max(250, busyTimeoutMs),
      });
    case 'SQLITE_READONLY':
      return new GatehouseError('READ_ONLY', message, { category: 'external_error' });
    case 'SQLITE_TOOBIG':
    case 'SQLITE_NOMEM':
      return new GatehouseError('TOO_LARGE', `${message} The query builds a value or result too large to hold.`);
    case 'SQLITE_AUTH':
    case 'SQLITE_PERM':
      return new GatehouseError('ACCESS_DENIED', message);
    case 'SQLITE_CANTOPEN':
      return new GatehouseError('ACCESS_DENIED', `${message} The database file cannot be opened.`, {
        category: 'external_error',
      });
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new GatehouseError('INVALID_INPUT', `${message} The file is not a usable SQLite database.`, {
        category: 'external_error',
      });
    case 'SQLITE_IOERR':
    case 'SQLITE_FULL':
    case 'SQLITE_PROTOCOL':
      return new GatehouseError('INTERNAL_ERROR', `${message} The disk or file system reported an error.`, {
        category: 'external_error',
      });
    default:
      // Syntax errors, unknown tables or columns, constraint violations: the caller's SQL.
      return new GatehouseError('INVALID_INPUT', message);
  }
}

/** The payload for an error thrown while serving a request. Unexpected errors are also returned as `unexpected`. */
export function toWorkerErrorPayload(
  error: unknown,
  busyTimeoutMs: number,
): { payload: ErrorPayload; unexpected: boolean } {
  if (error instanceof GatehouseError) return { payload: error.toPayload(), unexpected: false };
  if (isSqliteError(error)) return { payload: fromSqlite(error, busyTimeoutMs).toPayload(), unexpected: false };
  // better-sqlite3 reports bad parameters (missing, too many, wrong type) and multi-statement SQL this way.
  if (error instanceof RangeError || error instanceof TypeError) {
    if (/parameter|statement|bind|SQLite3 can only/i.test(error.message)) {
      return { payload: new GatehouseError('INVALID_INPUT', sqliteMessage(error)).toPayload(), unexpected: false };
    }
  }
  return { payload: INTERNAL_ERROR_PAYLOAD, unexpected: true };
}
