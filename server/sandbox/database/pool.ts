/**
 * The worker pool of one database (its readers, or its one writer). Lean on purpose: workers start
 * once and are reused, calls are pipelined to a worker that is keeping up (it answers in order, so the
 * server never waits for a round trip between two calls), and a second worker starts only when the
 * first is held up by a slow statement. A sweep every few milliseconds stops what has run too long:
 * the worker is killed (nothing else can stop SQLite mid-statement) and replaced on demand.
 */
import type winston from 'winston';
import { GatehouseError } from '../../errors.js';
import { poolErrors } from './pool-errors.js';
import type { WorkerInit, WorkerOp, WorkerResponse } from './protocol.js';
import { WorkerProcess, type InFlight, type PendingCall, type WorkerExit } from './worker-process.js';

/** How a pool is built. */
export interface PoolOptions {
  /** The built worker script. */
  entry: string;
  init: WorkerInit;
  maxWorkers: number;
  /** Calls sent to one worker before it answers; 1 for the writer. */
  pipelineDepth: number;
  log: winston.Logger;
  /** The database name, for the log. */
  name: string;
  /** Workers idle this long are stopped (started again on the next call). */
  idleMs: number;
}

/** Per call. */
export interface RunOptions {
  timeoutMs: number;
  busyTimeoutMs: number;
  signal?: AbortSignal;
  /** Safe to run again elsewhere if its worker is slow or dies before running it (reads). */
  retryable: boolean;
}

/** A worker whose current call has run this long gets no more calls: others go to another worker. */
const SLOW_MS = 25;
/**
 * A worker still running a read that another worker already answered is stopped only past this. A new
 * worker costs a process start (well over 100 ms of CPU on a 2-core machine), more than letting the
 * duplicate finish; killing at SLOW_MS made slow reads under load kill and restart workers over and over.
 */
const DUPLICATE_GRACE_MS = 1000;
/** Past this estimated wait in the best worker, another one is started (up to maxWorkers). */
const SPREAD_MS = 2;
const SWEEP_MS = 10;
/** A call may wait this long for a worker (e.g. one starting) on top of its own time limit. */
const WAIT_ALLOWANCE_MS = 3000;
/** The sweep stops this long after the last activity. */
const SWEEP_LINGER_MS = 1000;
const STOP_GRACE_MS = 500;
const MAX_START_FAILURES = 3;

/** A cancelled call is noticed by the sweep (within SWEEP_MS), which costs less than a listener per call. */
type Call = PendingCall & {
  signal?: AbortSignal;
  /** Settled by a worker's answer (not by a timeout or a cancel). */
  answered?: boolean;
};

/** The pool of one database. */
export class DatabasePool {
  private readonly workers: WorkerProcess[] = [];
  private readonly queue: Call[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastActive = 0;
  private startFailures = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** Runs one operation on a worker; settles with its value or a GatehouseError. */
  run(op: WorkerOp, options: RunOptions): Promise<unknown> {
    if (this.closed) return Promise.reject(poolErrors.closed());
    if (options.signal?.aborted) return Promise.reject(poolErrors.cancelled());
    return new Promise((resolve, reject) => {
      const call: Call = {
        op,
        createdAt: performance.now(),
        timeoutMs: options.timeoutMs,
        busyTimeoutMs: options.busyTimeoutMs,
        retryable: options.retryable,
        signal: options.signal,
        settled: false,
        resolve: (value) => {
          call.settled = true;
          resolve(value);
        },
        reject: (error) => {
          call.settled = true;
          reject(error);
        },
      };
      this.lastActive = call.createdAt;
      this.queue.push(call);
      this.dispatch();
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    });
  }

  /** Process ids and loads of the workers, for health and tests. */
  stats(): { workers: Array<{ pid: number | undefined; load: number }>; queued: number } {
    return { workers: this.workers.map((w) => ({ pid: w.pid, load: w.load })), queued: this.queue.length };
  }

  /** Refuses new calls, fails pending ones and stops every worker. Resolves once they have exited. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    clearTimeout(this.idleTimer);
    for (const call of this.queue.splice(0)) if (!call.settled) call.reject(poolErrors.closed());
    await Promise.all(this.workers.splice(0).map((worker) => this.stopWorker(worker)));
  }

  private stopWorker(worker: WorkerProcess): Promise<void> {
    for (const entry of worker.inflight) if (!entry.call.settled) entry.call.reject(poolErrors.closed());
    return worker.stop(STOP_GRACE_MS);
  }

  private spawn(): void {
    const worker = new WorkerProcess(this.options.entry, this.options.init, {
      ready: () => {
        this.startFailures = 0;
        this.dispatch();
      },
      answered: (_worker, entry, response) => this.answered(entry, response),
      exited: (w, exit) => this.exited(w, exit),
    });
    this.workers.push(worker);
  }

  /** The worker for the next call: the least loaded one that is keeping up. */
  private pick(now: number): WorkerProcess | undefined {
    let best: WorkerProcess | undefined;
    for (const worker of this.workers) {
      if (!worker.usable || worker.load >= this.options.pipelineDepth) continue;
      if (worker.load > 0 && now - worker.busySince > SLOW_MS) continue;
      if (!best || worker.backlogMs < best.backlogMs) best = worker;
    }
    return best;
  }

  /** Starts another worker if there is room and none is starting already. */
  private grow(): void {
    const staying = this.workers.filter((w) => !w.leaving);
    const starting = staying.some((w) => !w.ready);
    if (!starting && !this.closed && staying.length < this.options.maxWorkers) this.spawn();
  }

  private dispatch(): void {
    const now = performance.now();
    while (this.queue.length > 0) {
      if (this.queue[0]!.settled) {
        this.queue.shift();
        continue;
      }
      const worker = this.pick(now);
      if (!worker) return this.grow();
      // Fast calls share one worker (fewer wake-ups on the server's side); when calls queue up behind
      // each other for a while (long results), a second worker takes its share.
      if (worker.backlogMs > SPREAD_MS) this.grow();
      worker.send(this.queue.shift()!);
    }
  }

  private answered(entry: InFlight, response: WorkerResponse): void {
    // A rescued call may be answered by either worker; the first answer counts.
    if (!entry.call.settled) {
      (entry.call as Call).answered = true;
      if (response.ok) entry.call.resolve(response.value);
      else {
        const { code, message, retryAfterMs, category } = response.error;
        entry.call.reject(new GatehouseError(code, message, { retryAfterMs: retryAfterMs ?? undefined, category }));
      }
    }
    if (this.queue.length > 0) this.dispatch();
  }

  private exited(worker: WorkerProcess, exit: WorkerExit): void {
    const index = this.workers.indexOf(worker);
    if (index < 0) return; // stopped by close() or the idle timer: its calls are settled already
    this.workers.splice(index, 1);
    const [head, ...rest] = worker.inflight;
    // A worker the pool killed itself was killed for a call it had settled first (timed out, answered
    // elsewhere, cancelled); by the time it exits it may have moved on to the next call, which is
    // innocent. A read is sent again; a write may have committed, so it is not.
    const innocent = exit.killed && head !== undefined && head.call.retryable;
    if (head && !head.call.settled && !innocent) {
      // The call that was running when the worker died is the one that killed it.
      this.options.log.warn('database worker stopped during a call', { database: this.options.name, ...exit });
      head.call.reject(exit.memoryLimit ? poolErrors.memory() : poolErrors.crashed());
    }
    // Calls that never started are sent again, in their order, ahead of newer ones.
    const again = innocent ? worker.inflight : rest;
    this.queue.unshift(...again.filter((e) => !e.call.settled && !e.rescued).map((e) => e.call as Call));
    if (!worker.ready && !exit.killed) this.startFailed(exit);
    this.dispatch();
    // A worker killed for a runaway statement is replaced at once, so the next call does not wait for it.
    if (exit.killed && worker.ready && !this.closed && !this.workers.some((w) => !w.leaving)) this.spawn();
  }

  private startFailed(exit: WorkerExit): void {
    this.startFailures += 1;
    this.options.log.error('database worker failed to start', { database: this.options.name, detail: exit.detail });
    if (this.startFailures < MAX_START_FAILURES) return;
    this.startFailures = 0;
    for (const call of this.queue.splice(0)) call.reject(poolErrors.cannotStart());
  }

  /** Fails a call whose client cancelled it; if it was running, the sweep then stops its worker. */
  private cancelIfAborted(call: Call): void {
    if (!call.settled && call.signal?.aborted) call.reject(poolErrors.cancelled());
  }

  private sweep(): void {
    const now = performance.now();
    for (const call of this.queue) {
      this.cancelIfAborted(call);
      if (!call.settled && now - call.createdAt > call.timeoutMs + WAIT_ALLOWANCE_MS) {
        call.reject(poolErrors.timeout(call.timeoutMs));
      }
    }
    for (const worker of [...this.workers]) {
      for (const entry of worker.inflight) this.cancelIfAborted(entry.call as Call);
      const head = worker.inflight[0];
      if (!head || worker.leaving) continue;
      const running = now - worker.busySince;
      // Security: past its time the running statement is stopped the only sure way: its process dies.
      if (!head.call.settled && running > head.call.timeoutMs) {
        head.call.reject(poolErrors.timeout(head.call.timeoutMs));
        worker.kill();
        continue;
      }
      if (running <= SLOW_MS) continue;
      // A worker still running a call already settled is wasting CPU: a cancelled call is stopped at
      // once, a duplicate answered elsewhere once it has run longer than a new worker would cost.
      if (head.call.settled) {
        if (!(head.call as Call).answered || running > DUPLICATE_GRACE_MS) worker.kill();
        continue;
      }
      // Calls queued behind a slow one go to another worker, rather than waiting for it.
      for (const entry of worker.inflight.slice(1)) {
        if (entry.rescued || entry.call.settled || !entry.call.retryable) continue;
        entry.rescued = true;
        this.queue.push(entry.call as Call);
      }
    }
    this.dispatch();
    const busy = this.queue.length > 0 || this.workers.some((w) => w.load > 0);
    if (!busy && now - this.lastActive > SWEEP_LINGER_MS) this.rest();
  }

  /** Stops sweeping; the workers stay for `idleMs`, unless a call comes first. */
  private rest(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    clearTimeout(this.idleTimer);
    const idleSince = this.lastActive;
    this.idleTimer = setTimeout(() => {
      if (this.lastActive !== idleSince || this.sweeper) return;
      for (const worker of this.workers.splice(0)) void this.stopWorker(worker);
    }, this.options.idleMs).unref();
  }
}
