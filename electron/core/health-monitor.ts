/**
 * HealthMonitor: every running Gatehouse server on this machine, as the tray sees it. Discovers them
 * from their instance files (removing files of dead processes), polls `/health` and `/metrics` with
 * the status token, keeps a short history for the charts, forgets instances that are gone, and folds
 * it all into one overall state for the tray icon.
 */
import { listInstances } from '../../server/status/instances.js';
import {
  healthResponseSchema,
  worstStatus,
  type HealthResponse,
  type HealthStatus,
  type InstanceFile,
} from '../../server/status/protocol.js';
import { bucketQuantile, histogramBuckets, parsePrometheusText, sumOf, type MetricSample } from './prometheus-text.js';
import { getStatus } from './status-client.js';

/** One point of an instance's history, derived from two consecutive `/metrics` scrapes. */
export interface HealthSample {
  at: string;
  callsPerMinute: number;
  refusalsPerMinute: number;
  /** Latency of the calls between the two scrapes; null when there were none. */
  p50Ms: number | null;
  p95Ms: number | null;
  activeCalls: number;
  rssBytes: number | null;
}

/** One running server. */
export interface InstanceHealth {
  instance: InstanceFile;
  /** `unhealthy` also when it cannot be reached or refuses the token. */
  status: HealthStatus;
  /** Why there is no health answer (unreachable, token refused); null when there is one. */
  problem: string | null;
  health: HealthResponse | null;
  totals: { calls: number; refusals: number };
  history: HealthSample[];
}

/** Overall state: `none` when no server runs. */
export type OverallState = HealthStatus | 'none';

/** What the tray and the dashboard show. */
export interface HealthSnapshot {
  checkedAt: string;
  overall: OverallState;
  paused: boolean;
  instances: InstanceHealth[];
}

/** What the monitor needs. */
export interface HealthMonitorOptions {
  home: string;
  /** Tokens to try, best first (the keychain's, then the token file's); read on each poll. */
  tokens: () => Promise<string[]>;
  /** Whether the policy pauses every tool. */
  paused?: () => Promise<boolean>;
  intervalMs?: number;
  /** History points kept per instance (default 60: five minutes at the default interval). */
  historyLength?: number;
  timeoutMs?: number;
}

interface Tracked {
  last?: { at: number; samples: MetricSample[] };
  history: HealthSample[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Watches the servers of one Gatehouse home. */
export class HealthMonitor {
  private readonly tracked = new Map<number, Tracked>();
  private latest: HealthSnapshot = {
    checkedAt: new Date(0).toISOString(),
    overall: 'none',
    paused: false,
    instances: [],
  };
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<HealthSnapshot> | undefined;

  constructor(private readonly options: HealthMonitorOptions) {}

  /** The last snapshot taken. */
  snapshot(): HealthSnapshot {
    return this.latest;
  }

  /** Looks at every server now; concurrent calls share one round. */
  poll(): Promise<HealthSnapshot> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  /** Polls every interval and hands each snapshot to `listener`. */
  start(listener: (snapshot: HealthSnapshot) => void): void {
    this.stop();
    const tick = () => void this.poll().then(listener, () => {});
    tick();
    this.timer = setInterval(tick, this.options.intervalMs ?? 5000);
    this.timer.unref();
  }

  /** Stops polling. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async pollOnce(): Promise<HealthSnapshot> {
    const instances = listInstances(this.options.home);
    const tokens = await this.options.tokens().catch(() => [] as string[]);
    // Instances that are gone are forgotten, history and all.
    const live = new Set(instances.map((i) => i.pid));
    for (const pid of this.tracked.keys()) if (!live.has(pid)) this.tracked.delete(pid);
    const views = await Promise.all(instances.map((instance) => this.check(instance, tokens)));
    const paused = await (this.options.paused?.() ?? Promise.resolve(false)).catch(() => false);
    this.latest = {
      checkedAt: new Date().toISOString(),
      overall: views.length === 0 ? 'none' : worstStatus(views.map((v) => v.status)),
      paused,
      instances: views,
    };
    return this.latest;
  }

  private async check(instance: InstanceFile, tokens: string[]): Promise<InstanceHealth> {
    const tracked = this.tracked.get(instance.pid) ?? { history: [] };
    this.tracked.set(instance.pid, tracked);
    const view = (status: HealthStatus, problem: string | null, health: HealthResponse | null): InstanceHealth => {
      const samples = tracked.last?.samples ?? [];
      const totals = {
        calls: sumOf(samples, 'mcp_requests_total'),
        refusals: sumOf(samples, 'gatehouse_refusals_total'),
      };
      return { instance, status, problem, health, totals, history: [...tracked.history] };
    };
    if (tokens.length === 0) return view('unhealthy', 'no status token in the keychain or the token file', null);
    const timeoutMs = this.options.timeoutMs ?? 2000;
    let token: string | undefined;
    let health: HealthResponse | undefined;
    try {
      // A server that could not reach the keychain uses the token file: try each token in turn.
      for (const candidate of tokens) {
        const answer = await getStatus(instance.port, '/health', candidate, timeoutMs);
        if (answer.status === 401) continue;
        const parsed = healthResponseSchema.safeParse(JSON.parse(answer.body));
        if (!parsed.success) return view('unhealthy', `unexpected /health answer (HTTP ${answer.status})`, null);
        token = candidate;
        health = parsed.data;
        break;
      }
    } catch (error) {
      return view('unhealthy', `unreachable: ${message(error)}`, null);
    }
    if (!token || !health) return view('unhealthy', 'the status token was refused', null);
    try {
      const answer = await getStatus(instance.port, '/metrics', token, timeoutMs);
      if (answer.status === 200) this.record(tracked, parsePrometheusText(answer.body));
    } catch {
      // Health is known; a missed scrape only leaves a gap in the charts.
    }
    return view(health.status, null, health);
  }

  private record(tracked: Tracked, samples: MetricSample[]): void {
    const now = Date.now();
    const previous = tracked.last;
    tracked.last = { at: now, samples };
    if (!previous) return;
    const minutes = (now - previous.at) / 60_000;
    if (minutes <= 0) return;
    const delta = (name: string) => Math.max(0, sumOf(samples, name) - sumOf(previous.samples, name));
    const before = histogramBuckets(previous.samples, 'mcp_request_duration_seconds');
    const buckets = new Map(
      [...histogramBuckets(samples, 'mcp_request_duration_seconds')].map(([le, count]) => [
        le,
        Math.max(0, count - (before.get(le) ?? 0)),
      ]),
    );
    const ms = (q: number) => {
      const seconds = bucketQuantile(buckets, q);
      return seconds === null ? null : Math.round(seconds * 1000 * 100) / 100;
    };
    const rss = samples.find((s) => s.name === 'process_resident_memory_bytes')?.value ?? null;
    tracked.history.push({
      at: new Date(now).toISOString(),
      callsPerMinute: Math.round((delta('mcp_requests_total') / minutes) * 10) / 10,
      refusalsPerMinute: Math.round((delta('gatehouse_refusals_total') / minutes) * 10) / 10,
      p50Ms: ms(0.5),
      p95Ms: ms(0.95),
      activeCalls: sumOf(samples, 'mcp_active_calls'),
      rssBytes: rss,
    });
    const keep = this.options.historyLength ?? 60;
    if (tracked.history.length > keep) tracked.history.splice(0, tracked.history.length - keep);
  }
}
