/** Input fields and the call shared by the database tools, declared once. */
import { z } from 'zod';
import type { DatabaseCall } from '../sandbox/database/service.js';
import type { Policy } from '../policy/schema.js';
import type { ToolContext } from './define-tool.js';

/** A database's name in the policy. */
export const databaseName = z.string().min(1).max(64).describe('The database name, as list_databases shows it.');

/** One SQL statement. */
export const sqlText = z
  .string()
  .min(1)
  .max(100_000)
  // Security: SQLite stops reading at a NUL byte, so text after one would be seen by the checks only.
  .refine((sql) => !sql.includes('\0'), 'must not contain a NUL byte')
  .describe('Exactly one SQLite statement; a second statement is refused.');

const sqlValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Values for `?` placeholders (array) or `:name` placeholders (object); bound, never pasted into the SQL. */
export const sqlParams = z
  .union([
    z.array(sqlValue).max(32_766),
    z.record(z.string().regex(/^[:@$]?[A-Za-z_][A-Za-z0-9_]*$/, 'must be a placeholder name'), sqlValue),
  ])
  .describe(
    'Values for ? placeholders (an array) or :name placeholders (an object). Whole numbers bind as INTEGER, ' +
      'booleans as 1/0. For an integer beyond 2^53, pass a string and CAST it.',
  );

/** A database tool's call. Its signal is read only by a query that goes to a worker process. */
export class ToolDatabaseCall implements DatabaseCall {
  readonly policy: Policy;

  constructor(
    private readonly ctx: ToolContext,
    readonly database: string,
  ) {
    this.policy = ctx.policy;
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }
}
