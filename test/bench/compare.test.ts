import { afterEach, describe, expect, it } from 'vitest';
import { measureInterleaved } from '../../bench/compare.js';
import type { Contender } from '../../bench/invoke.js';
import { RssSampler } from '../../bench/rss.js';

const samplers: RssSampler[] = [];
afterEach(() => {
  for (const sampler of samplers.splice(0)) sampler.stop();
});

/** A contender whose every call yields once; `starts` logs its name at each call number 0 (a turn's start). */
function contender(name: string, starts: string[]): Contender & { calls: () => number } {
  let calls = 0;
  return {
    name,
    pid: null,
    calls: () => calls,
    invoke: async (i) => {
      calls += 1;
      if (i === 0) starts.push(name);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('measureInterleaved()', () => {
  it('gives the contenders turns in alternating order and adds up each one’s turns', async () => {
    const starts: string[] = [];
    const a = contender('A', starts);
    const b = contender('B', starts);
    const sampler = new RssSampler();
    samplers.push(sampler);
    const options = { concurrency: 1, warmupCalls: 0, seconds: 0, minCalls: 30 };
    const [ra, rb] = await measureInterleaved([a, b], options, 3, sampler);
    // The probes, then rounds A B, B A, A B.
    expect(starts).toEqual(['A', 'B', 'A', 'B', 'B', 'A', 'A', 'B']);
    // Each turn makes at least minCalls / rounds calls; the summary counts every turn's calls.
    expect(ra!.summary!.calls).toBe(a.calls() - 1);
    expect(rb!.summary!.calls).toBe(b.calls() - 1);
    expect(ra!.summary!.calls).toBeGreaterThanOrEqual(30);
    expect(ra!.summary!.callsPerSecond).toBeGreaterThan(0);
  });

  it('reports a skipped or broken contender once and still measures the others', async () => {
    const starts: string[] = [];
    const broken: Contender = {
      name: 'broken',
      pid: null,
      invoke: () => Promise.reject(new Error('no such tool')),
    };
    const skipped: Contender = { name: 'skipped', pid: null, skipped: 'skipped: not offered' };
    const sampler = new RssSampler();
    samplers.push(sampler);
    const options = { concurrency: 2, warmupCalls: 0, seconds: 0, minCalls: 10 };
    const rows = await measureInterleaved([contender('A', starts), broken, skipped], options, 2, sampler);
    expect(rows[0]!.summary!.calls).toBeGreaterThanOrEqual(10);
    expect(rows[1]).toEqual({ note: 'failed: no such tool' });
    expect(rows[2]).toEqual({ note: 'skipped: not offered' });
  });
});
