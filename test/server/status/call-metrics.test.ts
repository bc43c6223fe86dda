import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CALL_METRIC_HELP, CallMetrics, DURATION_BUCKETS } from '../../../server/status/call-metrics.js';

/** The same three metrics kept by prom-client itself: the text CallMetrics must write. */
function promClientTwin() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'mcp_requests_total',
    help: CALL_METRIC_HELP.requests,
    labelNames: ['tool', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mcp_request_duration_seconds',
    help: CALL_METRIC_HELP.duration,
    labelNames: ['tool'],
    buckets: [...DURATION_BUCKETS],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'gatehouse_refusals_total',
    help: CALL_METRIC_HELP.refusals,
    labelNames: ['code'],
    registers: [registry],
  });
  return {
    registry,
    finished(tool: string, status: string, seconds: number) {
      requests.inc({ tool, status });
      duration.observe({ tool }, seconds);
      if (status !== 'ok') refusals.inc({ code: status });
    },
  };
}

describe('CallMetrics', () => {
  it('writes what prom-client writes for the same calls, bucket edges and odd labels included', async () => {
    const ours = new CallMetrics();
    const twin = promClientTwin();
    const tools = ['read_text_file', 'list_directory', 'we"ird\\tool\nname'];
    const outcomes = ['ok', 'ok', 'ACCESS_DENIED', 'NOT_FOUND'];
    // Every bound exactly, just above it, and far beyond the last.
    const seconds = [0, ...DURATION_BUCKETS, ...DURATION_BUCKETS.map((b) => b * 1.01), 42];
    let i = 0;
    for (const s of seconds) {
      for (const tool of tools) {
        const outcome = outcomes[i++ % outcomes.length]!;
        ours.finished(tool, outcome, s);
        twin.finished(tool, outcome, s);
      }
    }
    expect(ours.text()).toBe(await twin.registry.metrics());
  });

  it('writes the help and type lines before any call', async () => {
    expect(new CallMetrics().text()).toBe(await promClientTwin().registry.metrics());
  });
});
