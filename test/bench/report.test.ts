import { describe, expect, it } from 'vitest';
import type { Row } from '../../bench/compare.js';
import { judge, renderTable, replaceSection, tallyGoals } from '../../bench/report.js';

const summary = (callsPerSecond: number, p99Ms: number) => ({
  calls: 1000,
  errors: 0,
  callsPerSecond,
  p50Ms: p99Ms / 4,
  p95Ms: p99Ms / 2,
  p99Ms,
});

const rows: Row[] = [
  {
    scenario: 'read_text_file',
    weight: 'cheap',
    contender: 'gatehouse',
    concurrency: 8,
    versus: 'reference',
    goals: [{ minRatio: 2 }, { concurrency: 8, maxP99Ms: 10 }, { concurrency: 1, maxP99Ms: 1 }],
    summary: summary(6000, 12),
  },
  {
    scenario: 'read_text_file',
    weight: 'cheap',
    contender: 'reference',
    concurrency: 8,
    versus: 'reference',
    summary: summary(2500, 20),
  },
  {
    scenario: 'search_files',
    weight: 'heavy',
    contender: 'gatehouse',
    concurrency: 8,
    versus: 'reference',
    goals: [{ minRatio: 10 }],
    note: 'skipped: gatehouse does not offer search_files yet',
  },
  {
    scenario: 'search_files',
    weight: 'heavy',
    contender: 'reference',
    concurrency: 8,
    versus: 'reference',
    summary: summary(0.7, 9000),
  },
];

describe('judge()', () => {
  it('judges the ratio against the peer at the same concurrency, and only goals for that concurrency', () => {
    expect(judge(rows[0] as Row, rows)).toEqual([
      { text: '≥ 2× reference', met: true },
      { text: 'p99 < 10 ms', met: false },
    ]);
  });

  it('cannot judge a skipped row', () => {
    expect(judge(rows[2] as Row, rows)).toEqual([{ text: '≥ 10× reference', met: null }]);
  });
});

describe('tallyGoals()', () => {
  it('counts met, missed and unjudged goals', () => {
    expect(tallyGoals(rows)).toEqual({ met: 1, missed: ['read_text_file c=8: p99 < 10 ms'], unjudged: 1 });
  });
});

describe('renderTable()', () => {
  it('shows ratios, the share of the SDK ceiling for cheap calls, and why a row has no numbers', () => {
    const table = renderTable(rows, new Map([[8, 12_000]]));
    expect(table).toContain(
      '| read_text_file | 8 | gatehouse | 6,000 | 3.00 | 6.00 | 12.0 |  | 2.40× reference | 50% |',
    );
    expect(table).toContain('| search_files | 8 | gatehouse | skipped: gatehouse does not offer search_files yet |');
    expect(table).toContain('| search_files | 8 | reference | 0.70 | 2,250 | 4,500 | 9,000 |  |  |  |  |');
  });
});

describe('replaceSection()', () => {
  const doc = '# Benchmarks\n\nIntro.\n\n<!-- bench:files -->\nold files\n<!-- /bench:files -->\n\nOutro.\n';

  it('replaces only the marked section', () => {
    expect(replaceSection(doc, 'files', 'new files')).toBe(
      '# Benchmarks\n\nIntro.\n\n<!-- bench:files -->\nnew files\n<!-- /bench:files -->\n\nOutro.\n',
    );
  });

  it('appends a section that is not there yet', () => {
    expect(replaceSection(doc, 'db', 'db rows')).toBe(
      `${doc.trimEnd()}\n\n<!-- bench:db -->\ndb rows\n<!-- /bench:db -->\n`,
    );
  });
});
