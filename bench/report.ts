/**
 * Renders benchmark rows as Markdown (the same text on the console and in BENCHMARKS.md), judges them
 * against their goals, and replaces one marked section of BENCHMARKS.md at a time.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Goal, Row } from './compare.js';
import { ratio } from './stats.js';

/** Calls/s with sensible precision: 12,345 / 45.6 / 0.72. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

/** Milliseconds: 0.42 / 12.3 / 1,402. */
export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 10 ? 1 : 2);
}

const MB = 1024 * 1024;

/** The row of `contender` for the same scenario and concurrency, if measured. */
function peerRow(rows: readonly Row[], row: Row, contender: string): Row | undefined {
  return rows.find(
    (r) => r.scenario === row.scenario && r.concurrency === row.concurrency && r.contender === contender,
  );
}

/** One goal's verdict: met, missed, or null when it could not be judged (e.g. the peer was skipped). */
export interface Verdict {
  text: string;
  met: boolean | null;
}

/** Judges a row against its goals, with the other rows of its section for ratios. */
export function judge(row: Row, rows: readonly Row[]): Verdict[] {
  const verdicts: Verdict[] = [];
  const applies = (goal: Goal) => goal.concurrency === undefined || goal.concurrency === row.concurrency;
  for (const goal of (row.goals ?? []).filter(applies)) {
    const s = row.summary;
    if (goal.minRatio !== undefined) {
      const r = ratio(s?.callsPerSecond, peerRow(rows, row, row.versus)?.summary?.callsPerSecond);
      verdicts.push({ text: `≥ ${goal.minRatio}× ${row.versus}`, met: r === null ? null : r >= goal.minRatio });
    }
    if (goal.maxP99Ms !== undefined) {
      verdicts.push({ text: `p99 < ${goal.maxP99Ms} ms`, met: s ? s.p99Ms < goal.maxP99Ms : null });
    }
    if (goal.minCallsPerSecond !== undefined) {
      const text = `≥ ${goal.minCallsPerSecond.toLocaleString('en-US')} calls/s`;
      verdicts.push({ text, met: s ? s.callsPerSecond >= goal.minCallsPerSecond : null });
    }
  }
  return verdicts;
}

/** Verdicts as one table cell: `≥ 2× reference ✓, p99 < 10 ms ✗`. */
function verdictCell(verdicts: readonly Verdict[]): string {
  return verdicts.map((v) => `${v.text} ${v.met === null ? '?' : v.met ? '✓' : '✗'}`).join(', ');
}

/**
 * A Markdown table of rows. `ceiling` maps a concurrency to the bare SDK server's calls/s, shown as the
 * share of the protocol's own ceiling each server reaches.
 */
export function renderTable(rows: readonly Row[], ceiling?: ReadonlyMap<number, number>): string {
  const header = ['call', 'c', 'server', 'calls/s', 'p50 ms', 'p95 ms', 'p99 ms', 'peak RSS MB', 'ratio'];
  if (ceiling?.size) header.push('of SDK ceiling');
  header.push('goals');
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const s = row.summary;
    const r = ratio(s?.callsPerSecond, peerRow(rows, row, row.versus)?.summary?.callsPerSecond);
    const ratioCell = r === null || row.contender === row.versus ? '' : `${r.toFixed(2)}× ${row.versus}`;
    const cells = [
      row.scenario,
      String(row.concurrency),
      row.contender,
      s ? formatRate(s.callsPerSecond) : (row.note ?? ''),
      s ? formatMs(s.p50Ms) : '',
      s ? formatMs(s.p95Ms) : '',
      s ? formatMs(s.p99Ms) : '',
      row.peakRssBytes ? (row.peakRssBytes / MB).toFixed(0) : '',
      ratioCell,
    ];
    if (ceiling?.size) {
      // A tree walk's share of a no-op's rate says nothing; the column is for the cheap calls.
      const share = row.weight === 'cheap' ? ratio(s?.callsPerSecond, ceiling.get(row.concurrency)) : null;
      cells.push(share === null ? '' : `${Math.round(share * 100)}%`);
    }
    cells.push(verdictCell(judge(row, rows)));
    lines.push(`| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`);
  }
  const errors = rows
    .filter((r) => r.summary && r.note)
    .map((r) => `- ${r.scenario} c=${r.concurrency} ${r.contender}: ${r.note}`);
  return [...lines, ...(errors.length ? ['', ...errors] : [])].join('\n');
}

/** Counts of verdicts over rows: how many goals were met, missed, or could not be judged. */
export function tallyGoals(rows: readonly Row[]): { met: number; missed: string[]; unjudged: number } {
  const missed: string[] = [];
  let met = 0;
  let unjudged = 0;
  for (const row of rows) {
    for (const v of judge(row, rows)) {
      if (v.met === true) met += 1;
      else if (v.met === false) missed.push(`${row.scenario} c=${row.concurrency}: ${v.text}`);
      else unjudged += 1;
    }
  }
  return { met, missed, unjudged };
}

/** The machine, as the report names it. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const memory = `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${memory} memory, ${os.type()} ${os.release()}, Node ${process.version}; load average at start ${load}`;
}

/** Replaces the text between `<!-- bench:ID -->` and `<!-- /bench:ID -->`, or appends the section. */
export function replaceSection(doc: string, id: string, body: string): string {
  const open = `<!-- bench:${id} -->`;
  const close = `<!-- /bench:${id} -->`;
  const block = `${open}\n${body.trim()}\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close, start);
  if (start < 0 || end < 0) return `${doc.trimEnd()}\n\n${block}\n`;
  return doc.slice(0, start) + block + doc.slice(end + close.length);
}

/** Writes sections into the Markdown file, keeping every other section as it was. */
export function writeSections(file: string, sections: ReadonlyMap<string, string>): void {
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  for (const [id, body] of sections) doc = replaceSection(doc, id, body);
  fs.writeFileSync(file, doc);
}
