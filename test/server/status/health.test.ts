import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { effectivePolicy } from '../../../server/policy/effective.js';
import { validatePolicy } from '../../../server/policy/schema.js';
import type { PolicySnapshot, PolicyState } from '../../../server/policy/source.js';
import { checkHealth, type HealthSources } from '../../../server/status/health.js';
import { healthResponseSchema } from '../../../server/status/protocol.js';
import { tempDir } from '../../helpers/temp.js';

function snapshot(doc: unknown, state: PolicyState = 'valid', problem: string | null = null): PolicySnapshot {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error('bad fixture');
  const policy = effectivePolicy(result.policy, []);
  return { policy, state, problem, file: '/x/policy.json', generation: 1, loadedAt: '' };
}

function sources(policy: PolicySnapshot, overrides: Partial<HealthSources> = {}): HealthSources {
  return {
    policy: () => policy,
    home: tempDir(),
    version: 't',
    startedAt: Date.now(),
    keychainProblem: () => null,
    logProblem: () => null,
    memoryLimitBytes: 2 ** 40,
    eventLoop: monitorEventLoopDelay(),
    ...overrides,
  };
}

const statusOf = (checks: Array<{ name: string; status: string }>, name: string) =>
  checks.find((c) => c.name === name)?.status;

describe('checkHealth()', () => {
  it('is healthy with readable roots, and matches the protocol schema', async () => {
    const root = tempDir();
    const health = await checkHealth(sources(snapshot({ version: 1, roots: [{ path: root, access: 'write' }] })));
    expect(healthResponseSchema.parse(health).status).toBe('healthy');
    expect(statusOf(health.checks, `root:${root}`)).toBe('healthy');
    expect(statusOf(health.checks, `disk:${root}`)).toBe('healthy');
    for (const check of health.checks) expect(check.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('is degraded when a root is deleted or a database file is missing', async () => {
    const root = tempDir();
    fs.rmSync(root, { recursive: true });
    const health = await checkHealth(
      sources(
        snapshot({
          version: 1,
          roots: [{ path: root, access: 'read' }],
          databases: [{ name: 'gone', path: path.join(root, 'x.db'), access: 'read' }],
        }),
      ),
    );
    expect(health.status).toBe('degraded');
    expect(statusOf(health.checks, `root:${root}`)).toBe('degraded');
    expect(statusOf(health.checks, 'database:gone')).toBe('degraded');
  });

  it('follows the policy state: stale is degraded, invalid is unhealthy', async () => {
    const stale = await checkHealth(sources(snapshot({ version: 1 }, 'stale', 'limits.maxRows: too big')));
    expect(stale.status).toBe('degraded');
    expect(stale.checks[0]!.message).toMatch(/limits\.maxRows/);
    expect((await checkHealth(sources(snapshot({ version: 1 }, 'invalid', 'bad')))).status).toBe('unhealthy');
  });

  it('reports a keychain stand-in, an unwritable log and memory pressure as degraded', async () => {
    const health = await checkHealth(
      sources(snapshot({ version: 1 }), {
        keychainProblem: () => 'no Secret Service',
        logProblem: () => 'EACCES',
        memoryLimitBytes: 1,
      }),
    );
    expect(health.status).toBe('degraded');
    expect(statusOf(health.checks, 'keychain')).toBe('degraded');
    expect(statusOf(health.checks, 'log')).toBe('degraded');
    expect(statusOf(health.checks, 'memory')).toBe('degraded');
  });
});
