import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { databaseName, sqlParams, sqlText, ToolDatabaseCall } from './sql-inputs.js';

/** write_query: one statement that changes a `write` database, all or nothing. */
export const writeQuery = defineTool({
  name: 'write_query',
  description:
    'Run ONE SQLite statement that changes a database the policy opens for writing (INSERT, UPDATE, DELETE, ' +
    'REPLACE, CREATE, DROP, ALTER...). It runs in its own transaction: all of it applies or none. Locked by ' +
    'another program: DATABASE_BUSY with retryAfterMs. ATTACH, VACUUM, PRAGMA, TEMP objects and extensions ' +
    'are refused.',
  input: z.object({ database: databaseName, sql: sqlText, params: sqlParams.optional() }),
  output: z.object({
    changes: z.int().describe('Rows inserted, updated or deleted.'),
    lastInsertRowid: z.union([z.int(), z.string()]).describe('Rowid of the last insert; a string beyond 2^53.'),
  }),
  async handle(args, ctx) {
    ctx.audit.database = args.database;
    ctx.audit.statementKind = ctx.services.databases.statementKind(args.sql);
    const call = new ToolDatabaseCall(ctx, args.database);
    const data = await ctx.services.databases.write(call, args.sql, args.params ?? []);
    return { data, text: `${data.changes} row(s) changed; last insert rowid ${data.lastInsertRowid}.` };
  },
});
