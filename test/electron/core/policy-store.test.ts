import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { POLICY_HISTORY_LIMIT } from '../../../electron/core/policy-history.js';
import { PolicyStore, type PolicyStatus } from '../../../electron/core/policy-store.js';
import type { FileWatch } from '../../../electron/core/watch-file.js';
import { replaceByRename, tempDir, waitFor, writeFile } from '../../helpers/temp.js';

const watches: FileWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) await w.close();
});

function store(): { store: PolicyStore; file: string; home: string } {
  const home = tempDir('gatehouse-home-');
  const file = path.join(home, 'policy.json');
  return { store: new PolicyStore(file, path.join(home, 'policy-history')), file, home };
}

/** A file that exists on every machine the tests run on. */
const DB = process.execPath;

const onDisk = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('PolicyStore', () => {
  it('reports a missing file as the defaults', async () => {
    const { store: s } = store();
    const status = await s.read();
    expect(status).toMatchObject({ state: 'missing', revision: null, document: { version: 1 }, issues: [] });
    expect(status.policy.tools).toEqual({});
  });

  it('adds and removes folders and databases, keeping keys the person left out absent', async () => {
    const { store: s, file } = store();
    const folder = tempDir();
    const db = writeFile(path.join(folder, 'notes.db'), '');
    await s.edit({ kind: 'addRoot', path: folder, access: 'read' });
    await s.edit({ kind: 'addDatabase', name: 'notes', path: db, access: 'write' });
    expect(onDisk(file)).toEqual({
      version: 1,
      roots: [{ path: folder, access: 'read' }],
      databases: [{ name: 'notes', path: db, access: 'write' }],
    });
    // Adding a folder again changes its access instead of listing it twice.
    await s.edit({ kind: 'addRoot', path: `${folder}/`, access: 'write' });
    expect(onDisk(file).roots).toEqual([{ path: folder, access: 'write' }]);
    await s.edit({ kind: 'removeRoot', path: folder });
    await s.edit({ kind: 'removeDatabase', name: 'notes' });
    expect(onDisk(file)).toEqual({ version: 1, roots: [], databases: [] });
  });

  it('switches tools and pauses', async () => {
    const { store: s, file } = store();
    await s.edit({ kind: 'setTool', tool: 'move_file', enabled: false });
    await s.edit({ kind: 'setPaused', paused: true });
    expect(onDisk(file)).toEqual({ version: 1, tools: { move_file: false }, paused: true });
    const status = await s.edit({ kind: 'setTool', tool: 'move_file', enabled: true });
    expect(status.document).toEqual({ version: 1, paused: true });
    expect(status.policy.paused).toBe(true);
  });

  it.each([
    ['an unknown tool', { kind: 'setTool', tool: 'rm_rf', enabled: false }, 'INVALID_INPUT'],
    ['a folder that is not shared', { kind: 'removeRoot', path: '/nowhere' }, 'NOT_FOUND'],
    ['a database that does not exist', { kind: 'removeDatabase', name: 'x' }, 'NOT_FOUND'],
    [
      'a database name with spaces',
      { kind: 'addDatabase', name: 'bad name!', path: DB, access: 'read' },
      'INVALID_INPUT',
    ],
    ['a folder that does not exist', { kind: 'addRoot', path: '/no/such/folder', access: 'read' }, 'NOT_FOUND'],
    ['a file shared as a folder', { kind: 'addRoot', path: DB, access: 'read' }, 'NOT_FOUND'],
    ['a database that is a folder', { kind: 'addDatabase', name: 'x', path: '/', access: 'read' }, 'NOT_FOUND'],
  ] as const)('refuses %s without touching the file', async (_name, edit, code) => {
    const { store: s, file } = store();
    await s.edit({ kind: 'setPaused', paused: false });
    const before = fs.readFileSync(file, 'utf8');
    await expect(s.edit(edit)).rejects.toMatchObject({ code });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('reports an invalid hand edit with its fields and never overwrites it', async () => {
    const { store: s, file } = store();
    const broken = '{"version": 1, "limits": {"maxRows": 0}, "pasued": true}';
    writeFile(file, broken);
    const status = await s.read();
    expect(status.state).toBe('invalid');
    expect(status.issues.map((i) => i.field).sort()).toEqual(['', 'limits.maxRows']);
    await expect(s.edit({ kind: 'setPaused', paused: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(s.save({ version: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
  });

  it('validates a full save with the server schema and refuses a save from a stale view', async () => {
    const { store: s, file } = store();
    const first = await s.save({ version: 1, paused: true });
    await expect(s.save({ version: 1, limits: { maxRows: -1 } })).rejects.toThrow(/limits\.maxRows/);
    writeFile(file, JSON.stringify({ version: 1, paused: false }));
    await expect(s.save({ version: 1 }, { baseRevision: first.revision })).rejects.toThrow(/changed since/);
    const fresh = await s.read();
    const saved = await s.save({ version: 1, deny: [] }, { baseRevision: fresh.revision });
    expect(saved.document).toEqual({ version: 1, deny: [] });
  });

  it('keeps the last 20 versions and undoes saves one after the other', async () => {
    const { store: s, file } = store();
    for (let i = 1; i <= POLICY_HISTORY_LIMIT + 3; i += 1) await s.save({ version: 1, limits: { maxRows: i } });
    expect(await s.versions()).toHaveLength(POLICY_HISTORY_LIMIT);
    await s.undo();
    expect(onDisk(file)).toEqual({ version: 1, limits: { maxRows: POLICY_HISTORY_LIMIT + 2 } });
    await s.undo();
    expect(onDisk(file)).toEqual({ version: 1, limits: { maxRows: POLICY_HISTORY_LIMIT + 1 } });
    expect(await s.versions()).toHaveLength(POLICY_HISTORY_LIMIT - 2);
  });

  it('files away a hand edit before an undo replaces it', async () => {
    const { store: s, file } = store();
    await s.save({ version: 1 });
    await s.save({ version: 1, paused: true });
    const hand = '{ "version": 1, "deny": [] }\n';
    writeFile(file, hand);
    await s.undo();
    expect(onDisk(file)).toEqual({ version: 1 });
    const kept = await Promise.all((await s.versions()).map(async (v) => v.id));
    expect(kept).toHaveLength(1);
    await s.restore(kept[0]!);
    expect(fs.readFileSync(file, 'utf8')).toBe(hand);
  });

  it('restores an invalid file from an earlier version, keeping the broken text as a version', async () => {
    const { store: s, file } = store();
    await s.save({ version: 1, paused: true });
    await s.save({ version: 1 });
    writeFile(file, '{ not json');
    const [newest] = await s.versions();
    await s.restore(newest!.id);
    expect(onDisk(file)).toEqual({ version: 1, paused: true });
    const texts = await Promise.all(
      (await s.versions()).map((v) => fs.readFileSync(path.join(path.dirname(file), 'policy-history', v.id), 'utf8')),
    );
    expect(texts).toContain('{ not json');
  });

  it.each(['../policy.json', '/etc/passwd', '1700000000000-000001-deadbeef.json/../../x'])(
    'refuses a version id that names a file outside the history: %s',
    async (id) => {
      const { store: s } = store();
      await expect(s.restore(id)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    },
  );

  it('serialises concurrent edits so none is lost', async () => {
    const { store: s, file } = store();
    const folders = Array.from({ length: 8 }, () => tempDir());
    await Promise.all(folders.map((folder) => s.edit({ kind: 'addRoot', path: folder, access: 'read' })));
    expect((onDisk(file).roots as unknown[]).length).toBe(8);
  });

  it('serialises edits from two stores on the same file (two processes)', async () => {
    const { store: a, file, home } = store();
    const b = new PolicyStore(file, path.join(home, 'policy-history'));
    const folders = Array.from({ length: 6 }, () => tempDir());
    await Promise.all(folders.map((f, i) => (i % 2 ? a : b).edit({ kind: 'addRoot', path: f, access: 'read' })));
    expect((onDisk(file).roots as unknown[]).length).toBe(6);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('writes atomically: the file is never seen half-written', async () => {
    const { store: s, file } = store();
    await s.save({ version: 1 });
    let torn = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const text = fs.readFileSync(file, 'utf8');
        try {
          JSON.parse(text);
        } catch {
          torn += 1;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const big = Array.from({ length: 2000 }, (_v, i) => `**/generated-${i}/**`);
    for (let i = 0; i < 20; i += 1) await s.save({ version: 1, deny: i % 2 ? big : [] });
    reading = false;
    await reader;
    expect(torn).toBe(0);
  });

  it('follows hand edits live, including saves by rename and an invalid edit', async () => {
    const { store: s, file } = store();
    const seen: PolicyStatus[] = [];
    watches.push(await s.watch((status) => seen.push(status)));
    await waitFor(() => seen.length >= 1, 5000, 'initial status');
    expect(seen[0]!.state).toBe('missing');
    writeFile(file, JSON.stringify({ version: 1, paused: true }));
    await waitFor(() => seen.at(-1)?.policy.paused === true, 5000, 'in-place save');
    replaceByRename(file, JSON.stringify({ version: 1, paused: false, deny: [] }));
    await waitFor(() => seen.at(-1)?.document?.deny !== undefined, 5000, 'save by rename');
    writeFile(file, '{"version": 2}');
    await waitFor(() => seen.at(-1)?.state === 'invalid', 5000, 'invalid edit');
    await s.edit({ kind: 'setPaused', paused: true }).catch(() => {});
    expect(fs.readFileSync(file, 'utf8')).toBe('{"version": 2}');
  });
});
