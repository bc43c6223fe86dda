/** Real SQLite fixtures for the database tests, and a way to prove that nothing on disk changed. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from './temp.js';

/** A folder holding a sample database and a second, "secret" one that no policy names. */
export interface SqliteFixture {
  dir: string;
  /** `shop.db`: customers, orders (FK), a view, indexes, big integers, BLOBs, NULLs. */
  shop: string;
  /** `secret.db`: never in the policy; an ATTACH must not reach it. */
  secret: string;
}

/** The rows of `customers` in `shop.db`. */
export const CUSTOMERS = [
  { id: 1, name: 'Ana', email: 'ana@example.com', balance: 9007199254740993n, avatar: Buffer.from([0, 1, 2, 255]) },
  { id: 2, name: 'Bo', email: 'bo@example.com', balance: -9223372036854775808n, avatar: null },
  { id: 3, name: 'Cy', email: null, balance: 42n, avatar: Buffer.alloc(100_000, 7) },
];

/**
 * Creates the fixture; `journal` sets shop.db's journal mode (the default is DELETE). `dir` is a folder
 * the caller removes itself (e.g. one shared by a whole describe block); by default, a temp folder
 * removed after the test.
 */
export function makeSqliteFixture(journal: 'delete' | 'wal' = 'delete', dir = tempDir('gatehouse-db-')): SqliteFixture {
  const shop = path.join(dir, 'shop.db');
  const secret = path.join(dir, 'secret.db');
  const db = new Database(shop);
  db.pragma(`journal_mode = ${journal}`);
  db.pragma('synchronous = OFF'); // a fixture need not survive a power cut
  db.exec(`
    CREATE TABLE customers (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT UNIQUE,
      balance INTEGER NOT NULL DEFAULT 0,
      avatar BLOB
    );
    CREATE TABLE orders (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      total REAL NOT NULL,
      note TEXT
    );
    CREATE INDEX orders_by_customer ON orders(customer_id, total);
    CREATE VIEW big_spenders AS SELECT c.name, sum(o.total) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.id;
  `);
  const insert = db.prepare('INSERT INTO customers VALUES (@id, @name, @email, @balance, @avatar)');
  const order = db.prepare('INSERT INTO orders (customer_id, total, note) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const customer of CUSTOMERS) insert.run(customer);
    for (let i = 0; i < 50; i += 1) order.run((i % 3) + 1, i * 1.5, i % 10 === 0 ? null : `order ${i}`);
  })();
  db.close();
  const other = new Database(secret);
  other.exec("CREATE TABLE keys (k TEXT); INSERT INTO keys VALUES ('top secret')");
  other.close();
  return { dir, shop, secret };
}

/** Every file under a folder with its SHA-256, sorted: equal snapshots mean byte-identical, none created. */
export function snapshotDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

/** A policy naming databases, with optional limits. */
export function databasePolicy(
  databases: Array<{ name: string; path: string; access: 'read' | 'write' }>,
  limits: Record<string, number> = {},
): unknown {
  return { version: 1, databases, limits };
}

/** A folder that outlives a single test; the caller removes it with removeSharedDir(). */
export function sharedDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-db-shared-')));
}

/** Removes a folder made by sharedDir(). */
export function removeSharedDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** True while a process with this pid exists. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
