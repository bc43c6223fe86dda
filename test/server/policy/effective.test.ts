import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseNameFor, effectivePolicy } from '../../../server/policy/effective.js';
import { emptyPolicy, policySchema } from '../../../server/policy/schema.js';

describe('effectivePolicy() with --db files', () => {
  it('adds each file read only, named after it', () => {
    const policy = effectivePolicy(null, [], ['/data/shop.db', '/data/notes.sqlite3']);
    expect(policy.databases).toEqual([
      { name: 'shop', path: path.resolve('/data/shop.db'), access: 'read' },
      { name: 'notes', path: path.resolve('/data/notes.sqlite3'), access: 'read' },
    ]);
  });

  it('keeps the policy entry of a file the policy already names, with its name and access', () => {
    const file = { ...emptyPolicy(), databases: [{ name: 'orders', path: '/data/shop.db', access: 'write' as const }] };
    const policy = effectivePolicy(file, [], ['/data/shop.db']);
    expect(policy.databases).toEqual([{ name: 'orders', path: path.resolve('/data/shop.db'), access: 'write' }]);
  });

  it('makes names unique and valid, so the result still passes the policy schema', () => {
    const file = { ...emptyPolicy(), databases: [{ name: 'shop', path: '/a/shop.db', access: 'read' as const }] };
    const policy = effectivePolicy(
      file,
      [],
      ['/b/shop.db', '/c/shop.db', '/d/my data (v2).db', '/e/.hidden.db', '/f/---.db'],
    );
    expect(policy.databases.map((db) => db.name)).toEqual(['shop', 'shop-2', 'shop-3', 'my_data__v2_', 'hidden', 'db']);
    expect(policySchema.safeParse({ ...policy, databases: policy.databases }).success).toBe(true);
  });
});

describe('databaseNameFor()', () => {
  it('cuts a long name to fit the schema with room for a suffix', () => {
    expect(databaseNameFor(`/x/${'a'.repeat(100)}.db`, new Set()).length).toBe(56);
  });
});
