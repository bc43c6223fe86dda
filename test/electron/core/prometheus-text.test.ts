import { describe, expect, it } from 'vitest';
import {
  bucketQuantile,
  histogramBuckets,
  parsePrometheusText,
  sumOf,
} from '../../../electron/core/prometheus-text.js';

const TEXT = `# HELP mcp_requests_total Tool calls by tool and outcome.
# TYPE mcp_requests_total counter
mcp_requests_total{tool="read_text_file",status="ok"} 8
mcp_requests_total{tool="read_text_file",status="ACCESS_DENIED"} 2
mcp_requests_total{tool="list_tables",status="ok"} 10
mcp_request_duration_seconds_bucket{le="0.001",tool="read_text_file"} 4
mcp_request_duration_seconds_bucket{le="0.01",tool="read_text_file"} 10
mcp_request_duration_seconds_bucket{le="+Inf",tool="read_text_file"} 10
mcp_request_duration_seconds_bucket{le="0.001",tool="list_tables"} 0
mcp_request_duration_seconds_bucket{le="0.01",tool="list_tables"} 8
mcp_request_duration_seconds_bucket{le="+Inf",tool="list_tables"} 10
weird_label{path="C:\\\\x \\"q\\""} 1
not a sample line
process_resident_memory_bytes 52428800
`;

describe('Prometheus text', () => {
  const samples = parsePrometheusText(TEXT);

  it('parses samples with labels, escapes and +Inf, skipping comments and junk', () => {
    expect(sumOf(samples, 'mcp_requests_total')).toBe(20);
    expect(sumOf(samples, 'mcp_requests_total', { status: 'ok' })).toBe(18);
    expect(samples.find((s) => s.name === 'weird_label')!.labels.path).toBe('C:\\x "q"');
    expect(sumOf(samples, 'process_resident_memory_bytes')).toBe(52428800);
  });

  it('sums histogram buckets over tools and interpolates quantiles within a bucket', () => {
    const buckets = histogramBuckets(samples, 'mcp_request_duration_seconds');
    expect([...buckets]).toEqual([
      [0.001, 4],
      [0.01, 18],
      [Infinity, 20],
    ]);
    expect(bucketQuantile(buckets, 0.5)).toBeCloseTo(0.001 + 0.009 * (6 / 14));
    expect(bucketQuantile(buckets, 0.95)).toBe(0.01);
    expect(bucketQuantile(new Map([[Infinity, 0]]), 0.5)).toBeNull();
  });
});
