/**
 * The engine's layer of the SQL rules, in the worker, on the compiled statement: SQLite's own
 * read-only verdict (`sqlite3_stmt_readonly`) and a scan of its bytecode (`EXPLAIN`) for what that
 * verdict lets through. better-sqlite3 exposes no authorizer callback, so the bytecode is the most
 * exact view of what a statement will do: ATTACH is a call to `sqlite_attach`, VACUUM INTO an OP_Vacuum,
 * BEGIN an OP_AutoCommit, whatever the text looked like.
 */
import type Database from 'better-sqlite3';
import { GatehouseError } from '../../errors.js';
import type { SqlPurpose } from './sql-policy.js';

/** Functions that open other files or load native code. */
const OUTSIDE_FUNCTION = /^(sqlite_attach|sqlite_detach|load_extension)\(/i;

/** Opcodes refused in every statement: file rewrites, journal changes, transaction control. */
const NEVER_OPCODES = new Set(['Vacuum', 'JournalMode', 'Checkpoint', 'AutoCommit', 'Savepoint']);

/** One row of EXPLAIN: addr, opcode, p1, p2, p3, p4, p5, comment (integers as BigInt or number). */
type ProgramRow = [unknown, string, number | bigint, number | bigint, unknown, unknown, unknown, unknown];

function refuse(what: string): never {
  throw new GatehouseError('ACCESS_DENIED', `${what} is refused: only the database itself is reachable.`);
}

/** Scans a compiled program; throws when it reaches outside the database or controls transactions. */
export function checkProgram(program: readonly ProgramRow[], purpose: SqlPurpose): void {
  for (const [, opcode, p1, p2, , p4] of program) {
    // Security: ATTACH/DETACH compile to calls of internal functions; load_extension is one too.
    if (typeof p4 === 'string' && OUTSIDE_FUNCTION.test(p4)) refuse(p4.replace(/\(.*$/, ''));
    if (NEVER_OPCODES.has(opcode)) refuse(`The ${opcode} operation`);
    if (opcode !== 'Transaction' || Number(p2) === 0) continue;
    // Security: a read never opens a write transaction; a write never writes the temp or another schema.
    if (purpose === 'read') {
      throw new GatehouseError('READ_ONLY', 'read_query runs read-only statements; this one writes.');
    }
    if (Number(p1) !== 0) refuse('Writing outside the main database');
  }
}

/**
 * Checks a freshly prepared statement. `bindArgs` are the call's own parameters: the EXPLAIN form of a
 * statement takes the same ones.
 */
export function checkStatement(
  db: Database.Database,
  statement: Database.Statement,
  sql: string,
  purpose: SqlPurpose,
  bindArgs: readonly unknown[],
): void {
  // Security: SQLite's own verdict; it also marks VACUUM, journal changes and checkpoints as writes.
  if (purpose === 'read' && !statement.readonly) {
    throw new GatehouseError('READ_ONLY', 'read_query runs read-only statements; this one writes.', {
      hint: 'Use write_query on a database the policy opens for writing.',
    });
  }
  // An EXPLAIN statement only lists a program; it runs nothing, and cannot itself be explained.
  if (!/^\s*explain\b/i.test(sql)) {
    const program = db
      .prepare(`EXPLAIN ${sql}`)
      .raw(true)
      .all(...bindArgs) as ProgramRow[];
    checkProgram(program, purpose);
  }
  if (purpose === 'read' && !statement.reader) {
    throw new GatehouseError('INVALID_INPUT', 'read_query runs statements that return rows.');
  }
}
