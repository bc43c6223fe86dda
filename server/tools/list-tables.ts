import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { databaseName, ToolDatabaseCall } from './sql-inputs.js';

/** list_tables: the tables and views of a database, with row counts on request. */
export const listTables = defineTool({
  name: 'list_tables',
  description:
    'List the tables and views of a database from list_databases, with their column counts. Set rowCounts ' +
    'to also count the rows of each table (exact; takes longer on very large tables).',
  input: z.object({
    database: databaseName,
    rowCounts: z.boolean().optional().describe('Also count the rows of each table.'),
  }),
  output: z.object({
    tables: z.array(
      z.object({
        name: z.string(),
        type: z.enum(['table', 'view', 'virtual']),
        columns: z.int(),
        withoutRowid: z.boolean(),
        strict: z.boolean(),
        rowCount: z.union([z.int(), z.string(), z.null()]).optional(),
      }),
    ),
  }),
  async handle(args, ctx) {
    ctx.audit.database = args.database;
    const call = new ToolDatabaseCall(ctx, args.database);
    const tables = await ctx.services.databases.listTables(call, args.rowCounts ?? false);
    const line = (t: (typeof tables)[number]) =>
      `${t.name} (${t.type}, ${t.columns} columns${t.rowCount != null ? `, ${t.rowCount} rows` : ''})`;
    const text = tables.length === 0 ? 'No tables or views.' : tables.map(line).join('\n');
    return { data: { tables }, text };
  },
});
