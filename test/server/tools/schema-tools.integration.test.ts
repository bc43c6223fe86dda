import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, startHarness, type Harness } from '../../helpers/in-memory.js';
import { databasePolicy, makeSqliteFixture, snapshotDir } from '../../helpers/sqlite.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function serve(file: string): Promise<Harness> {
  harness = await startHarness({ policy: databasePolicy([{ name: 'shop', path: file, access: 'read' }]) });
  return harness;
}

describe('list_tables', () => {
  it('lists tables and views, without SQLite internals, and counts rows only when asked', async () => {
    const fixture = makeSqliteFixture();
    const h = await serve(fixture.shop);
    const plain = await h.call('list_tables', { database: 'shop' });
    expect(plain.structuredContent).toEqual({
      tables: [
        { name: 'big_spenders', type: 'view', columns: 2, withoutRowid: false, strict: false },
        { name: 'customers', type: 'table', columns: 5, withoutRowid: false, strict: false },
        { name: 'orders', type: 'table', columns: 4, withoutRowid: false, strict: false },
      ],
    });
    const counted = await h.call('list_tables', { database: 'shop', rowCounts: true });
    const tables = (counted.structuredContent as { tables: Array<{ name: string; rowCount?: unknown }> }).tables;
    expect(tables.map((t) => [t.name, t.rowCount])).toEqual([
      ['big_spenders', null],
      ['customers', 3],
      ['orders', 50],
    ]);
    expect((counted.content as Array<{ text: string }>)[0]!.text).toContain('orders (table, 4 columns, 50 rows)');
  });
});

describe('describe_table', () => {
  it('gives columns with type, NOT NULL, default and primary key, foreign keys and indexes', async () => {
    const fixture = makeSqliteFixture();
    const h = await serve(fixture.shop);
    const result = await h.call('describe_table', { database: 'shop', table: 'ORDERS' });
    expect(result.structuredContent).toEqual({
      name: 'orders',
      type: 'table',
      columns: [
        { name: 'id', type: 'INTEGER', notNull: false, default: null, primaryKey: 1, generated: false },
        { name: 'customer_id', type: 'INTEGER', notNull: true, default: null, primaryKey: 0, generated: false },
        { name: 'total', type: 'REAL', notNull: true, default: null, primaryKey: 0, generated: false },
        { name: 'note', type: 'TEXT', notNull: false, default: null, primaryKey: 0, generated: false },
      ],
      foreignKeys: [
        {
          columns: ['customer_id'],
          table: 'customers',
          references: ['id'],
          onUpdate: 'NO ACTION',
          onDelete: 'CASCADE',
        },
      ],
      indexes: [
        {
          name: 'orders_by_customer',
          unique: false,
          origin: 'index',
          partial: false,
          columns: ['customer_id', 'total'],
        },
      ],
    });
    const customers = await h.call('describe_table', { database: 'shop', table: 'customers' });
    expect(customers.structuredContent).toMatchObject({
      columns: expect.arrayContaining([
        { name: 'balance', type: 'INTEGER', notNull: true, default: '0', primaryKey: 0, generated: false },
      ]),
      indexes: [
        { name: 'sqlite_autoindex_customers_1', unique: true, origin: 'unique', partial: false, columns: ['email'] },
      ],
    });
    expect((customers.content as Array<{ text: string }>)[0]!.text).toContain('balance INTEGER NOT NULL DEFAULT 0');
  });

  it('answers NOT_FOUND for an unknown table', async () => {
    const h = await serve(makeSqliteFixture().shop);
    expect(errorOf(await h.call('describe_table', { database: 'shop', table: 'nope' }))?.code).toBe('NOT_FOUND');
  });

  // Table names that would break out of a quoted or unquoted identifier if pasted into SQL.
  const hostileNames: Array<[string, string]> = [
    ['a closing quote and a DROP', 'x"; DROP TABLE orders; --'],
    ['a closing single quote and a UNION', "x' UNION SELECT * FROM customers --"],
    ['a closing bracket', 'x]; DELETE FROM orders; --'],
    ['a closing parenthesis of a pragma call', "orders'); ATTACH 'evil.db' AS e; --"],
    ['a comment opener', 'orders/*'],
    ['a NUL byte', 'orders\u0000; DROP TABLE orders'],
    ['a schema-qualified name', 'main.orders'],
    ['the schema table', 'sqlite_schema'],
  ];

  it.each(hostileNames)('treats a name with %s as a plain name: NOT_FOUND, nothing runs', async (_name, table) => {
    const fixture = makeSqliteFixture();
    const before = snapshotDir(fixture.dir);
    const h = await serve(fixture.shop);
    expect(errorOf(await h.call('describe_table', { database: 'shop', table }))?.code).toBe('NOT_FOUND');
    await h.close();
    harness = undefined;
    expect(snapshotDir(fixture.dir)).toEqual(before);
  });

  // Names SQLite accepts for a table (not the NUL byte, not a reserved name).
  const creatable = hostileNames.filter(([, name]) => !name.includes('\u0000') && !name.startsWith('sqlite_'));
  it.each(creatable)('describes and counts a real table named with %s, exactly', async (_name, table) => {
    const fixture = makeSqliteFixture();
    const db = new Database(fixture.shop);
    db.exec(
      `CREATE TABLE "${table.replaceAll('"', '""')}" (v INTEGER); INSERT INTO "${table.replaceAll('"', '""')}" VALUES (1), (2)`,
    );
    db.close();
    const h = await serve(fixture.shop);
    const described = await h.call('describe_table', { database: 'shop', table });
    expect(described.structuredContent).toMatchObject({ name: table, columns: [{ name: 'v', type: 'INTEGER' }] });
    const listed = await h.call('list_tables', { database: 'shop', rowCounts: true });
    const tables = (listed.structuredContent as { tables: Array<{ name: string; rowCount?: unknown }> }).tables;
    expect(tables.find((t) => t.name === table)?.rowCount).toBe(2);
    expect(tables.find((t) => t.name === 'orders')?.rowCount).toBe(50);
  });
});
