import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatLogTime, formatMs, plural } from '../../../renderer/lib/format.js';
import { CHART_BOX, chartMax, chartPath } from '../../../renderer/lib/chart.js';

describe('formatting', () => {
  it.each([
    [10_000, 'just now'],
    [12 * 60_000, '12 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [3 * 86_400_000, '3 days ago'],
  ])('says %i ms ago as "%s"', (ago, text) => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(formatAgo(new Date(now - ago).toISOString(), now)).toBe(text);
  });

  it('shows a log line of today by its clock time, an older one with its date', () => {
    const today = new Date('2026-11-24T12:00:00').toDateString();
    expect(formatLogTime(new Date('2026-11-24T09:05:07').toISOString(), today)).toBe('09:05:07');
    expect(formatLogTime(new Date('2026-11-20T09:05:07').toISOString(), today)).toBe('2026-11-20 09:05:07');
  });

  it('formats durations, sizes and counts', () => {
    expect([formatMs(0.4219), formatMs(12.4), formatMs(1234), formatMs(null)]).toEqual([
      '0.42 ms',
      '12 ms',
      '1.2 s',
      '–',
    ]);
    expect([formatBytes(512), formatBytes(48 * 1024 * 1024), formatBytes(null)]).toEqual(['512 B', '48 MB', '–']);
    expect([plural(1, 'call'), plural(3, 'call')]).toEqual(['1 call', '3 calls']);
  });
});

describe('charts', () => {
  it('scales to the largest value, but never below 1', () => {
    expect(chartMax([[0, 0, null]])).toBe(1);
    expect(
      chartMax([
        [1, 7],
        [null, 3],
      ]),
    ).toBe(7);
  });

  it('draws from the right edge and breaks the line where a value is missing', () => {
    const d = chartPath([1, null, 2, 2], 2, 6);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.startsWith(`M${(3 + ((CHART_BOX.width - 6) * 2) / 5).toFixed(1)} `)).toBe(true);
    expect(d).toContain(`L${(CHART_BOX.width - 3).toFixed(1)} 3.0`);
    expect(chartPath([5], 5, 1)).toBe('');
  });
});
