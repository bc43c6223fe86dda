import { describe, expect, it } from 'vitest';
import { isoTime } from '../../server/iso-time.js';

const viaDate = (ms: number) => new Date(Math.round(ms)).toISOString();

describe('isoTime', () => {
  it('writes what Date#toISOString writes for the ms-rounded time', () => {
    const edges = [
      0, 0.4, 0.5, 999.5, 86_399_999.6, 951_782_400_000 /* 2000-02-29 */, 951_868_800_000,
      4_107_542_400_000 /* 2100-03-01 */, 1_704_067_199_999, 1_704_067_200_000, 253_402_300_799_999,
      253_402_300_799_999.4,
    ];
    for (const ms of edges) expect(isoTime(ms), String(ms)).toBe(viaDate(ms));
    // Seeded, so a failure names a value that can be run again.
    let seed = 42;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 253_402_300_800_000;
    for (let i = 0; i < 200_000; i += 1) {
      const ms = next();
      if (isoTime(ms) !== viaDate(ms)) expect(isoTime(ms), String(ms)).toBe(viaDate(ms));
    }
  });

  it('leaves years Date writes otherwise to Date, and throws as it does for no time at all', () => {
    for (const ms of [-1, -0.4, -62_198_755_200_000, 253_402_300_800_000, 8.64e15])
      expect(isoTime(ms)).toBe(viaDate(ms));
    expect(isoTime(253_402_300_800_000)).toBe('+010000-01-01T00:00:00.000Z');
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
