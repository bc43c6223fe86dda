import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../renderer/types.js';
import { mergeEntries } from '../../../renderer/lib/log-merge.js';
import { NO_FILTER, toLogFilter } from '../../../renderer/logs/filter-state.js';
import { formatLogLine, linesAsJson, linesAsText } from '../../../renderer/logs/log-text.js';

const call: LogEntry = {
  timestamp: '2026-11-24T10:00:01.000Z',
  level: 'info',
  message: 'tool call',
  kind: 'audit',
  pid: 42,
  tool: 'read_text_file',
  decision: 'refused',
  code: 'ACCESS_DENIED',
  durationMs: 0.5,
  client: 'claude-ai',
  paths: ['/etc/passwd'],
  details: { clientVersion: '1.0' },
};
const event: LogEntry = {
  timestamp: '2026-11-24T10:00:00.000Z',
  level: 'warn',
  message: 'policy file invalid',
  kind: 'event',
  pid: 42,
  details: { file: '/p.json' },
};

describe('log lines as text', () => {
  it('writes an audit line with its call and an event with its message', () => {
    expect(formatLogLine(call)).toBe(
      '2026-11-24T10:00:01.000Z INFO pid=42 read_text_file refused ACCESS_DENIED 0.5 ms client=claude-ai paths=/etc/passwd clientVersion=1.0',
    );
    expect(formatLogLine(event)).toBe('2026-11-24T10:00:00.000Z WARN pid=42 policy file invalid file=/p.json');
  });

  it('copies and exports oldest first, as a log file reads', () => {
    expect(linesAsText([call, event]).split('\n')[0]).toContain('policy file invalid');
    const json = linesAsJson([call, event])
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogEntry);
    expect(json).toEqual([event, call]);
  });
});

describe('the log tail', () => {
  it('merges newest first, drops the overlap between a page and the follow, and keeps a cap', () => {
    const later = { ...call, timestamp: '2026-11-24T10:00:02.000Z' };
    const merged = mergeEntries([call, event], [call, later], 10);
    expect(merged).toEqual([later, call, event]);
    expect(mergeEntries(merged, [], 10)).toBe(merged);
    expect(mergeEntries([call, event], [later], 2)).toEqual([later, call]);
  });
});

describe('the filter form', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');

  it('asks for everything when nothing is chosen', () => {
    expect(toLogFilter(NO_FILTER, now)).toEqual({});
  });

  it('turns each choice into the filter main applies', () => {
    expect(
      toLogFilter(
        { ...NO_FILTER, level: 'warn', kind: 'audit', tool: 'write_file', decision: 'refused', pid: '42', text: ' x ' },
        now,
      ),
    ).toEqual({
      levels: ['error', 'warn'],
      kind: 'audit',
      tool: 'write_file',
      decision: 'refused',
      pid: 42,
      text: 'x',
    });
    expect(toLogFilter({ ...NO_FILTER, time: '1h' }, now)).toEqual({ since: '2026-11-24T11:00:00.000Z' });
  });

  it('takes a custom range and leaves out what is not a time or not a pid', () => {
    const range = toLogFilter(
      { ...NO_FILTER, time: 'custom', from: '2026-11-24T09:00', to: 'nonsense', pid: '-3' },
      now,
    );
    expect(Object.keys(range)).toEqual(['since']);
    expect(new Date(range.since!).getTime()).toBe(new Date('2026-11-24T09:00').getTime());
  });
});
