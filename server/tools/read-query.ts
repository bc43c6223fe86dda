import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { databaseName, sqlParams, sqlText, ToolDatabaseCall } from './sql-inputs.js';

/** Results up to this size are also given as JSON text; larger ones travel once, in structuredContent. */
const INLINE_TEXT_BYTES = 16 * 1024;

const cell = z.union([
  z.string(),
  z.number(),
  z.null(),
  z.object({ base64: z.string(), bytes: z.int(), truncated: z.boolean() }),
]);

/** read_query: one read-only statement, its rows capped by maxRows and maxReadBytes. */
export const readQuery = defineTool({
  name: 'read_query',
  description:
    'Run ONE read-only SQLite statement (SELECT, WITH ... SELECT, VALUES, EXPLAIN, or a reading PRAGMA) on a ' +
    'database from list_databases. Rows come back as arrays in the order of `columns`; integers beyond 2^53 ' +
    'as exact strings, BLOBs as {base64, bytes, truncated}, NULL as null. At most maxRows rows (the policy ' +
    'caps it); `truncated` says there were more. ATTACH, VACUUM, writing PRAGMAs and extensions are refused.',
  input: z.object({
    database: databaseName,
    sql: sqlText,
    params: sqlParams.optional(),
    maxRows: z.int().min(1).max(100_000).optional().describe('Return at most this many rows.'),
  }),
  output: z.object({
    columns: z.array(z.string()),
    rows: z.array(z.array(cell)),
    rowCount: z.int(),
    truncated: z.boolean(),
  }),
  async handle(args, ctx) {
    ctx.audit.database = args.database;
    ctx.audit.statementKind = ctx.services.databases.statementKind(args.sql);
    const call = new ToolDatabaseCall(ctx, args.database);
    const { bytes, ...data } = await ctx.services.databases.read(call, args.sql, args.params ?? [], args.maxRows);
    const more = data.truncated ? ' (truncated: there are more)' : '';
    const text =
      bytes <= INLINE_TEXT_BYTES
        ? JSON.stringify(data)
        : `${data.rowCount} rows${more} of columns ${data.columns.join(', ')}; the rows are in the structured result.`;
    return { data, text };
  },
});
