import fs from 'node:fs';
import path from 'node:path';
import winston from 'winston';
import { afterEach, describe, expect, it } from 'vitest';
import { openPolicySource, type PolicySource } from '../../../server/policy/source.js';
import { replaceByRename, tempDir, waitFor, writePolicy } from '../../helpers/temp.js';

const silent = winston.createLogger({ silent: true });
const open: PolicySource[] = [];

afterEach(async () => {
  for (const source of open.splice(0)) await source.close();
});

async function sourceFor(file: string, extraRoots: string[] = []): Promise<PolicySource> {
  const source = await openPolicySource({ file, extraRoots, log: silent });
  open.push(source);
  return source;
}

function setup() {
  const dir = tempDir();
  return { dir, file: path.join(dir, 'policy.json') };
}

describe('openPolicySource()', () => {
  it('serves defaults plus the positional roots when there is no file', async () => {
    const { dir, file } = setup();
    const source = await sourceFor(file, [path.join(dir, 'docs', '..', 'docs/')]);
    const snapshot = source.current();
    expect(snapshot.state).toBe('missing');
    expect(snapshot.policy.roots).toEqual([{ path: path.join(dir, 'docs'), access: 'write' }]);
    expect(snapshot.policy.tools).toEqual({});
  });

  it('merges positional roots into the file roots with write access', async () => {
    const { file } = setup();
    writePolicy(file, {
      version: 1,
      roots: [
        { path: '/srv/a/', access: 'read' },
        { path: '/srv/b', access: 'read' },
      ],
    });
    const source = await sourceFor(file, ['/srv/b']);
    expect(source.current().policy.roots).toEqual([
      { path: '/srv/a', access: 'read' },
      { path: '/srv/b', access: 'write' },
    ]);
  });

  it('hands out frozen snapshots', async () => {
    const { file } = setup();
    writePolicy(file, { version: 1, roots: [{ path: '/srv/a', access: 'read' }] });
    const { policy } = (await sourceFor(file)).current();
    expect(Object.isFrozen(policy) && Object.isFrozen(policy.roots[0]) && Object.isFrozen(policy.limits)).toBe(true);
  });

  it('sees an in-place save', async () => {
    const { file } = setup();
    writePolicy(file, { version: 1 });
    const source = await sourceFor(file);
    fs.writeFileSync(file, JSON.stringify({ version: 1, paused: true }));
    await waitFor(() => source.current().policy.paused, 5000, 'in-place save');
    expect(source.current().state).toBe('valid');
  });

  it('sees an atomic replace by rename', async () => {
    const { file } = setup();
    writePolicy(file, { version: 1 });
    const source = await sourceFor(file);
    replaceByRename(file, JSON.stringify({ version: 1, tools: { write_file: false } }));
    await waitFor(() => source.current().policy.tools.write_file === false, 5000, 'rename');
    replaceByRename(file, JSON.stringify({ version: 1, paused: true }));
    await waitFor(() => source.current().policy.paused, 5000, 'second rename');
  });

  it('falls back to defaults when the file is deleted and follows it when it comes back', async () => {
    const { file } = setup();
    writePolicy(file, { version: 1, paused: true });
    const source = await sourceFor(file);
    expect(source.current().policy.paused).toBe(true);
    fs.unlinkSync(file);
    await waitFor(() => source.current().state === 'missing', 5000, 'deletion');
    expect(source.current().policy.paused).toBe(false);
    writePolicy(file, { version: 1, paused: true });
    await waitFor(() => source.current().state === 'valid' && source.current().policy.paused, 5000, 're-creation');
  });

  it('keeps the last valid policy when an invalid file is written, and reports why', async () => {
    const { file } = setup();
    writePolicy(file, { version: 1, paused: true });
    const source = await sourceFor(file);
    fs.writeFileSync(file, JSON.stringify({ version: 1, paused: false, limits: { maxRows: -1 } }));
    await waitFor(() => source.current().state === 'stale', 5000, 'stale state');
    expect(source.current().policy.paused).toBe(true);
    expect(source.current().problem).toMatch(/limits\.maxRows/);
    fs.writeFileSync(file, JSON.stringify({ version: 1, paused: false }));
    await waitFor(() => source.current().state === 'valid', 5000, 'recovery');
    expect(source.current().policy.paused).toBe(false);
  });

  it('keeps the last valid policy when the file is replaced by a directory', async () => {
    const { file } = setup();
    writePolicy(file, { version: 1, tools: { read_file: false } });
    const source = await sourceFor(file);
    fs.unlinkSync(file);
    fs.mkdirSync(file);
    await waitFor(() => source.current().state === 'stale' || source.current().state === 'missing', 5000, 'directory');
    await waitFor(() => source.current().state === 'stale', 5000, 'stale after directory');
    expect(source.current().problem).toMatch(/EISDIR/);
  });

  it('serves nothing, not even positional roots, when the file is invalid from the start', async () => {
    const { file } = setup();
    fs.writeFileSync(file, '{ not json');
    const source = await sourceFor(file, ['/srv/docs']);
    expect(source.current().state).toBe('invalid');
    expect(source.current().policy.roots).toEqual([]);
    expect(source.current().problem).toMatch(/not valid JSON/);
    writePolicy(file, { version: 1 });
    await waitFor(() => source.current().state === 'valid', 5000, 'first valid file');
    expect(source.current().policy.roots).toEqual([{ path: '/srv/docs', access: 'write' }]);
  });

  it('tells subscribers about each change once, with the previous snapshot', async () => {
    const { file } = setup();
    writePolicy(file, { version: 1 });
    const source = await sourceFor(file);
    const seen: Array<[boolean, boolean]> = [];
    source.onChange((next, previous) => seen.push([previous.policy.paused, next.policy.paused]));
    fs.writeFileSync(file, JSON.stringify({ version: 1, paused: true }));
    await waitFor(() => seen.length > 0, 5000, 'change event');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([[false, true]]);
  });
});
