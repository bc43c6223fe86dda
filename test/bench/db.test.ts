import { describe, expect, it } from 'vitest';
import type { Row } from '../../bench/compare.js';
import { POOL_SCENARIO, POOL_SIDES, poolOverheadNote } from '../../bench/db.js';

function row(contender: string, concurrency: number, callsPerSecond: number): Row {
  return {
    scenario: POOL_SCENARIO,
    weight: 'cheap',
    contender,
    concurrency,
    versus: POOL_SIDES.inProcess,
    summary: { calls: 1000, errors: 0, callsPerSecond, p50Ms: 0, p95Ms: 0, p99Ms: 0 },
  };
}

describe('poolOverheadNote()', () => {
  it('gives the time per call the pool adds, at each concurrency', () => {
    const rows = [
      row(POOL_SIDES.pool, 1, 2000), // 500 µs a call
      row(POOL_SIDES.inProcess, 1, 4000), // 250 µs
      row(POOL_SIDES.pool, 8, 5000), // 200 µs
      row(POOL_SIDES.inProcess, 8, 10000), // 100 µs
    ];
    expect(poolOverheadNote(rows)).toBe(
      'Worker pool overhead per query (time per call, pool less in process): 250 µs at c=1, 100 µs at c=8.',
    );
  });

  it('says nothing when a side has no figures', () => {
    expect(poolOverheadNote([row(POOL_SIDES.pool, 1, 2000)])).toBeNull();
  });
});
