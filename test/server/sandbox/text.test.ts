import { describe, expect, it } from 'vitest';
import {
  countLines,
  decodeText,
  encodeText,
  firstLines,
  lastLines,
  offsetAfterLines,
  offsetOfLastLines,
  sniffText,
} from '../../../server/sandbox/text.js';

describe('sniffText()', () => {
  it.each([
    ['UTF-8', Buffer.from('plain'), { binary: false, encoding: 'utf-8', bomLength: 0 }],
    ['UTF-8 BOM', Buffer.from([0xef, 0xbb, 0xbf, 0x41]), { binary: false, encoding: 'utf-8-bom', bomLength: 3 }],
    [
      'UTF-16 LE BOM (with NULs)',
      Buffer.from([0xff, 0xfe, 0x41, 0]),
      { binary: false, encoding: 'utf-16le', bomLength: 2 },
    ],
    ['UTF-16 BE BOM', Buffer.from([0xfe, 0xff, 0, 0x41]), { binary: false, encoding: 'utf-16be', bomLength: 2 }],
    ['a NUL byte', Buffer.from([0x41, 0, 0x42]), { binary: true }],
  ])('recognises %s', (_name, bytes, expected) => {
    expect(sniffText(bytes)).toEqual(expected);
  });
});

describe('decodeText() and encodeText()', () => {
  it.each(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'] as const)('round-trip %s', (encoding) => {
    const bytes = encodeText('héllo\nwörld', encoding);
    const sniffed = sniffText(bytes);
    if (sniffed.binary) throw new Error('binary');
    expect(sniffed.encoding).toBe(encoding);
    expect(decodeText(bytes, encoding, sniffed.bomLength)).toBe('héllo\nwörld');
  });
});

describe('lines', () => {
  it('counts a final newline as the end of the last line', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
  });

  it('slices first and last lines', () => {
    expect(firstLines('a\nb\nc\n', 2)).toBe('a\nb\n');
    expect(lastLines('a\nb\nc\n', 2)).toBe('b\nc\n');
    expect(lastLines('a\nb\nc', 1)).toBe('c');
    expect(lastLines('a\nb', 0)).toBe('');
  });

  it('finds byte offsets of the first and last lines', () => {
    const bytes = Buffer.from('a\nbb\nccc\n');
    expect(offsetAfterLines(bytes, 2)).toBe(5);
    expect(offsetAfterLines(bytes, 9)).toBe(-1);
    expect(offsetOfLastLines(bytes, 1, false)).toBe(5);
    expect(offsetOfLastLines(bytes, 3, true)).toBe(0);
    expect(offsetOfLastLines(bytes, 3, false)).toBe(-1);
  });
});
