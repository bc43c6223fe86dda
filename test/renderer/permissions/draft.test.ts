import { describe, expect, it } from 'vitest';
import {
  applyEdit,
  databaseNameFor,
  rebaseDraft,
  sameValue,
  setDeny,
  setLimit,
  updateDatabase,
} from '../../../renderer/permissions/draft.js';
import { validatePolicy } from '../../../server/policy/schema.js';

const doc = {
  version: 1 as const,
  roots: [{ path: '/home/ana/notes', access: 'read' as const }],
  databases: [{ name: 'notes', path: '/home/ana/notes.db', access: 'read' as const }],
};

describe('the Permissions draft', () => {
  it('switches access with the admin core’s own edit, and never changes its input', () => {
    const before = structuredClone(doc);
    const next = applyEdit(doc, { kind: 'addRoot', path: '/home/ana/notes', access: 'write' });
    expect(next.roots).toEqual([{ path: '/home/ana/notes', access: 'write' }]);
    expect(doc).toEqual(before);
  });

  it('removes the deny key to follow the defaults again, and keeps a list that is set', () => {
    expect(setDeny({ ...doc, deny: ['**/x'] }, null)).not.toHaveProperty('deny');
    expect(setDeny(doc, ['**/x']).deny).toEqual(['**/x']);
  });

  it('keeps typed text that is not a number, so the schema reports it at the field', () => {
    expect(setLimit(doc, 'maxRows', '500').limits).toEqual({ maxRows: 500 });
    expect(setLimit(doc, 'maxRows', ' 12abc ').limits).toEqual({ maxRows: '12abc' });
    expect(validatePolicy(setLimit(doc, 'maxRows', '12abc'))).toMatchObject({
      ok: false,
      issues: [{ field: 'limits.maxRows' }],
    });
    expect(setLimit(setLimit(doc, 'maxRows', '5'), 'maxRows', '')).not.toHaveProperty('limits');
  });

  it('changes and removes a database by position, even while two share a name', () => {
    const two = { ...doc, databases: [...doc.databases, { name: 'notes', path: '/b.db', access: 'read' as const }] };
    expect(updateDatabase(two, 1, { access: 'write' }).databases![1]).toEqual({
      name: 'notes',
      path: '/b.db',
      access: 'write',
    });
    expect(updateDatabase(two, 0, null).databases).toEqual([{ name: 'notes', path: '/b.db', access: 'read' }]);
  });

  it.each([
    ['/data/Sales 2024.sqlite', 'Sales-2024'],
    ['C:\\Users\\ana\\app.db', 'app'],
    ['/data/.hidden.db', 'hidden'],
    ['/data/日本.db', 'database'],
    ['/home/ana/notes.db', 'notes-2'],
  ])('names the database file %s "%s": valid and unique', (file, name) => {
    expect(databaseNameFor(doc, file)).toBe(name);
    expect(validatePolicy(applyEdit(doc, { kind: 'addDatabase', name, path: '/x.db', access: 'read' })).ok).toBe(true);
  });

  it('compares JSON values whatever their key order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: [] }, { a: {} })).toBe(false);
  });

  describe('rebaseDraft()', () => {
    const draft = applyEdit(doc, { kind: 'setTool', tool: 'move_file', enabled: false });

    it('takes a change made on disk to a part the draft left alone (the tray paused everything)', () => {
      const onDisk = { ...doc, paused: true };
      expect(rebaseDraft(doc, draft, onDisk)).toEqual({ ...draft, paused: true });
    });

    it('keeps the draft where the file did not change, and accepts the same change made on both sides', () => {
      expect(rebaseDraft(doc, draft, doc)).toEqual(draft);
      expect(rebaseDraft(doc, draft, draft)).toEqual(draft);
    });

    it('gives up when both changed the same part differently', () => {
      const onDisk = applyEdit(doc, { kind: 'setTool', tool: 'copy_file', enabled: false });
      expect(rebaseDraft(doc, draft, onDisk)).toBeNull();
    });

    it('drops a key that the file removed and the draft did not touch', () => {
      expect(rebaseDraft(doc, draft, { version: 1, databases: doc.databases })).toEqual({
        version: 1,
        databases: doc.databases,
        tools: { move_file: false },
      });
    });
  });
});
