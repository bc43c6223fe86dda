/**
 * The workload runner: keeps `concurrency` calls in flight (optionally paced to a steady rate), warms
 * up, then records every call's latency and end time. Shared by the benchmark and the load run.
 */

/** Makes call number `i`; throws (or rejects) when the call failed. */
export type Invoke = (i: number) => Promise<void>;

/** How long and how hard to drive one workload. */
export interface WorkloadOptions {
  concurrency: number;
  /** Calls made and thrown away first, so that caches, JIT and pools are warm. */
  warmupCalls: number;
  /** Measure at least this long… */
  seconds: number;
  /** …and at least this many calls (for slow calls). */
  minCalls: number;
  /** Start at most this many calls per second in all (a steady rate); absent: as fast as answered. */
  ratePerSecond?: number;
}

/** Every measured call of a workload. */
export interface WorkloadResult {
  latenciesMs: number[];
  /** When each call ended, ms after the measurement started (same order as latenciesMs). */
  endsAtMs: number[];
  /** When each failed call ended. */
  failedAtMs: number[];
  /** Up to five distinct failure messages. */
  failures: string[];
  /** From the start of measurement to the end of the last call. */
  elapsedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `concurrency` workers over `invoke` until `stop()` says so; returns when all have finished. */
async function drive(
  invoke: Invoke,
  options: WorkloadOptions,
  stop: (started: number) => boolean,
  onCall: (startedAt: number, endedAt: number, error: unknown) => void,
): Promise<void> {
  let started = 0;
  const origin = performance.now();
  const worker = async () => {
    while (!stop(started)) {
      const index = started++;
      if (options.ratePerSecond) {
        const due = origin + (index * 1000) / options.ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const t0 = performance.now();
      let failure: unknown = null;
      try {
        await invoke(index);
      } catch (error) {
        failure = error ?? new Error('failed');
      }
      onCall(t0, performance.now(), failure);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

/** Warms up, then measures one workload. */
export async function runWorkload(invoke: Invoke, options: WorkloadOptions): Promise<WorkloadResult> {
  await drive(
    invoke,
    options,
    (started) => started >= options.warmupCalls,
    () => undefined,
  );
  const result: WorkloadResult = { latenciesMs: [], endsAtMs: [], failedAtMs: [], failures: [], elapsedMs: 0 };
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  await drive(
    invoke,
    options,
    (started) => started >= options.minCalls && performance.now() >= deadline,
    (t0, t1, error) => {
      result.latenciesMs.push(t1 - t0);
      result.endsAtMs.push(t1 - start);
      if (error !== null) {
        result.failedAtMs.push(t1 - start);
        const message = error instanceof Error ? error.message : String(error);
        if (result.failures.length < 5 && !result.failures.includes(message)) result.failures.push(message);
      }
    },
  );
  // Calls are recorded as they end, so the last one recorded ended last.
  result.elapsedMs = result.endsAtMs.at(-1) ?? 0;
  return result;
}
