import { describe, expect, it } from 'vitest';
import { toBindArgs, toJsonCell, toJsonInteger, toJsonRow } from '../../../../server/sandbox/database/values.js';

describe('toJsonCell()', () => {
  it.each([
    ['a safe integer', 42n, 42],
    ['the largest safe integer', 9007199254740991n, 9007199254740991],
    ['2^53, which a double cannot tell from 2^53 + 1', 9007199254740992n, '9007199254740992'],
    ['the smallest 64-bit integer', -9223372036854775808n, '-9223372036854775808'],
    ['a real', 1.5, 1.5],
    ['an infinite real', -Infinity, '-Infinity'],
    ['text', 'héllo', 'héllo'],
    ['NULL', null, null],
  ])('converts %s', (_name, value, expected) => {
    expect(toJsonCell(value, 10)).toEqual(expected);
  });

  it('gives BLOBs as base64 with their size, cut past the cap', () => {
    expect(toJsonCell(Buffer.from([1, 2, 3]), 10)).toEqual({ base64: 'AQID', bytes: 3, truncated: false });
    expect(toJsonCell(Buffer.alloc(20, 255), 4)).toEqual({ base64: '/////w==', bytes: 20, truncated: true });
  });
});

describe('toJsonRow()', () => {
  it('converts a row in place and estimates its JSON size', () => {
    const row: unknown[] = [1n, 'abc', null, Buffer.from([0])];
    const bytes = toJsonRow(row, 10);
    expect(row).toEqual([1, 'abc', null, { base64: 'AA==', bytes: 1, truncated: false }]);
    expect(bytes).toBeGreaterThanOrEqual(JSON.stringify(row).length);
  });
});

describe('toBindArgs()', () => {
  it('binds whole numbers and booleans as integers, and strips placeholder prefixes from names', () => {
    expect(toBindArgs([1, 2.5, true, false, 'x', null])).toEqual([1n, 2.5, 1n, 0n, 'x', null]);
    expect(toBindArgs({ ':a': 1, '@b': 'x', $c: null, d: 2.5 })).toEqual([{ a: 1n, b: 'x', c: null, d: 2.5 }]);
  });

  it('keeps rowids past 2^53 exact', () => {
    expect(toJsonInteger(2n ** 62n)).toBe('4611686018427387904');
    expect(toJsonInteger(7)).toBe(7);
  });
});
