import { z } from 'zod';
import type { TableDescription } from '../sandbox/database/protocol.js';
import { defineTool } from './define-tool.js';
import { databaseName, ToolDatabaseCall } from './sql-inputs.js';

/** A readable outline of a table, close to its CREATE statement. */
function outline(t: TableDescription): string {
  const columns = t.columns.map((c) => {
    const parts = [`  ${c.name}`, c.type || '(no type)'];
    if (c.primaryKey)
      parts.push(`PRIMARY KEY${t.columns.filter((x) => x.primaryKey).length > 1 ? ` #${c.primaryKey}` : ''}`);
    if (c.notNull) parts.push('NOT NULL');
    if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
    if (c.generated) parts.push('GENERATED');
    return parts.join(' ');
  });
  const keys = t.foreignKeys.map(
    (k) =>
      `  (${k.columns.join(', ')}) -> ${k.table}(${k.references.map((r) => r ?? '').join(', ')})` +
      ` ON UPDATE ${k.onUpdate} ON DELETE ${k.onDelete}`,
  );
  const indexes = t.indexes.map(
    (i) =>
      `  ${i.name}${i.unique ? ' UNIQUE' : ''}${i.partial ? ' PARTIAL' : ''} (${i.columns.map((c) => c ?? '<expr>').join(', ')})`,
  );
  return [
    `${t.type} ${t.name}`,
    ...columns,
    ...(keys.length ? ['foreign keys:', ...keys] : []),
    ...(indexes.length ? ['indexes:', ...indexes] : []),
  ].join('\n');
}

/** describe_table: columns, foreign keys and indexes of one table or view. */
export const describeTable = defineTool({
  name: 'describe_table',
  description:
    'Describe a table or view of a database from list_databases: its columns (type, NOT NULL, default, ' +
    'primary key), foreign keys and indexes. Unknown names answer NOT_FOUND.',
  input: z.object({ database: databaseName, table: z.string().min(1).max(1024).describe('A name from list_tables.') }),
  output: z.object({
    name: z.string(),
    type: z.enum(['table', 'view', 'virtual']),
    columns: z.array(
      z.object({
        name: z.string(),
        type: z.string(),
        notNull: z.boolean(),
        default: z.string().nullable(),
        primaryKey: z.int(),
        generated: z.boolean(),
      }),
    ),
    foreignKeys: z.array(
      z.object({
        columns: z.array(z.string()),
        table: z.string(),
        references: z.array(z.string().nullable()),
        onUpdate: z.string(),
        onDelete: z.string(),
      }),
    ),
    indexes: z.array(
      z.object({
        name: z.string(),
        unique: z.boolean(),
        origin: z.enum(['index', 'unique', 'primary key']),
        partial: z.boolean(),
        columns: z.array(z.string().nullable()),
      }),
    ),
  }),
  async handle(args, ctx) {
    ctx.audit.database = args.database;
    const call = new ToolDatabaseCall(ctx, args.database);
    const data = await ctx.services.databases.describeTable(call, args.table);
    return { data, text: outline(data) };
  },
});
