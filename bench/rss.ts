/**
 * Samples the resident memory of server processes from /proc/<pid>/status (Linux): VmRSS now, VmHWM
 * (the kernel's own peak, which a sample can miss) at the end; optionally the sum over their children.
 */
import fs from 'node:fs';
import type { RssSample } from './stats.js';

/** Reads one `Vm*` field of a process in bytes, or null where /proc is not there or the process ended. */
export function readVm(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

/** The pids of a process's children, started from any of its threads (Linux 3.5+); none where /proc does not say. */
export function childPids(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // the process has ended
  }
  const pids: number[] = [];
  for (const task of tasks) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) pids.push(...text.split(/\s+/).map(Number));
    } catch {
      // That thread ended while we looked.
    }
  }
  return pids;
}

/** Periodic RSS samples of every tracked process, with times relative to the sampler's start. */
export class RssSampler {
  private readonly series = new Map<number, RssSample[]>();
  /** Per tracked parent: the summed RSS of its children (the server's database workers). */
  private readonly childSeries = new Map<number, RssSample[]>();
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    // Sampling must never keep the benchmark alive.
    this.timer.unref();
  }

  /** Milliseconds since the sampler started; use it to mark windows. */
  now(): number {
    return performance.now() - this.started;
  }

  /** Starts sampling a process. */
  track(pid: number): void {
    if (!this.series.has(pid)) this.series.set(pid, []);
    this.sample();
  }

  /** Also samples the summed RSS of the process's children, whichever they are at each sample. */
  trackChildren(pid: number): void {
    if (!this.childSeries.has(pid)) this.childSeries.set(pid, []);
    this.sample();
  }

  /** Takes one sample of every tracked process now. */
  sample(): void {
    const atMs = this.now();
    for (const [pid, samples] of this.series) {
      const rssBytes = readVm(pid, 'VmRSS');
      if (rssBytes !== null) samples.push({ atMs, rssBytes });
    }
    for (const [pid, samples] of this.childSeries) {
      const rssBytes = childPids(pid).reduce((sum, child) => sum + (readVm(child, 'VmRSS') ?? 0), 0);
      samples.push({ atMs, rssBytes });
    }
  }

  /** The samples of a process, oldest first. */
  samples(pid: number): readonly RssSample[] {
    return this.series.get(pid) ?? [];
  }

  /** The summed RSS of a process's children, oldest first (see trackChildren()). */
  childSamples(pid: number): readonly RssSample[] {
    return this.childSeries.get(pid) ?? [];
  }

  /** The highest sampled RSS of a process between two marks, or null without samples. */
  peak(pid: number, fromMs = 0, toMs = Number.POSITIVE_INFINITY): number | null {
    let peak: number | null = null;
    for (const s of this.samples(pid)) {
      if (s.atMs >= fromMs && s.atMs <= toMs && (peak === null || s.rssBytes > peak)) peak = s.rssBytes;
    }
    return peak;
  }

  /** Stops sampling. */
  stop(): void {
    clearInterval(this.timer);
  }
}
