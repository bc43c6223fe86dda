/**
 * Health checks (issue 5): each check says what it looked at, how it went and how long it took; the
 * overall status is the worst check.
 */
import fs from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import type { IntervalHistogram } from 'node:perf_hooks';
import { GatehouseError } from '../errors.js';
import type { PolicyDatabase } from '../policy/schema.js';
import type { PolicySnapshot } from '../policy/source.js';
import { worstStatus, type HealthCheck, type HealthResponse, type HealthStatus } from './protocol.js';

/** What the checks look at. */
export interface HealthSources {
  policy: () => PolicySnapshot;
  home: string;
  version: string;
  startedAt: number;
  /** Why the status token is not in the keychain, or null. */
  keychainProblem: () => string | null;
  /** Why the log file cannot be written, or null. */
  logProblem: () => string | null;
  memoryLimitBytes: number;
  eventLoop: IntervalHistogram;
  /** `PRAGMA quick_check` of a policy database by name, through the database workers. */
  quickCheck?: (database: string) => Promise<{ ok: boolean; problems: string[] }>;
  /** Extra checks from other parts. */
  extraChecks?: () => Promise<HealthCheck[]>;
}

/** Options of one health request. */
export interface HealthOptions {
  /** Also open each database and run `PRAGMA quick_check` (it reads the whole file: on demand only). */
  quickCheck?: boolean;
}

const MIB = 1024 * 1024;
const DISK_DEGRADED_BYTES = 500 * MIB;
const DISK_UNHEALTHY_BYTES = 50 * MIB;
const EVENT_LOOP_DEGRADED_MS = 100;

async function timed(name: string, run: () => Promise<[HealthStatus, string]> | [HealthStatus, string]) {
  const started = performance.now();
  let status: HealthStatus;
  let message: string;
  try {
    [status, message] = await run();
  } catch (error) {
    status = 'unhealthy';
    message = error instanceof Error ? error.message : String(error);
  }
  return { name, status, message, durationMs: Math.round((performance.now() - started) * 100) / 100 };
}

function policyCheck(snapshot: PolicySnapshot): [HealthStatus, string] {
  switch (snapshot.state) {
    case 'valid':
      return ['healthy', `loaded from ${snapshot.file}`];
    case 'missing':
      return ['healthy', 'no policy file: defaults in force'];
    case 'stale':
      return ['degraded', `policy file invalid, last valid policy kept: ${snapshot.problem}`];
    case 'invalid':
      return ['unhealthy', `policy file invalid, serving nothing: ${snapshot.problem}`];
  }
}

async function pathCheck(target: string, writable: boolean): Promise<[HealthStatus, string]> {
  try {
    const stats = await fs.stat(target);
    await fs.access(target, fsConstants.R_OK | (writable ? fsConstants.W_OK : 0));
    return ['healthy', `${stats.isDirectory() ? 'folder' : 'file'} ${writable ? 'writable' : 'readable'}`];
  } catch (error) {
    return ['degraded', `not usable (${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
}

async function diskCheck(target: string): Promise<[HealthStatus, string]> {
  let stats;
  try {
    stats = await fs.statfs(target);
  } catch (error) {
    return ['degraded', `free space unknown (${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
  const free = stats.bavail * stats.bsize;
  const text = `${Math.round(free / MIB)} MiB free`;
  if (free < DISK_UNHEALTHY_BYTES) return ['unhealthy', text];
  return [free < DISK_DEGRADED_BYTES ? 'degraded' : 'healthy', text];
}

async function databaseCheck(
  db: PolicyDatabase,
  quickCheck: HealthSources['quickCheck'] | undefined,
): Promise<[HealthStatus, string]> {
  const found = await pathCheck(db.path, db.access === 'write');
  if (!quickCheck || found[0] !== 'healthy') return found;
  try {
    const result = await quickCheck(db.name);
    if (result.ok) return ['healthy', `${found[1]}, quick_check ok`];
    return ['degraded', `quick_check found problems: ${result.problems.join('; ')}`];
  } catch (error) {
    // A contract error (not a database, locked, timed out) says what is wrong; anything else says nothing.
    const reason = error instanceof GatehouseError ? `${error.code}: ${error.message}` : 'internal error';
    return ['degraded', `quick_check failed: ${reason}`];
  }
}

/** Runs every check; `quickCheck` adds an integrity check of each database. */
export async function checkHealth(sources: HealthSources, options: HealthOptions = {}): Promise<HealthResponse> {
  const snapshot = sources.policy();
  const { roots, databases } = snapshot.policy;
  const writeRoots = roots.filter((r) => r.access === 'write').map((r) => r.path);
  const checks: HealthCheck[] = await Promise.all([
    timed('policy', () => policyCheck(snapshot)),
    ...roots.map((root) => timed(`root:${root.path}`, () => pathCheck(root.path, root.access === 'write'))),
    ...databases.map((db) =>
      timed(`database:${db.name}`, () => databaseCheck(db, options.quickCheck ? sources.quickCheck : undefined)),
    ),
    ...[sources.home, ...writeRoots].map((dir) => timed(`disk:${dir}`, () => diskCheck(dir))),
    timed('memory', () => {
      const rss = process.memoryUsage.rss();
      const text = `${Math.round(rss / MIB)} MiB of ${Math.round(sources.memoryLimitBytes / MIB)} MiB`;
      return [rss > 0.9 * sources.memoryLimitBytes ? 'degraded' : 'healthy', text];
    }),
    timed('keychain', () => {
      const problem = sources.keychainProblem();
      return problem
        ? ['degraded', `status token kept in a file: ${problem}`]
        : ['healthy', 'status token in keychain'];
    }),
    timed('log', () => {
      const problem = sources.logProblem();
      return problem ? ['degraded', `log file not writable: ${problem}`] : ['healthy', 'log file writable'];
    }),
    timed('event-loop', () => {
      const p99 = sources.eventLoop.percentile(99) / 1e6;
      sources.eventLoop.reset();
      return [p99 > EVENT_LOOP_DEGRADED_MS ? 'degraded' : 'healthy', `p99 lag ${p99.toFixed(1)} ms`];
    }),
  ]);
  if (sources.extraChecks) checks.push(...(await sources.extraChecks()));
  return {
    status: worstStatus(checks.map((c) => c.status)),
    pid: process.pid,
    version: sources.version,
    uptimeSeconds: Math.round((Date.now() - sources.startedAt) / 1000),
    checks,
  };
}
