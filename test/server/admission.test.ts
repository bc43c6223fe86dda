import { describe, expect, it } from 'vitest';
import { createAdmission } from '../../server/admission.js';
import { GatehouseError } from '../../server/errors.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function refusal(promise: Promise<unknown>): Promise<GatehouseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GatehouseError)) throw new Error('expected a refusal');
  return error;
}

describe('createAdmission()', () => {
  it('allows a minute of calls at once, then refuses with the time until the next token', async () => {
    const time = clock();
    const admission = createAdmission({ maxInFlight: 100, maxQueued: 0, memoryLimitBytes: 1e12, now: time.now });
    for (let i = 0; i < 60; i += 1) (await admission.admit(60, false))();
    const error = await refusal(admission.admit(60, false));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterMs).toBe(1000);
    time.advance(1000);
    (await admission.admit(60, false))();
  });

  it('starts a full bucket when the policy changes the rate', async () => {
    const time = clock();
    const admission = createAdmission({ maxInFlight: 100, maxQueued: 0, memoryLimitBytes: 1e12, now: time.now });
    (await admission.admit(1, false))();
    expect((await refusal(admission.admit(1, false))).code).toBe('RATE_LIMITED');
    (await admission.admit(2, false))();
  });

  it('queues calls beyond the in-flight cap and refuses beyond the queue', async () => {
    const admission = createAdmission({ maxInFlight: 2, maxQueued: 1, memoryLimitBytes: 1e12 });
    const first = await admission.admit(1000, false);
    await admission.admit(1000, false);
    let thirdAdmitted = false;
    const third = admission.admit(1000, false).then((release) => {
      thirdAdmitted = true;
      return release;
    });
    expect(admission.stats()).toEqual({ inFlight: 2, queued: 1 });
    const overflow = await refusal(admission.admit(1000, false));
    expect(overflow).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 100 });
    await Promise.resolve();
    expect(thirdAdmitted).toBe(false);
    first();
    first(); // a second release of the same slot changes nothing
    (await third)();
    expect(thirdAdmitted).toBe(true);
    expect(admission.stats()).toEqual({ inFlight: 1, queued: 0 });
  });

  it('idle() resolves once every running and queued call has finished, or false at its deadline', async () => {
    const admission = createAdmission({ maxInFlight: 1, maxQueued: 1, memoryLimitBytes: 1e12 });
    expect(await admission.idle(10)).toBe(true);
    const first = await admission.admit(1000, false);
    const second = admission.admit(1000, false);
    expect(await admission.idle(20)).toBe(false);
    let drained = false;
    const idle = admission.idle(5000).then((result) => (drained = result));
    first();
    const release = await second;
    await Promise.resolve();
    // The slot passed to the queued call: not idle yet.
    expect(drained).toBe(false);
    release();
    expect(await idle).toBe(true);
  });

  it('sheds heavy calls, and only heavy calls, under memory pressure', async () => {
    let rss = 10;
    let now = 0;
    const admission = createAdmission({
      maxInFlight: 10,
      maxQueued: 0,
      memoryLimitBytes: 100,
      rss: () => rss,
      now: () => now,
    });
    (await admission.admit(1000, true))();
    rss = 200;
    // Memory is sampled, not read per call: the rise counts from the next sample on.
    (await admission.admit(1000, true))();
    now += 100;
    expect(await refusal(admission.admit(1000, true))).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000 });
    (await admission.admit(1000, false))();
  });
});
