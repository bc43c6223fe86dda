import { describe, expect, it } from 'vitest';
import { countPerWindow, linearFit, percentile, ratio, rssTrend, summarize } from '../../bench/stats.js';

const MB = 1024 * 1024;

describe('percentile()', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank, never a value that was not measured', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
  });

  it('gives the only value of a single sample and the smallest for p0', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile(hundred, 0)).toBe(1);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize()', () => {
  it('sorts the latencies and derives calls per second from the elapsed time', () => {
    const latencies = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(summarize(latencies, 2000, 1)).toEqual({
      calls: 10,
      errors: 1,
      callsPerSecond: 5,
      p50Ms: 5,
      p95Ms: 10,
      p99Ms: 10,
    });
  });

  it('reports no rate for a run that took no time', () => {
    expect(summarize([], 0).callsPerSecond).toBeNaN();
  });
});

describe('ratio()', () => {
  it('divides', () => {
    expect(ratio(6000, 3000)).toBe(2);
  });

  it('is null when either side is missing or the divisor is not positive', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, -1)).toBeNull();
    expect(ratio(undefined, 2)).toBeNull();
    expect(ratio(2, null)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
  });
});

describe('linearFit()', () => {
  it('recovers an exact line with r² = 1', () => {
    const xs = [0, 1, 2, 3, 4];
    const fit = linearFit(
      xs,
      xs.map((x) => 3 * x + 2),
    );
    expect(fit.slope).toBeCloseTo(3, 12);
    expect(fit.intercept).toBeCloseTo(2, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
  });

  it('finds no slope in noise around a constant', () => {
    const fit = linearFit([0, 1, 2, 3, 4, 5], [10, 11, 9, 11, 9, 10]);
    expect(Math.abs(fit.slope)).toBeLessThan(0.2);
    expect(fit.r2).toBeLessThan(0.1);
  });

  it('cannot fit fewer than two distinct x', () => {
    expect(linearFit([1], [1]).slope).toBeNaN();
    expect(linearFit([2, 2], [1, 3]).slope).toBeNaN();
  });
});

describe('rssTrend()', () => {
  const minutes = (n: number) => n * 60_000;
  const series = (rssMb: (minute: number) => number) =>
    Array.from({ length: 21 }, (_, i) => ({ atMs: minutes(i / 2), rssBytes: rssMb(i / 2) * MB }));

  it('calls a steady RSS with small noise flat', () => {
    const trend = rssTrend(
      series((m) => 90 + (m % 1 === 0 ? 0.5 : -0.5)),
      0,
    );
    expect(trend.flat).toBe(true);
    expect(trend.meanMb).toBeCloseTo(90, 0);
  });

  it('calls a steady climb of 2 MB a minute growth', () => {
    const trend = rssTrend(
      series((m) => 80 + 2 * m),
      0,
    );
    expect(trend.slopeMbPerMinute).toBeCloseTo(2, 9);
    expect(trend.growthMb).toBeCloseTo(20, 9);
    expect(trend.flat).toBe(false);
  });

  it('ignores the warm-up, when caches fill', () => {
    const warmingThenFlat = series((m) => (m < 2 ? 40 + 30 * m : 100));
    expect(rssTrend(warmingThenFlat, 0).flat).toBe(false);
    const trend = rssTrend(warmingThenFlat, minutes(2));
    expect(trend.flat).toBe(true);
    expect(trend.samples).toBe(17);
  });
});

describe('countPerWindow()', () => {
  it('counts calls and errors per window, empty windows included', () => {
    expect(countPerWindow([100, 900, 1500, 3100], [900, 3100], 1000)).toEqual([
      { fromMs: 0, calls: 2, errors: 1 },
      { fromMs: 1000, calls: 1, errors: 0 },
      { fromMs: 2000, calls: 0, errors: 0 },
      { fromMs: 3000, calls: 1, errors: 1 },
    ]);
  });
});
