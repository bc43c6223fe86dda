/**
 * The per-call metrics (calls by tool and outcome, their durations, refusals by code), counted in plain
 * objects and written in the Prometheus text format only when scraped. prom-client hashes and validates
 * the labels on every observation, about 3% of a cheap call's CPU; a scrape comes every few seconds.
 */

/** Upper bounds of the duration buckets, in seconds. */
export const DURATION_BUCKETS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

export const CALL_METRIC_HELP = {
  requests: 'Tool calls by tool and outcome (ok or the error code).',
  duration: 'Tool call duration by tool.',
  refusals: 'Refused or failed tool calls by error code.',
} as const;

interface Durations {
  /** Calls per bucket, not cumulative; the last slot counts those above every bound. */
  readonly buckets: number[];
  sum: number;
  count: number;
}

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Counts calls as they finish and writes them out as Prometheus text. */
export class CallMetrics {
  private readonly requests = new Map<string, { tool: string; status: string; count: number }>();
  private readonly durations = new Map<string, Durations>();
  private readonly refusals = new Map<string, number>();

  finished(tool: string, outcome: string, seconds: number): void {
    const key = `${tool}\n${outcome}`;
    const counted = this.requests.get(key);
    if (counted) counted.count += 1;
    else this.requests.set(key, { tool, status: outcome, count: 1 });

    let durations = this.durations.get(tool);
    if (!durations) {
      durations = { buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.durations.set(tool, durations);
    }
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[bucket]!) bucket += 1;
    durations.buckets[bucket]! += 1;
    durations.sum += seconds;
    durations.count += 1;

    if (outcome !== 'ok') this.refusals.set(outcome, (this.refusals.get(outcome) ?? 0) + 1);
  }

  /** The three metrics in the text format, as prom-client writes them. */
  text(): string {
    const lines = [`# HELP mcp_requests_total ${CALL_METRIC_HELP.requests}`, '# TYPE mcp_requests_total counter'];
    for (const { tool, status, count } of this.requests.values()) {
      lines.push(`mcp_requests_total{tool="${label(tool)}",status="${label(status)}"} ${count}`);
    }
    lines.push('', `# HELP mcp_request_duration_seconds ${CALL_METRIC_HELP.duration}`);
    lines.push('# TYPE mcp_request_duration_seconds histogram');
    for (const [tool, { buckets, sum, count }] of this.durations) {
      const tag = `tool="${label(tool)}"`;
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += buckets[i]!;
        lines.push(`mcp_request_duration_seconds_bucket{le="${le}",${tag}} ${cumulative}`);
      });
      lines.push(`mcp_request_duration_seconds_bucket{le="+Inf",${tag}} ${count}`);
      lines.push(`mcp_request_duration_seconds_sum{${tag}} ${sum}`);
      lines.push(`mcp_request_duration_seconds_count{${tag}} ${count}`);
    }
    lines.push('', `# HELP gatehouse_refusals_total ${CALL_METRIC_HELP.refusals}`);
    lines.push('# TYPE gatehouse_refusals_total counter');
    for (const [code, count] of this.refusals) lines.push(`gatehouse_refusals_total{code="${label(code)}"} ${count}`);
    return `${lines.join('\n')}\n`;
  }
}
