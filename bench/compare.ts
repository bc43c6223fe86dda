/**
 * Runs one scenario on each contender side by side (same run, same machine, one after the other at
 * each concurrency) and turns each cell into a report row. Used by every benchmark section.
 */
import type { Contender } from './invoke.js';
import type { RssSampler } from './rss.js';
import { runWorkload, type WorkloadOptions } from './runner.js';
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

/** How hard to drive cheap and heavy calls. */
export type Timing = Record<Scenario['weight'], Omit<WorkloadOptions, 'concurrency'>>;

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

/** Measures one contender at one concurrency: a probe call first, so a broken call is reported once. */
async function measure(
  contender: Contender,
  options: WorkloadOptions,
  sampler: RssSampler,
): Promise<Pick<Row, 'summary' | 'note' | 'peakRssBytes'>> {
  if ('skipped' in contender) return { note: contender.skipped };
  try {
    await contender.invoke(0);
  } catch (error) {
    return { note: `failed: ${(error as Error).message}` };
  }
  const from = sampler.now();
  const result = await runWorkload(contender.invoke, options);
  sampler.sample();
  const summary = summarize(result.latenciesMs, result.elapsedMs, result.failedAtMs.length);
  const peakRssBytes = contender.pid === null ? null : sampler.peak(contender.pid, from);
  return {
    summary,
    peakRssBytes,
    ...(result.failures.length ? { note: `errors: ${result.failures.join('; ')}` } : {}),
  };
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
    const options = { ...timing[scenario.weight], concurrency };
    for (const [index, contender] of scenario.contenders.entries()) {
      const row: Row = {
        scenario: scenario.name,
        weight: scenario.weight,
        contender: contender.name,
        concurrency,
        versus: scenario.versus,
        ...(index === 0 && scenario.goals ? { goals: scenario.goals } : {}),
        ...(await measure(contender, options, sampler)),
      };
      console.log(progressLine(section, row));
      rows.push(row);
    }
  }
  return rows;
}
