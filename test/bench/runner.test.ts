import { describe, expect, it } from 'vitest';
import { runWorkload, type Invoke } from '../../bench/runner.js';

/** An invoke that yields to the event loop, counts calls in flight and fails every `failEvery`th call. */
function fakeCall(failEvery = 0) {
  const seen = { calls: 0, inFlight: 0, maxInFlight: 0, indexes: [] as number[] };
  const invoke: Invoke = async (i) => {
    seen.calls += 1;
    seen.indexes.push(i);
    seen.inFlight += 1;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    seen.inFlight -= 1;
    if (failEvery && i % failEvery === 0) throw new Error(`call ${i % 2 ? 'odd' : 'even'} failed`);
  };
  return { seen, invoke };
}

describe('runWorkload()', () => {
  it('keeps exactly `concurrency` calls in flight and records only the calls after warm-up', async () => {
    const { seen, invoke } = fakeCall();
    const result = await runWorkload(invoke, { concurrency: 4, warmupCalls: 10, seconds: 0, minCalls: 40 });
    expect(seen.maxInFlight).toBe(4);
    // Workers that see the stop condition finish the call they started: at most concurrency - 1 extra.
    expect(result.latenciesMs.length).toBeGreaterThanOrEqual(40);
    expect(result.latenciesMs.length).toBeLessThan(44);
    expect(seen.calls).toBe(10 + result.latenciesMs.length);
    expect(result.endsAtMs).toHaveLength(result.latenciesMs.length);
    expect(result.elapsedMs).toBe(result.endsAtMs.at(-1));
  });

  it('counts failures and keeps each distinct message once', async () => {
    const { invoke } = fakeCall(10);
    const result = await runWorkload(invoke, { concurrency: 2, warmupCalls: 0, seconds: 0, minCalls: 100 });
    expect(result.failedAtMs.length).toBe(Math.ceil(result.latenciesMs.length / 10));
    expect(result.failures).toEqual(['call even failed']);
  });

  it('paces calls to a steady rate when asked', async () => {
    const { invoke } = fakeCall();
    const result = await runWorkload(invoke, {
      concurrency: 8,
      warmupCalls: 0,
      seconds: 0,
      minCalls: 20,
      ratePerSecond: 200,
    });
    // 20 calls at 200/s start over about 95 ms; without pacing they would all end within a few ms.
    expect(result.elapsedMs).toBeGreaterThanOrEqual(90);
  });
});
