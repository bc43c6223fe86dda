import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { InlineLookups, isBoundedPlan, isBoundedProgram } from '../../../../server/sandbox/database/lookups.js';
import { LocalFolders } from '../../../../server/sandbox/local-mounts.js';
import { CUSTOMERS, makeSqliteFixture } from '../../../helpers/sqlite.js';
import { tempDir } from '../../../helpers/temp.js';

const LIMITS = { maxRows: 100, maxBytes: 1 << 20, maxBlobBytes: 64 * 1024 };
const LOCAL = () => new LocalFolders(() => '1 0 8:1 / / rw - ext4 /dev/x rw');

const open: InlineLookups[] = [];
afterEach(() => {
  for (const lookups of open.splice(0)) lookups.close();
});

function lookupsOf(file: string, local = LOCAL()): InlineLookups {
  const lookups = new InlineLookups(file, local);
  open.push(lookups);
  return lookups;
}

describe('bounded plans and programs', () => {
  const unique = (index: string) => ({ by_email: 1, by_pair: 2 })[index] ?? null;

  it.each([
    ['a rowid lookup', ['SEARCH items USING INTEGER PRIMARY KEY (rowid=?)'], true],
    [
      'a join of rowid lookups',
      ['SEARCH o USING INTEGER PRIMARY KEY (rowid=?)', 'SEARCH c USING INTEGER PRIMARY KEY (rowid=?)'],
      true,
    ],
    ['a whole unique index', ['SEARCH c USING INDEX by_email (email=?)'], true],
    ['a covering whole unique index', ['SEARCH c USING COVERING INDEX by_pair (a=? AND b=?)'], true],
    ['part of a unique index', ['SEARCH c USING INDEX by_pair (a=?)'], false],
    ['an index that is not unique', ['SEARCH c USING INDEX by_name (name=?)'], false],
    ['a range on the rowid', ['SEARCH items USING INTEGER PRIMARY KEY (rowid>?)'], false],
    ['a range on a unique index', ['SEARCH c USING INDEX by_email (email>?)'], false],
    ['a scan', ['SCAN items'], false],
    [
      'a lookup with a scalar subquery',
      ['SEARCH items USING INTEGER PRIMARY KEY (rowid=?)', 'SCALAR SUBQUERY 1', 'SEARCH items'],
      false,
    ],
    ['OR over two indexes', ['MULTI-INDEX OR', 'INDEX 1', 'SEARCH items USING INTEGER PRIMARY KEY (rowid=?)'], false],
    [
      'a sort in a temp b-tree',
      ['SEARCH items USING INTEGER PRIMARY KEY (rowid=?)', 'USE TEMP B-TREE FOR ORDER BY'],
      false,
    ],
    ['no plan at all (a pragma)', [], false],
  ])('%s → %s', (_, plan, bounded) => {
    expect(isBoundedPlan(plan, unique)).toBe(bounded);
  });

  it('refuses programs that call functions, aggregate, sort or use temp or virtual tables', () => {
    expect(isBoundedProgram(['Init', 'OpenRead', 'SeekRowid', 'Column', 'ResultRow', 'Halt'])).toBe(true);
    for (const opcode of ['Function', 'PureFunc', 'AggStep', 'OpenEphemeral', 'SorterOpen', 'VFilter', 'Gosub']) {
      expect(isBoundedProgram(['Init', opcode, 'Halt'])).toBe(false);
    }
  });
});

describe('bounded lookups in the server’s process (real SQLite file)', () => {
  it('serves a rowid lookup and a unique-index lookup, values converted as a worker converts them', () => {
    const { shop } = makeSqliteFixture();
    const lookups = lookupsOf(shop);
    const byId = lookups.read('SELECT id, name, balance FROM customers WHERE id = ?', [1], LIMITS);
    expect(byId).toMatchObject({
      columns: ['id', 'name', 'balance'],
      rows: [[1, 'Ana', String(CUSTOMERS[0]!.balance)]],
    });
    expect(lookups.read('SELECT name FROM customers WHERE email = ?', ['bo@example.com'], LIMITS)?.rows).toEqual([
      ['Bo'],
    ]);
    expect(lookups.read('SELECT name FROM customers WHERE id = ?', [99], LIMITS)).toMatchObject({
      rows: [],
      rowCount: 0,
    });
  });

  it.each([
    ['a scan', 'SELECT name FROM customers'],
    ['a function in the projection', "SELECT printf('%s!', name) FROM customers WHERE id = ?"],
    ['a memory bomb behind a lookup', 'SELECT length(randomblob(100000000)) FROM customers WHERE id = ?'],
    ['LIKE (a function call)', "SELECT name FROM customers WHERE id = ? AND name LIKE '%a%'"],
    ['a view that aggregates', 'SELECT * FROM big_spenders WHERE name = ?'],
    ['an index that is not unique', 'SELECT total FROM orders WHERE customer_id = ?'],
    ['a scalar subquery', 'SELECT name FROM customers WHERE id = (SELECT max(id) FROM customers WHERE id > ?)'],
    ['a reading pragma', 'PRAGMA table_info(customers)'],
  ])('leaves %s to a worker', (_, sql) => {
    const { shop } = makeSqliteFixture();
    const params = sql.includes('?') ? [1] : [];
    expect(lookupsOf(shop).read(sql, params, LIMITS)).toBeNull();
  });

  it('leaves a locked database to a worker, without waiting for the lock', () => {
    const { shop } = makeSqliteFixture();
    const lookups = lookupsOf(shop);
    expect(lookups.read('SELECT name FROM customers WHERE id = ?', [1], LIMITS)).not.toBeNull();
    const holder = new Database(shop);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const started = performance.now();
      expect(lookups.read('SELECT name FROM customers WHERE id = ?', [2], LIMITS)).toBeNull();
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('never answers from a deleted file once the calls that arrived with it are done', async () => {
    const { shop } = makeSqliteFixture();
    const lookups = lookupsOf(shop);
    expect(lookups.read('SELECT name FROM customers WHERE id = ?', [1], LIMITS)?.rows).toEqual([['Ana']]);
    fs.rmSync(shop);
    // Calls of one turn of the event loop share one check of the file; the next turn checks again.
    await new Promise((resolve) => setImmediate(resolve));
    expect(lookups.read('SELECT name FROM customers WHERE id = ?', [1], LIMITS)).toBeNull();
  });

  it('judges a statement again when a write swaps its table for a view that would not be bounded', () => {
    const { shop } = makeSqliteFixture();
    const lookups = lookupsOf(shop);
    const sql = 'SELECT name FROM customers WHERE id = ?';
    expect(lookups.read(sql, [1], LIMITS)?.rows).toEqual([['Ana']]);
    const writer = new Database(shop);
    writer.exec(`PRAGMA foreign_keys = OFF;
      ALTER TABLE customers RENAME TO people;
      CREATE VIEW customers AS SELECT a.id AS id, a.name AS name FROM people a, orders b, orders c;`);
    writer.close();
    // Same text, same turn even: the schema changed under it, so it is no longer served here.
    expect(lookups.read(sql, [1], LIMITS)).toBeNull();
  });

  it('runs nothing for a database on a network file system', () => {
    const { shop } = makeSqliteFixture();
    const nfs = new LocalFolders(() => '1 0 8:1 / / rw - nfs4 server:/ rw');
    expect(lookupsOf(shop, nfs).read('SELECT name FROM customers WHERE id = ?', [1], LIMITS)).toBeNull();
  });

  it('refuses what a worker refuses: a write, ATTACH, a second statement', () => {
    const { shop } = makeSqliteFixture();
    const lookups = lookupsOf(shop);
    for (const sql of ["UPDATE customers SET name = 'x' WHERE id = ?", "ATTACH 'x.db' AS x", 'SELECT 1; SELECT 2']) {
      expect(lookups.read(sql, sql.includes('?') ? [1] : [], LIMITS)).toBeNull();
    }
    const check = new Database(shop, { readonly: true });
    expect(check.prepare('SELECT name FROM customers WHERE id = 1').get()).toEqual({ name: 'Ana' });
    check.close();
  });
});

/**
 * Reads every row of a database by primary key, in a child process, on the BUILT lookups (npm test builds
 * first) or on a plain better-sqlite3 connection, and prints how much the memory outside V8's heap grew,
 * in MB (resident memory less the heap V8 has committed): where SQLite keeps its page cache, whether
 * malloc puts it in [heap] or in a mapping of its own.
 */
const READ_ALL = `
import { createRequire } from 'node:module';
const [file, rows, mode, lookupsModule, mountsModule] = process.argv.slice(1);
const outsideV8Mb = () => {
  const { rss, heapTotal } = process.memoryUsage();
  return (rss - heapTotal) / 1048576;
};
let read;
if (mode === 'lookups') {
  const { InlineLookups } = await import(lookupsModule);
  const { LocalFolders } = await import(mountsModule);
  const lookups = new InlineLookups(file, new LocalFolders(() => '1 0 8:1 / / rw - ext4 /dev/x rw'));
  const limits = { maxRows: 10, maxBytes: 1 << 20, maxBlobBytes: 1 << 16 };
  read = (id) => lookups.read('SELECT * FROM pages WHERE id = ?', [id], limits);
} else {
  const Database = createRequire(lookupsModule)('better-sqlite3');
  const statement = new Database(file, { readonly: true }).prepare('SELECT * FROM pages WHERE id = ?');
  read = (id) => statement.get(id);
}
read(1);
const before = outsideV8Mb();
for (let id = 1; id <= Number(rows); id += 1) if (!read(id)) throw new Error('no row ' + id);
process.stdout.write(String(outsideV8Mb() - before));
`;

// Where lookups run at all: Linux (they need the mount table to know a file is local).
describe.runIf(process.platform === 'linux')('memory of the lookup connection', () => {
  it('keeps a small page cache: reading a 20 MB database through it leaves little behind', () => {
    const file = path.join(tempDir('gatehouse-cache-'), 'pages.db');
    const rows = 20_000;
    const db = new Database(file);
    db.exec('CREATE TABLE pages (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO pages VALUES (?, ?)');
    db.transaction(() => {
      for (let id = 1; id <= rows; id += 1) insert.run(id, `page ${id} `.padEnd(1000, 'x'));
    })();
    db.close();
    const built = (module: string) => path.resolve(import.meta.dirname, '../../../../dist/server/sandbox', module);
    const grownMb = (mode: string) =>
      Number(
        execFileSync(
          process.execPath,
          [
            // A small young generation: V8's own growth stays out of the figure.
            '--max-semi-space-size=1',
            '--input-type=module',
            '-e',
            READ_ALL,
            file,
            String(rows),
            mode,
            built('database/lookups.js'),
            built('local-mounts.js'),
          ],
          { encoding: 'utf8' },
        ),
      );
    // better-sqlite3's default cache (16 MiB) keeps most of the file; the lookups' keeps 2 MiB.
    const plain = grownMb('plain');
    expect(plain).toBeGreaterThan(12);
    expect(grownMb('lookups')).toBeLessThan(6);
  });
});
