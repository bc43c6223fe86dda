/**
 * Prometheus metrics of one server (prom-client, on a registry of its own so nothing global leaks
 * between servers in one test process).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the dispatcher reports about each call. */
export interface CallObserver {
  finished(tool: string, outcome: string, seconds: number): void;
}

/** The metrics of one server and the hooks that feed them. */
export interface ServerMetrics extends CallObserver {
  readonly registry: Registry;
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
  const requests = new Counter({
    name: 'mcp_requests_total',
    help: 'Tool calls by tool and outcome (ok or the error code).',
    labelNames: ['tool', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mcp_request_duration_seconds',
    help: 'Tool call duration by tool.',
    labelNames: ['tool'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'gatehouse_refusals_total',
    help: 'Refused or failed tool calls by error code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
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
  return {
    registry,
    finished(tool, outcome, seconds) {
      requests.inc({ tool, status: outcome });
      duration.observe({ tool }, seconds);
      if (outcome !== 'ok') refusals.inc({ code: outcome });
    },
    policyReloaded(ok) {
      reloads.inc({ result: ok ? 'ok' : 'invalid' });
    },
    render: () => registry.metrics(),
  };
}
