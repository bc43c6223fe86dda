/**
 * Runs one scenario on each contender side by side (same run, same machine) and turns each cell into a
 * report row. At each concurrency the contenders take turns in interleaved rounds, so that a slow spell
 * of a shared host (steal time, another process) falls on every contender alike instead of deciding a
 * ratio. Used by every benchmark section.
 */
import type { Contender } from './invoke.js';
import type { RssSampler } from './rss.js';
import { runWorkload, type Invoke, type WorkloadOptions } from './runner.js';
import { summarize, type Summary } from './stats.js';

/** A target a row is judged against; `concurrency` absent means every concurrency. */
export interface Goal {
  concurrency?: number;
  /** Calls/s at least this many times the scenario's `versus` contender. */
  minRatio?: number;
  maxP99Ms?: number;
  minCallsPerSecond?: number;
}

/** One call measured on several servers (the first is the subject, Gatehouse). */
export interface Scenario {
  name: string;
  /** Cheap calls get thousands of warm-up calls; heavy ones (tree walks) a few. */
  weight: 'cheap' | 'heavy';
  /** The contender the subject's ratio is computed against. */
  versus: string;
  contenders: Contender[];
  goals?: Goal[];
}

/** How hard to drive cheap and heavy calls: `seconds` and `minCalls` are split over `rounds` turns. */
export type Timing = Record<Scenario['weight'], Omit<WorkloadOptions, 'concurrency'> & { rounds: number }>;

/** One cell of a report: a scenario on one contender at one concurrency. */
export interface Row {
  scenario: string;
  weight: Scenario['weight'];
  contender: string;
  concurrency: number;
  versus: string;
  /** Set for the scenario's first contender only. */
  goals?: Goal[];
  summary?: Summary;
  /** Why there is no summary (skipped, failed), or the failures seen. */
  note?: string;
  peakRssBytes?: number | null;
}

/** Prints one finished cell as a progress line. */
function progressLine(section: string, row: Row): string {
  const head = `${section.padEnd(8)} ${row.scenario.padEnd(22)} c=${String(row.concurrency).padEnd(4)} ${row.contender.padEnd(18)}`;
  if (!row.summary) return `${head} ${row.note ?? ''}`;
  const s = row.summary;
  return `${head} ${s.callsPerSecond.toFixed(1).padStart(9)} calls/s  p50 ${s.p50Ms.toFixed(2)}  p99 ${s.p99Ms.toFixed(2)} ms${s.errors ? `  ${s.errors} errors` : ''}`;
}

/** What one contender gathers over the rounds of one concurrency. */
interface Cell {
  contender: Contender & { invoke: Invoke };
  latenciesMs: number[];
  elapsedMs: number;
  failed: number;
  failures: string[];
  peakRssBytes: number | null;
}

/** A probe call first, so a broken call is reported once: the cell, or why there is none. */
async function probe(contender: Contender): Promise<Cell | string> {
  if ('skipped' in contender) return contender.skipped;
  try {
    await contender.invoke(0);
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  }
  return { contender, latenciesMs: [], elapsedMs: 0, failed: 0, failures: [], peakRssBytes: null };
}

/** One turn of one contender: warm-up (first round only), then a measured window added to its cell. */
async function takeTurn(cell: Cell, options: WorkloadOptions, sampler: RssSampler): Promise<void> {
  const from = sampler.now();
  const result = await runWorkload(cell.contender.invoke, options);
  sampler.sample();
  cell.latenciesMs.push(...result.latenciesMs);
  cell.elapsedMs += result.elapsedMs;
  cell.failed += result.failedAtMs.length;
  for (const failure of result.failures)
    if (cell.failures.length < 5 && !cell.failures.includes(failure)) cell.failures.push(failure);
  const pid = cell.contender.pid;
  const peak = pid === null ? null : sampler.peak(pid, from);
  if (peak !== null && (cell.peakRssBytes === null || peak > cell.peakRssBytes)) cell.peakRssBytes = peak;
}

/**
 * Measures every contender at one concurrency in `rounds` turns each, the order reversed every other
 * round (A B, B A, ...); calls and time add up over a contender's turns.
 */
export async function measureInterleaved(
  contenders: readonly Contender[],
  options: WorkloadOptions,
  rounds: number,
  sampler: RssSampler,
): Promise<Array<Pick<Row, 'summary' | 'note' | 'peakRssBytes'>>> {
  const probed = [];
  for (const contender of contenders) probed.push(await probe(contender));
  const cells = probed.filter((p): p is Cell => typeof p !== 'string');
  const turn = { ...options, seconds: options.seconds / rounds, minCalls: Math.ceil(options.minCalls / rounds) };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? cells : [...cells].reverse();
    for (const cell of order) {
      await takeTurn(cell, { ...turn, warmupCalls: round === 0 ? options.warmupCalls : 0 }, sampler);
    }
  }
  return probed.map((p) => {
    if (typeof p === 'string') return { note: p };
    return {
      summary: summarize(p.latenciesMs, p.elapsedMs, p.failed),
      peakRssBytes: p.peakRssBytes,
      ...(p.failures.length ? { note: `errors: ${p.failures.join('; ')}` } : {}),
    };
  });
}

/** Runs a scenario at each concurrency on every contender, printing progress as it goes. */
export async function runScenario(
  section: string,
  scenario: Scenario,
  concurrencies: readonly number[],
  timing: Timing,
  sampler: RssSampler,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const concurrency of concurrencies) {
    const { rounds, ...workload } = timing[scenario.weight];
    const cells = await measureInterleaved(scenario.contenders, { ...workload, concurrency }, rounds, sampler);
    for (const [index, contender] of scenario.contenders.entries()) {
      const row: Row = {
        scenario: scenario.name,
        weight: scenario.weight,
        contender: contender.name,
        concurrency,
        versus: scenario.versus,
        ...(index === 0 && scenario.goals ? { goals: scenario.goals } : {}),
        ...cells[index]!,
      };
      console.log(progressLine(section, row));
      rows.push(row);
    }
  }
  return rows;
}
