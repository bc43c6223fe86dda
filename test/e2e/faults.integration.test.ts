import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instanceFilePath } from '../../server/status/instances.js';
import { errorOf } from '../helpers/in-memory.js';
import { spawnRaw } from '../helpers/spawn-server.js';
import { checkNamed, startObserved, waitForInstance } from '../helpers/status.js';
import { tempDir, waitFor, writePolicy } from '../helpers/temp.js';

/** The uid and gid of `nobody` on Debian. */
const NOBODY = 65534;

describe('faults the server survives', () => {
  it('a policy file deleted, corrupted, or replaced by a directory', async () => {
    const home = tempDir();
    const policy = path.join(home, 'policy.json');
    writePolicy(policy, { version: 1 });
    const server = await startObserved(home);
    fs.writeFileSync(policy, '{"version": 1, "roots": [');
    await waitFor(async () => checkNamed(await server.health(), 'policy')?.status === 'degraded', 5000, 'stale policy');
    expect(await server.stillServes()).toBe(true);
    fs.rmSync(policy);
    fs.mkdirSync(policy);
    await waitFor(async () => /EISDIR/.test(checkNamed(await server.health(), 'policy')?.message ?? ''), 5000, 'dir');
    expect(await server.stillServes()).toBe(true);
    fs.rmdirSync(policy);
    await waitFor(
      async () => /defaults/.test(checkNamed(await server.health(), 'policy')?.message ?? ''),
      5000,
      'gone',
    );
    expect(await server.stillServes()).toBe(true);
  });

  it('a root deleted while serving', async () => {
    const home = tempDir();
    const root = tempDir();
    const server = await startObserved(home, [root]);
    expect(checkNamed(await server.health(), `root:${root}`)?.status).toBe('healthy');
    fs.rmSync(root, { recursive: true });
    const health = await server.health();
    expect(health.status).toBe('degraded');
    expect(checkNamed(health, `root:${root}`)?.message).toMatch(/ENOENT/);
    expect(await server.stillServes()).toBe(true);
  });

  it('a root made unreadable while serving', async () => {
    const home = tempDir();
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'a.txt'), 'private words');
    // Root reads every file whatever its mode: as root, the server runs as nobody (home and root its own).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) for (const dir of [home, root]) fs.chownSync(dir, NOBODY, NOBODY);
    const prefix = asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'] : [];
    const server = await startObserved(home, [root], { prefix });
    // As nobody the server cannot reach this session's keychain: its token file stands in.
    const token = asRoot ? 'file' : 'keychain';
    expect(checkNamed(await server.health({ token }), `root:${root}`)?.status).toBe('healthy');
    fs.chmodSync(root, 0o000);
    const health = await server.health({ token });
    expect(health.status).toBe('degraded');
    expect(checkNamed(health, `root:${root}`)?.message).toMatch(/EACCES/);
    const listed = await server.client.callTool({ name: 'list_directory', arguments: { path: root } });
    expect(errorOf(listed)).toMatchObject({ code: 'ACCESS_DENIED', category: 'external_error' });
    expect(JSON.stringify(listed)).not.toMatch(/a\.txt|private words/);
    expect(await server.stillServes()).toBe(true);
    fs.chmodSync(root, 0o700);
  });

  it('an unwritable log folder: serving goes on and health says degraded', async () => {
    const home = tempDir();
    fs.writeFileSync(path.join(home, 'logs'), 'a file where the log folder should be');
    const server = await startObserved(home);
    expect(await server.stillServes()).toBe(true);
    const health = await server.health();
    expect(health.status).toBe('degraded');
    expect(checkNamed(health, 'log')?.status).toBe('degraded');
  });

  it('no keychain: a 0600 token file stands in and health says why', async () => {
    const home = tempDir();
    const server = await startObserved(home, [], { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    const health = await server.health({ token: 'file' });
    expect(checkNamed(health, 'keychain')).toMatchObject({
      status: 'degraded',
      message: expect.stringMatching(/keychain/),
    });
    expect(fs.statSync(path.join(home, 'run', 'status-token')).mode & 0o777).toBe(0o600);
  });

  it('the client killed mid-call: the server exits cleanly and leaves no instance file', async () => {
    const home = tempDir();
    const server = await spawnRaw(home, [tempDir()]);
    await waitForInstance(home, server.child.pid!);
    server.send(
      JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'list_allowed_directories' } }),
    );
    server.child.stdin.destroy();
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(instanceFilePath(home, server.child.pid!))).toBe(false);
  });

  it('SIGTERM: the server exits cleanly and leaves no instance file', async () => {
    const home = tempDir();
    const server = await spawnRaw(home);
    await waitForInstance(home, server.child.pid!);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.existsSync(instanceFilePath(home, server.child.pid!))).toBe(false);
  });
});
