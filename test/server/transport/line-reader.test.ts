import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../server/transport/line-reader.js';

describe('LineReader', () => {
  it('splits lines across chunk boundaries and drops a trailing CR', () => {
    const reader = new LineReader(() => 100);
    expect(reader.feed(Buffer.from('{"a":1}\n{"b"'))).toEqual([{ kind: 'line', text: '{"a":1}' }]);
    expect(reader.feed(Buffer.from(':2}\r\n\n'))).toEqual([
      { kind: 'line', text: '{"b":2}' },
      { kind: 'line', text: '' },
    ]);
  });

  it('keeps a multi-byte character split between chunks intact', () => {
    const reader = new LineReader(() => 100);
    const bytes = Buffer.from('"é"\n');
    expect(reader.feed(bytes.subarray(0, 2))).toEqual([]);
    expect(reader.feed(bytes.subarray(2))).toEqual([{ kind: 'line', text: '"é"' }]);
  });

  it('skips an over-long line without buffering it, keeping its head and tail', () => {
    const reader = new LineReader(() => 64);
    const events = [
      ...reader.feed(Buffer.from('{"id":7,"x":"' + 'a'.repeat(50))),
      ...reader.feed(Buffer.from('b'.repeat(10_000))),
      ...reader.feed(Buffer.from('c"}\n{"ok":1}\n')),
    ];
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ kind: 'oversized', bytes: 13 + 50 + 10_000 + 3 });
    const oversized = events[0] as { head: string; tail: string };
    expect(oversized.head.startsWith('{"id":7')).toBe(true);
    expect(oversized.tail.endsWith('c"}')).toBe(true);
    expect(events[1]).toEqual({ kind: 'line', text: '{"ok":1}' });
  });
});
