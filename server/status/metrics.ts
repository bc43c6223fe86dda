/**
 * Prometheus metrics of one server: prom-client on a registry of its own (so nothing global leaks
 * between servers in one test process), and the per-call counts of call-metrics.ts.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { CallMetrics } from './call-metrics.js';

/** What the dispatcher reports about each call. */
export interface CallObserver {
  finished(tool: string, outcome: string, seconds: number): void;
}

/** The metrics of one server and the hooks that feed them. */
export interface ServerMetrics extends CallObserver {
  policyReloaded(ok: boolean): void;
  /** Prometheus text format. */
  render(): Promise<string>;
}

/** Live values read when metrics are scraped. */
export interface MetricSources {
  activeCalls: () => number;
  queuedCalls: () => number;
  /** Database pool figures, once there is a pool. */
  databasePool?: () => { workers: number; busy: number };
}

/** Creates the registry and every metric of CONTRACT §5 and issue 5. */
export function createServerMetrics(sources: MetricSources): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const reloads = new Counter({
    name: 'gatehouse_policy_reloads_total',
    help: 'Policy file reloads by result.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'mcp_active_calls',
    help: 'Tool calls running now.',
    registers: [registry],
    collect() {
      this.set(sources.activeCalls());
    },
  });
  new Gauge({
    name: 'gatehouse_queued_calls',
    help: 'Tool calls waiting for a slot.',
    registers: [registry],
    collect() {
      this.set(sources.queuedCalls());
    },
  });
  new Gauge({
    name: 'gatehouse_database_workers',
    help: 'Database pool workers by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources.databasePool?.() ?? { workers: 0, busy: 0 };
      this.set({ state: 'busy' }, pool.busy);
      this.set({ state: 'idle' }, pool.workers - pool.busy);
    },
  });
  const calls = new CallMetrics();
  return {
    finished: (tool, outcome, seconds) => calls.finished(tool, outcome, seconds),
    policyReloaded(ok) {
      reloads.inc({ result: ok ? 'ok' : 'invalid' });
    },
    render: async () => `${await registry.metrics()}\n${calls.text()}`,
  };
}
