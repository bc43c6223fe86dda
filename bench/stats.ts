/**
 * The harness's arithmetic: percentiles, throughput, ratios and the RSS trend fit. Pure (no Node
 * imports), so it is unit-tested and shared by the benchmark and the load run.
 */

/** One measured cell: throughput and latency of the calls of one workload. */
export interface Summary {
  calls: number;
  errors: number;
  callsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/**
 * The nearest-rank percentile (the smallest value with at least p% of values at or below it) of values
 * sorted ascending; NaN when there are none. Nearest-rank never invents a latency that was not seen.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Summarises the latencies of one workload that ran for `elapsedMs`. */
export function summarize(latenciesMs: readonly number[], elapsedMs: number, errors = 0): Summary {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    calls: latenciesMs.length,
    errors,
    callsPerSecond: elapsedMs > 0 ? (latenciesMs.length * 1000) / elapsedMs : Number.NaN,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
  };
}

/** a / b, or null when either is missing or b is not positive (a ratio to nothing means nothing). */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return null;
  return a / b;
}

/** A least-squares line y = slope * x + intercept, with r² (1 = every point on the line). */
export interface LinearFit {
  slope: number;
  intercept: number;
  r2: number;
}

/** Least-squares fit of a line through the points; NaN slope with fewer than two distinct x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
  const n = Math.min(xs.length, ys.length);
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[i] as number;
    sy += ys[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (n < 2 || sxx === 0) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN };
  const slope = sxy / sxx;
  // A perfectly flat series is perfectly explained by a flat line.
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2 };
}

/** One RSS reading of a process. */
export interface RssSample {
  atMs: number;
  rssBytes: number;
}

/** Whether RSS grows over a run, judged after warm-up. */
export interface RssTrend {
  samples: number;
  meanMb: number;
  /** Slope of the fitted line, MB per minute. */
  slopeMbPerMinute: number;
  /** What the fitted line grows by across the judged window, MB. */
  growthMb: number;
  r2: number;
  /** True when the fitted growth stays within max(5 MB, 5% of the mean): noise, not a leak. */
  flat: boolean;
}

const MB = 1024 * 1024;

/** Fits RSS over time, ignoring samples taken before `warmupMs` (start-up and caches filling). */
export function rssTrend(samples: readonly RssSample[], warmupMs: number): RssTrend {
  const judged = samples.filter((s) => s.atMs >= warmupMs);
  const xs = judged.map((s) => s.atMs / 60_000);
  const ys = judged.map((s) => s.rssBytes / MB);
  const fit = linearFit(xs, ys);
  const meanMb = ys.reduce((sum, y) => sum + y, 0) / (ys.length || 1);
  const spanMinutes = xs.length > 1 ? (xs[xs.length - 1] as number) - (xs[0] as number) : 0;
  const growthMb = fit.slope * spanMinutes;
  return {
    samples: judged.length,
    meanMb,
    slopeMbPerMinute: fit.slope,
    growthMb,
    r2: fit.r2,
    flat: Number.isFinite(growthMb) && growthMb <= Math.max(5, meanMb * 0.05),
  };
}

/** Calls completed, and failed, in each window of `windowMs` (for a throughput-over-time table). */
export function countPerWindow(
  endsAtMs: readonly number[],
  failedAtMs: readonly number[],
  windowMs: number,
): Array<{ fromMs: number; calls: number; errors: number }> {
  const windows: Array<{ fromMs: number; calls: number; errors: number }> = [];
  const slot = (atMs: number) => {
    const index = Math.floor(atMs / windowMs);
    while (windows.length <= index) windows.push({ fromMs: windows.length * windowMs, calls: 0, errors: 0 });
    return windows[index] as { fromMs: number; calls: number; errors: number };
  };
  for (const at of endsAtMs) slot(at).calls += 1;
  for (const at of failedAtMs) slot(at).errors += 1;
  return windows;
}
