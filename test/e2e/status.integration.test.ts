import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { instanceFilePath } from '../../server/status/instances.js';
import { healthResponseSchema } from '../../server/status/protocol.js';
import { errorOf } from '../helpers/in-memory.js';
import { currentToken, startObserved, statusGet } from '../helpers/status.js';
import { tempDir, waitFor, writePolicy } from '../helpers/temp.js';

/** The built server, once its instance file names the client from initialize. */
const start = (home: string, args: string[] = []) => startObserved(home, args, { until: (r) => r.client !== null });

describe('the status side of a running server', () => {
  it('registers itself with the client from initialize and removes the file on exit', async () => {
    const home = tempDir();
    const { instance, pid, close } = await start(home);
    expect(instance).toMatchObject({ pid, version: '0.1.0', client: { name: 'e2e-client', version: '2.0.0' } });
    expect(fs.statSync(instanceFilePath(home, pid!)).mode & 0o777).toBe(0o600);
    await close();
    await waitFor(() => !fs.existsSync(instanceFilePath(home, pid!)), 5000, 'instance file removal');
  });

  it('serves /health, /ready and /metrics with the keychain token, and refuses without it', async () => {
    const home = tempDir();
    const { instance, client } = await start(home, [tempDir()]);
    await client.callTool({ name: 'list_allowed_directories', arguments: {} });
    const token = await currentToken(home);
    const health = await statusGet(instance.port, '/health', token);
    expect(health.status).toBe(200);
    const body = healthResponseSchema.parse(health.json());
    expect(body.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['policy', 'memory', 'keychain', 'log']));
    expect(body.checks.find((c) => c.name === 'keychain')?.status).toBe('healthy');
    expect(await statusGet(instance.port, '/ready', token)).toMatchObject({ status: 200 });
    const metrics = await statusGet(instance.port, '/metrics', token);
    expect(metrics.body).toMatch(/mcp_requests_total\{tool="list_allowed_directories",status="ok"\} 1/);
    expect(metrics.body).toMatch(/mcp_request_duration_seconds_bucket/);
    expect(metrics.body).toMatch(/process_resident_memory_bytes/);
    expect((await statusGet(instance.port, '/health', undefined)).status).toBe(401);
    expect((await statusGet(instance.port, '/health', 'wrong')).status).toBe(401);
    expect((await statusGet(instance.port, '/health', token, { host: 'attacker.example' })).status).toBe(403);
  });

  it('counts refusals by code in the metrics', async () => {
    const home = tempDir();
    writePolicy(path.join(home, 'policy.json'), { version: 1, paused: true });
    const { instance, client } = await start(home);
    expect(errorOf(await client.callTool({ name: 'list_allowed_directories', arguments: {} }))?.code).toBe('PAUSED');
    const metrics = await statusGet(instance.port, '/metrics', await currentToken(home));
    expect(metrics.body).toMatch(/gatehouse_refusals_total\{code="PAUSED"\} 1/);
    expect(metrics.body).toMatch(/gatehouse_policy_reloads_total/);
  });

  it('refuses calls beyond callsPerMinute with RATE_LIMITED and a retry time', async () => {
    const home = tempDir();
    writePolicy(path.join(home, 'policy.json'), { version: 1, limits: { callsPerMinute: 3 } });
    const { client } = await start(home);
    for (let i = 0; i < 3; i += 1) {
      expect((await client.callTool({ name: 'list_allowed_directories', arguments: {} })).isError).toBeFalsy();
    }
    const refused = errorOf(await client.callTool({ name: 'list_allowed_directories', arguments: {} }));
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', category: 'client_error' });
    expect(refused!.retryAfterMs).toBeGreaterThan(0);
  });
});
