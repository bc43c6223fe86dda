import { describe, expect, it } from 'vitest';
import { compileQuery, lowerPattern } from '../../../server/sandbox/query.js';

function search(query: string, text: string, options = { isRegex: false, caseSensitive: false }) {
  const found: Array<[number, string]> = [];
  compileQuery(query, options).search(text, (line, lineText) => {
    found.push([line, lineText]);
    return true;
  });
  return found;
}

describe('compileQuery()', () => {
  it('reports each matching line once, with its number', () => {
    expect(search('a', 'a a\nb\nxa\r\n')).toEqual([
      [1, 'a a'],
      [3, 'xa'],
    ]);
  });

  it('finds the original line when lower-casing changes lengths', () => {
    expect(search('x', 'İİİ\nx\n')).toEqual([[2, 'x']]);
  });

  it('matches regexes per line, case-insensitively unless asked', () => {
    expect(search('^B\\w', 'ab\nBc\nbd', { isRegex: true, caseSensitive: false })).toEqual([
      [2, 'Bc'],
      [3, 'bd'],
    ]);
    expect(search('^B\\w', 'ab\nBc\nbd', { isRegex: true, caseSensitive: true })).toEqual([[2, 'Bc']]);
  });

  it('keeps escapes when lower-casing a pattern', () => {
    expect(lowerPattern('\\W\\S\\D\\B\\cJ[A-Z]Ab')).toBe('\\W\\S\\D\\B\\cJ[a-z]ab');
  });

  it('stops when told to', () => {
    let calls = 0;
    compileQuery('a', { isRegex: false, caseSensitive: true }).search('a\na\na', () => ++calls < 2);
    expect(calls).toBe(2);
  });

  it('runs a catastrophic regex in linear time', () => {
    const started = performance.now();
    expect(search('(a+)+$', `${'a'.repeat(40)}!`, { isRegex: true, caseSensitive: true })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['backreference', '(a)\\1'],
    ['named backreference', '(?<x>a)\\k<x>'],
    ['lookahead', 'a(?=b)'],
    ['negative lookbehind', '(?<!a)b'],
    ['an overlong pattern', 'a'.repeat(1001)],
    ['a syntax error', '(a'],
  ])('refuses a %s', (_case, pattern) => {
    expect(() => compileQuery(pattern, { isRegex: true, caseSensitive: true })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
