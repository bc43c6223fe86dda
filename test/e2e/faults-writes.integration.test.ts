/**
 * Writes that fail mid-way, or are cut short by SIGTERM, in the BUILT server: the file keeps its old
 * bytes or has the new ones entirely, and no temp file is left behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instanceFilePath } from '../../server/status/instances.js';
import { errorOf } from '../helpers/in-memory.js';
import { childPids, waitForExit } from '../helpers/processes.js';
import { spawnRaw } from '../helpers/spawn-server.js';
import { databasePolicy, makeSqliteFixture } from '../helpers/sqlite.js';
import { startObserved, waitForInstance } from '../helpers/status.js';
import { tempDir, waitFor, writePolicy } from '../helpers/temp.js';

const KIB = 1024;
const MIB = 1024 * KIB;
const FSIZE_LIMIT = 1 * MIB;
const ORIGINAL = Buffer.from(`${'the original text, which must survive\n'.repeat(1000)}the one line to edit\n`);

const mounts: string[] = [];
afterEach(() => {
  for (const dir of mounts.splice(0)) spawnSync('umount', [dir]);
});

/** A tmpfs of `size` at a new temp folder, or null where mounting needs privileges we lack. */
function smallTmpfs(size: string): string | null {
  const dir = tempDir('gatehouse-tmpfs-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  if (mounted.status !== 0) return null;
  mounts.push(dir);
  return dir;
}

/** Whether this machine lets the tests mount a tmpfs (root on Linux). */
const canMountTmpfs = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = fs.mkdtempSync('/tmp/gatehouse-probe-');
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' }).status === 0;
  if (ok) spawnSync('umount', [dir]);
  fs.rmdirSync(dir);
  return ok;
})();

const hasPrlimit = spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;

/** Entries Gatehouse left beside the file: its temp names start with a dot and end in `.tmp`. */
const leftovers = (dir: string) => fs.readdirSync(dir).filter((name) => /gatehouse-.*\.tmp$/.test(name));

function expectNoContentLeak(result: Record<string, unknown>) {
  const text = JSON.stringify(result);
  expect(text).not.toMatch(/x{64}|original text/);
  expect(text).not.toMatch(/\bat .*\.js:\d+/);
}

describe('a write failing mid-way leaves the original intact', () => {
  // prlimit comes with util-linux; without it RLIMIT_FSIZE cannot be set on the server alone.
  it.runIf(hasPrlimit)(
    'RLIMIT_FSIZE: write_file, edit_file and append_file answer TOO_LARGE and change nothing',
    async () => {
      const root = tempDir();
      const file = path.join(root, 'notes.txt');
      fs.writeFileSync(file, ORIGINAL);
      // Node ignores SIGXFSZ, so a write past the limit fails with EFBIG instead of killing the server.
      const server = await startObserved(tempDir(), [root], { prefix: ['prlimit', `--fsize=${FSIZE_LIMIT}`, '--'] });
      const call = (name: string, args: Record<string, unknown>) => server.client.callTool({ name, arguments: args });
      const big = 'x'.repeat(FSIZE_LIMIT + 512 * KIB);
      for (const result of [
        await call('write_file', { path: file, content: big }),
        await call('edit_file', { path: file, edits: [{ oldText: 'the one line to edit', newText: big }] }),
        await call('append_file', { path: file, content: big }),
      ]) {
        expect(errorOf(result)).toMatchObject({ code: 'TOO_LARGE', category: 'external_error' });
        expectNoContentLeak(result);
        expect(fs.readFileSync(file).equals(ORIGINAL)).toBe(true);
        expect(leftovers(root)).toEqual([]);
      }
      expect(await server.stillServes()).toBe(true);
      expect(errorOf(await call('write_file', { path: file, content: 'small enough' }))).toBeUndefined();
      expect(fs.readFileSync(file, 'utf8')).toBe('small enough');
    },
  );

  // Mounting a tmpfs needs root; elsewhere RLIMIT_FSIZE above covers the same code path.
  it.runIf(canMountTmpfs)('ENOSPC: a full disk answers a contract error and changes nothing', async () => {
    const root = smallTmpfs('1m')!;
    const file = path.join(root, 'notes.txt');
    fs.writeFileSync(file, ORIGINAL);
    const server = await startObserved(tempDir(), [root]);
    const result = await server.client.callTool({
      name: 'write_file',
      arguments: { path: file, content: 'x'.repeat(2 * MIB) },
    });
    expect(errorOf(result)).toMatchObject({ code: 'INTERNAL_ERROR', category: 'external_error' });
    expect(errorOf(result)?.message).toMatch(/No space left/);
    expectNoContentLeak(result);
    expect(fs.readFileSync(file).equals(ORIGINAL)).toBe(true);
    expect(leftovers(root)).toEqual([]);
    const health = await server.health();
    expect(health.checks.find((c) => c.name === `disk:${root}`)?.status).toBe('unhealthy');
    expect(await server.stillServes()).toBe(true);
  });
});

describe('SIGTERM during writes', () => {
  it('exits 0 with every file old or new entirely, no temp file, no instance file, no worker left', async () => {
    const home = tempDir();
    const root = tempDir();
    const fixture = makeSqliteFixture();
    writePolicy(path.join(home, 'policy.json'), {
      ...(databasePolicy([{ name: 'shop', path: fixture.shop, access: 'read' }]) as object),
      roots: [{ path: root, access: 'write' }],
    });
    const files = Array.from({ length: 8 }, (_, i) => path.join(root, `file-${i}.txt`));
    for (const [i, file] of files.entries()) fs.writeFileSync(file, `old ${i}\n`);
    const fresh = (i: number) => `new ${i}\n`.repeat((2 * MIB) / 6);

    const server = await spawnRaw(home);
    const pid = server.child.pid!;
    await waitForInstance(home, pid);
    await server.request('db', 'tools/call', {
      name: 'read_query',
      arguments: { database: 'shop', sql: 'SELECT 1' },
    });
    const workers = childPids(pid);
    expect(workers.length).toBeGreaterThan(0);
    for (const [i, file] of files.entries()) {
      server.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: `w${i}`,
          method: 'tools/call',
          params: { name: 'write_file', arguments: { path: file, content: fresh(i) } },
        }),
      );
    }
    // Strike while the writes are under way: once a temp file shows up (or, at the latest, two are done).
    await waitFor(
      () => leftovers(root).length > 0 || files.filter((f) => fs.statSync(f).size > 100).length >= 2,
      20_000,
      'a write to start',
    );
    server.child.kill('SIGTERM');

    expect(await server.exited).toBe(0);
    for (const [i, file] of files.entries()) {
      expect([`old ${i}\n`, fresh(i)]).toContain(fs.readFileSync(file, 'utf8'));
    }
    expect(leftovers(root)).toEqual([]);
    expect(fs.existsSync(instanceFilePath(home, pid))).toBe(false);
    await waitForExit(workers, 'the database workers to exit');
  });
});
