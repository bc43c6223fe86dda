/**
 * list_tables and describe_table, in the worker. Table names travel only as bound parameters of the
 * pragma table functions; the one place a name becomes SQL text (a row count) uses a name read from the
 * schema itself, quoted as an identifier.
 */
import type Database from 'better-sqlite3';
import { GatehouseError } from '../../errors.js';
import type { TableDescription, TableSummary } from './protocol.js';
import { toJsonInteger } from './values.js';

type TableType = TableSummary['type'];

interface TableListRow {
  name: string;
  type: string;
  ncol: bigint;
  wr: bigint;
  strict: bigint;
}

const SHOWN_TYPES = new Set(['table', 'view', 'virtual']);

/** Quotes an identifier for SQL text: double quotes, inner ones doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The tables and views of the main schema, without SQLite's own and FTS shadow tables. */
function tableList(db: Database.Database): TableListRow[] {
  const rows = db
    .prepare("SELECT name, type, ncol, wr, strict FROM pragma_table_list WHERE schema = 'main' ORDER BY name")
    .all() as TableListRow[];
  return rows.filter((row) => SHOWN_TYPES.has(row.type) && !row.name.toLowerCase().startsWith('sqlite_'));
}

/** Every table and view; with `rowCounts`, each table's exact row count too. */
export function listTables(db: Database.Database, rowCounts: boolean): TableSummary[] {
  return tableList(db).map((row) => {
    const summary: TableSummary = {
      name: row.name,
      type: row.type as TableType,
      columns: Number(row.ncol),
      withoutRowid: row.wr === 1n,
      strict: row.strict === 1n,
    };
    if (rowCounts) {
      // The name comes from the schema, not the caller, and is quoted; views and virtual tables can be
      // arbitrarily expensive to count, so only real tables are.
      summary.rowCount =
        row.type === 'table'
          ? toJsonInteger(
              db
                .prepare(`SELECT count(*) FROM main.${quoteIdentifier(row.name)}`)
                .pluck()
                .get() as bigint,
            )
          : null;
    }
    return summary;
  });
}

const ORIGINS = { c: 'index', u: 'unique', pk: 'primary key' } as const;

interface ColumnRow {
  name: string;
  type: string;
  notnull: bigint;
  dflt_value: string | null;
  pk: bigint;
  hidden: bigint;
}
interface ForeignKeyRow {
  id: bigint;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}
interface IndexRow {
  name: string;
  unique: bigint;
  origin: keyof typeof ORIGINS;
  partial: bigint;
}

// The table's name is always a bound parameter of a pragma table function, never SQL text.
const COLUMNS_SQL = `SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, 'main') ORDER BY cid`;
const KEYS_SQL = `SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?, 'main') ORDER BY id, seq`;
const INDEXES_SQL = `SELECT name, "unique", origin, partial FROM pragma_index_list(?, 'main') ORDER BY seq DESC`;
const INDEX_COLUMNS_SQL = `SELECT name FROM pragma_index_info(?, 'main') ORDER BY seqno`;

/** Columns, foreign keys and indexes of one table or view; NOT_FOUND when there is none of that name. */
export function describeTable(db: Database.Database, table: string): TableDescription {
  // SQLite compares table names case-insensitively; so does this lookup.
  const found = tableList(db).find((row) => row.name.toLowerCase() === table.toLowerCase());
  if (!found) {
    throw new GatehouseError('NOT_FOUND', 'There is no table or view of that name in this database.', {
      hint: 'Call list_tables to see the names.',
    });
  }
  const name = found.name;
  const columns = db.prepare(COLUMNS_SQL).all(name) as ColumnRow[];
  const keys = db.prepare(KEYS_SQL).all(name) as ForeignKeyRow[];
  const indexes = db.prepare(INDEXES_SQL).all(name) as IndexRow[];
  const indexColumns = db.prepare(INDEX_COLUMNS_SQL).pluck();

  const foreignKeys = new Map<bigint, TableDescription['foreignKeys'][number]>();
  for (const key of keys) {
    const entry = foreignKeys.get(key.id) ?? {
      columns: [],
      table: key.table,
      references: [],
      onUpdate: key.on_update,
      onDelete: key.on_delete,
    };
    entry.columns.push(key.from);
    entry.references.push(key.to);
    foreignKeys.set(key.id, entry);
  }
  return {
    name,
    type: found.type as TableType,
    columns: columns
      // hidden = 1 marks a virtual table's hidden column; 2 and 3 are generated columns.
      .filter((c) => c.hidden !== 1n)
      .map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.notnull === 1n,
        default: c.dflt_value,
        primaryKey: Number(c.pk),
        generated: c.hidden === 2n || c.hidden === 3n,
      })),
    foreignKeys: [...foreignKeys.values()],
    indexes: indexes.map((index) => ({
      name: index.name,
      unique: index.unique === 1n,
      origin: ORIGINS[index.origin] ?? 'index',
      partial: index.partial === 1n,
      columns: indexColumns.all(index.name) as Array<string | null>,
    })),
  };
}
