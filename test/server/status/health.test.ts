import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../../server/errors.js';
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

  it('runs quick_check only when asked, and reports its problems and failures as degraded', async () => {
    const dir = tempDir();
    const files = ['good', 'bad', 'locked'].map((name) => path.join(dir, `${name}.db`));
    for (const file of files) fs.writeFileSync(file, '');
    const asked: string[] = [];
    const quickCheck = async (name: string) => {
      asked.push(name);
      if (name === 'locked') throw new GatehouseError('DATABASE_BUSY', 'The database is locked.');
      return name === 'good' ? { ok: true, problems: [] } : { ok: false, problems: ['Page 7: bad'] };
    };
    const policy = snapshot({
      version: 1,
      databases: files.map((file) => ({ name: path.basename(file, '.db'), path: file, access: 'read' })),
    });
    const plain = await checkHealth(sources(policy, { quickCheck }));
    expect(asked).toEqual([]);
    expect(plain.status).toBe('healthy');
    const checked = await checkHealth(sources(policy, { quickCheck }), { quickCheck: true });
    expect(asked.sort()).toEqual(['bad', 'good', 'locked']);
    const byName = Object.fromEntries(checked.checks.map((c) => [c.name, c]));
    expect(byName['database:good']).toMatchObject({ status: 'healthy', message: 'file readable, quick_check ok' });
    expect(byName['database:bad']).toMatchObject({ status: 'degraded', message: /Page 7: bad/ });
    expect(byName['database:locked']).toMatchObject({ status: 'degraded', message: /DATABASE_BUSY/ });
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
