/** The benchmark's SQLite database: 100,000 deterministic rows, generated once under `.bench/`. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pick, randomInt, seededRandom } from './random.js';

/** Rows in the benchmark table `items`, ids 1..ROWS. */
export const ROWS = 100_000;
/** Rows read by the range scenario. */
export const RANGE_ROWS = 1_000;

const CATEGORIES = ['books', 'garden', 'kitchen', 'office', 'tools', 'toys', 'music', 'sports'];
const WORDS = 'red blue small large steel oak linen classic compact deluxe spare travel home desk'.split(' ');

/** Creates the database at `file` unless a complete one is there; returns its path. */
export function ensureDatabase(file: string): string {
  const stamp = `${file}.complete`;
  if (fs.existsSync(stamp) && fs.existsSync(file)) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = new Database(file);
  try {
    db.exec(`CREATE TABLE items (
      id INTEGER PRIMARY KEY,
      sku TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      category TEXT NOT NULL,
      price REAL NOT NULL,
      quantity INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      description TEXT
    )`);
    const insert = db.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const random = seededRandom(7);
    db.transaction(() => {
      for (let id = 1; id <= ROWS; id++) {
        const name = `${pick(random, WORDS)} ${pick(random, WORDS)} ${pick(random, CATEGORIES)}`;
        const day = new Date(Date.UTC(2020, 0, 1) + randomInt(random, 0, 1500) * 86_400_000);
        insert.run(
          id,
          `SKU-${String(id).padStart(6, '0')}`,
          name,
          pick(random, CATEGORIES),
          randomInt(random, 100, 99_999) / 100,
          randomInt(random, 0, 500),
          day.toISOString().slice(0, 10),
          `A ${name} for everyday use, ${pick(random, WORDS)} finish.`,
        );
      }
    })();
  } finally {
    db.close();
  }
  fs.writeFileSync(stamp, String(ROWS));
  return file;
}
