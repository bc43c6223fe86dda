import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthMonitor } from '../../../electron/core/health-monitor.js';
import { SecretStore } from '../../../electron/core/secret-store.js';
import { statusTokens } from '../../../electron/core/status-tokens.js';
import { instanceFilePath } from '../../../server/status/instances.js';
import { worstStatus } from '../../../server/status/protocol.js';
import { connectClient, type SpawnedClient } from '../../helpers/spawn-server.js';
import { tempDir, waitFor, writeFile, writePolicy } from '../../helpers/temp.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A built server on `home`, registered once its instance file exists. */
async function server(home: string, env: Record<string, string> = {}): Promise<SpawnedClient> {
  const spawned = await connectClient(home, [], env);
  cleanups.push(() => spawned.close());
  await waitFor(() => fs.existsSync(instanceFilePath(home, spawned.pid!)), 10_000, 'instance file');
  return spawned;
}

/** The tray's view: the real keychain's status token (the contract's entry), then the token file. */
function monitor(home: string, extra: Partial<ConstructorParameters<typeof HealthMonitor>[0]> = {}): HealthMonitor {
  const secrets = new SecretStore('Gatehouse', keytar);
  return new HealthMonitor({
    home,
    tokens: () => statusTokens(secrets, path.join(home, 'run', 'status-token')),
    ...extra,
  });
}

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('HealthMonitor against real servers', () => {
  it('reports no instances as overall none', async () => {
    const snapshot = await monitor(tempDir(), { paused: async () => true }).poll();
    expect(snapshot).toMatchObject({ overall: 'none', paused: true, instances: [] });
  });

  it('discovers every server of a home, with its client, health checks and a history of calls', async () => {
    const home = tempDir();
    writePolicy(path.join(home, 'policy.json'), { version: 1, roots: [{ path: tempDir(), access: 'read' }] });
    const a = await server(home);
    const b = await server(home);
    const m = monitor(home);
    const first = await m.poll();
    expect(first.instances.map((i) => i.instance.pid).sort()).toEqual([a.pid, b.pid].sort());
    // Healthy, or degraded by a busy test machine (event-loop lag, a slow keychain): never unhealthy.
    expect(['healthy', 'degraded']).toContain(first.overall);
    expect(first.overall).toBe(worstStatus(first.instances.map((i) => i.status)));
    for (const view of first.instances) {
      expect(view).toMatchObject({ problem: null, instance: { client: { name: 'e2e-client' } } });
      expect(view.status).toBe(view.health!.status);
      expect(view.health!.checks.map((c) => c.name)).toContain('policy');
    }
    for (let i = 0; i < 20; i += 1) await a.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    await a.client.callTool({ name: 'read_text_file', arguments: { path: '/etc/passwd' } }).catch(() => {});
    const second = await m.poll();
    const viewA = second.instances.find((i) => i.instance.pid === a.pid)!;
    expect(viewA.history).toHaveLength(1);
    expect(viewA.history[0]!.callsPerMinute).toBeGreaterThan(0);
    expect(viewA.history[0]!.p50Ms).toEqual(expect.any(Number));
    expect(viewA.totals.calls).toBeGreaterThanOrEqual(21);
    expect(second.instances.find((i) => i.instance.pid === b.pid)!.totals.calls).toBe(0);
  });

  it('drops a server that died without cleaning up, and removes its instance file', async () => {
    const home = tempDir();
    const a = await server(home);
    const b = await server(home);
    const m = monitor(home);
    expect((await m.poll()).instances).toHaveLength(2);
    process.kill(b.pid!, 'SIGKILL');
    await waitFor(async () => (await m.poll()).instances.length === 1, 10_000, 'dead instance dropped');
    expect(m.snapshot().instances[0]!.instance.pid).toBe(a.pid);
    expect(fs.existsSync(instanceFilePath(home, b.pid!))).toBe(false);
  });

  it('shows a server that is alive but does not answer as unhealthy, and the whole as unhealthy', async () => {
    const home = tempDir();
    await server(home);
    // This test process is alive, but nothing listens on the port its file names.
    writeFile(
      instanceFilePath(home, process.pid),
      JSON.stringify({
        pid: process.pid,
        port: await closedPort(),
        startedAt: new Date().toISOString(),
        version: 'x',
        client: null,
      }),
    );
    const snapshot = await monitor(home).poll();
    expect(snapshot.overall).toBe('unhealthy');
    const hung = snapshot.instances.find((i) => i.instance.pid === process.pid)!;
    expect(hung).toMatchObject({ status: 'unhealthy', problem: expect.stringMatching(/^unreachable/) });
  });

  it('tries the next token when one is refused, and says so when none is accepted', async () => {
    const home = tempDir();
    await server(home);
    const real = await statusTokens(new SecretStore('Gatehouse', keytar), path.join(home, 'run', 'status-token'));
    const refused = await new HealthMonitor({ home, tokens: async () => ['not-the-token'] }).poll();
    expect(refused.instances[0]).toMatchObject({ status: 'unhealthy', problem: 'the status token was refused' });
    const fallback = await new HealthMonitor({ home, tokens: async () => ['not-the-token', ...real] }).poll();
    expect(fallback.instances[0]).toMatchObject({ problem: null, health: { pid: expect.any(Number) } });
  });

  it('reads the token file of a server that cannot reach the keychain', async () => {
    const home = tempDir();
    // No D-Bus session for this server: keytar fails and the server falls back to its token file.
    await server(home, { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
    await waitFor(() => fs.existsSync(path.join(home, 'run', 'status-token')), 10_000, 'token file');
    const snapshot = await monitor(home).poll();
    expect(snapshot.instances[0]!.status).toBe('degraded');
    expect(snapshot.instances[0]!.health!.checks.find((c) => c.name === 'keychain')!.status).toBe('degraded');
  });

  it('polls on an interval and hands each snapshot over', async () => {
    const home = tempDir();
    await server(home);
    const m = monitor(home, { intervalMs: 100 });
    const seen: number[] = [];
    m.start((snapshot) => seen.push(snapshot.instances.length));
    cleanups.push(() => m.stop());
    await waitFor(() => seen.length >= 3, 5000, 'three polls');
    expect(seen.every((n) => n === 1)).toBe(true);
  });
});
