/**
 * The gate every file system call passes: bounded concurrency per lane (one lane per root) and a
 * deadline. A call the file system never answers (a stalled network or cloud folder) ends with TIMEOUT
 * while its thread stays counted against its lane, so a stalled root can hold at most `maxPerLane` of
 * libuv's threads and the other roots keep working.
 */
import { fsTimeout } from './refusals.js';

/** Limits of the gate. */
export interface GateOptions {
  /** Calls running at once over all lanes; libuv's thread pool has 4 threads unless told otherwise. */
  maxInFlight: number;
  /** Calls one lane may run at once, stalled ones included. */
  maxPerLane: number;
  /** A call (or a wait for a slot) longer than this ends with TIMEOUT. */
  timeoutMs: number;
}

/** A node-style completion callback. */
export type Done<T> = (error: NodeJS.ErrnoException | null, value?: T) => void;

interface Lane {
  active: number;
}

interface Call {
  lane: Lane;
  start: (done: Done<unknown>) => void;
  onLate: ((value: unknown) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  since: number;
  /** The caller got its answer (a result or TIMEOUT); a late result is handed to onLate. */
  answered: boolean;
}

/** Bounded, deadline-checked execution of file system calls. */
export class FsGate {
  private readonly lanes = new Map<string, Lane>();
  private readonly running = new Set<Call>();
  private readonly waiting: Call[] = [];
  private active = 0;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly options: GateOptions) {}

  /** Runs `start` when its lane and the gate have room; rejects with TIMEOUT past the deadline. */
  run<T>(laneName: string, start: (done: Done<T>) => void, onLate?: (value: T) => void): Promise<T> {
    let lane = this.lanes.get(laneName);
    if (!lane) {
      lane = { active: 0 };
      this.lanes.set(laneName, lane);
    }
    return new Promise<T>((resolve, reject) => {
      const call: Call = {
        lane: lane!,
        start: start as Call['start'],
        onLate: onLate as Call['onLate'],
        resolve: resolve as Call['resolve'],
        reject,
        since: Date.now(),
        answered: false,
      };
      if (this.hasRoom(call.lane)) this.begin(call);
      else this.waiting.push(call);
      this.watch();
    });
  }

  /** Calls running, waiting, and running past their deadline. */
  stats(): { running: number; waiting: number; stalled: number } {
    let stalled = 0;
    for (const call of this.running) if (call.answered) stalled += 1;
    return { running: this.running.size, waiting: this.waiting.length, stalled };
  }

  /** Stops the watchdog; calls still running finish on their own. */
  close(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private hasRoom(lane: Lane): boolean {
    return this.active < this.options.maxInFlight && lane.active < this.options.maxPerLane;
  }

  private begin(call: Call): void {
    this.active += 1;
    call.lane.active += 1;
    call.since = Date.now();
    this.running.add(call);
    try {
      call.start((error, value) => this.finish(call, error, value));
    } catch (error) {
      this.finish(call, error as NodeJS.ErrnoException, undefined);
    }
  }

  private finish(call: Call, error: NodeJS.ErrnoException | null, value: unknown): void {
    if (!this.running.delete(call)) return;
    this.active -= 1;
    call.lane.active -= 1;
    if (!call.answered) {
      call.answered = true;
      if (error) call.reject(error);
      else call.resolve(value);
    } else if (!error && call.onLate) {
      // The caller has moved on; release what the late call acquired (an fd).
      call.onLate(value);
    }
    this.admitWaiting();
  }

  private admitWaiting(): void {
    for (let i = 0; i < this.waiting.length && this.active < this.options.maxInFlight;) {
      const call = this.waiting[i]!;
      if (call.lane.active < this.options.maxPerLane) {
        this.waiting.splice(i, 1);
        this.begin(call);
      } else {
        i += 1;
      }
    }
  }

  /** One interval for all calls, running only while calls are in the gate: no timer per call. */
  private watch(): void {
    if (this.watchdog) return;
    const tick = Math.max(10, Math.min(250, this.options.timeoutMs / 4));
    this.watchdog = setInterval(() => this.expire(), tick);
    this.watchdog.unref();
  }

  private expire(): void {
    const deadline = Date.now() - this.options.timeoutMs;
    for (const call of this.running) {
      if (!call.answered && call.since <= deadline) {
        call.answered = true;
        call.reject(fsTimeout(this.options.timeoutMs));
      }
    }
    for (let i = this.waiting.length - 1; i >= 0; i -= 1) {
      const call = this.waiting[i]!;
      if (call.since <= deadline) {
        this.waiting.splice(i, 1);
        call.answered = true;
        call.reject(fsTimeout(this.options.timeoutMs));
      }
    }
    if (this.running.size === 0 && this.waiting.length === 0) this.close();
  }
}
