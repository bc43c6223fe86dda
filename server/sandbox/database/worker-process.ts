/**
 * One database worker process as the pool sees it: spawn, send requests in order, match answers to
 * them (a worker answers strictly in order), and report how it ended. Killing is always possible:
 * the worker is a process, so a statement stuck inside SQLite dies with it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { GatehouseError } from '../../errors.js';
import {
  MEMORY_LIMIT_MARKER,
  type WorkerInit,
  type WorkerOp,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol.js';

/** A call waiting for its answer, in the pool's queue or in a worker. */
export interface PendingCall {
  readonly op: WorkerOp;
  /** performance.now() when the call arrived. */
  readonly createdAt: number;
  /** How long its statement may run, once a worker starts it. */
  readonly timeoutMs: number;
  readonly busyTimeoutMs: number;
  /** A read can be sent again to another worker when the one holding it is slow or dies before it ran. */
  readonly retryable: boolean;
  settled: boolean;
  resolve(value: unknown): void;
  reject(error: GatehouseError): void;
}

/** A call sent to a worker. A `rescued` call was also queued again for another worker: first answer wins. */
export interface InFlight {
  readonly id: number;
  readonly call: PendingCall;
  rescued: boolean;
}

/** How a worker ended. */
export interface WorkerExit {
  /** Its watchdog stopped it for using more memory than allowed. */
  memoryLimit: boolean;
  /** The pool killed it (a timeout, a cancellation, or closing). */
  killed: boolean;
  detail: string;
}

/** What the pool hears from a worker. */
export interface WorkerEvents {
  ready(worker: WorkerProcess): void;
  answered(worker: WorkerProcess, entry: InFlight, response: WorkerResponse): void;
  exited(worker: WorkerProcess, exit: WorkerExit): void;
}

const STDERR_TAIL = 4096;
/** The worker's V8 heap: results are bounded by maxReadBytes long before this. */
const HEAP_LIMIT_MB = 1024;

/** One worker process. */
export class WorkerProcess {
  readonly child: ChildProcess;
  readonly inflight: InFlight[] = [];
  ready = false;
  /** performance.now() when the call at the head of `inflight` started running. */
  busySince = 0;
  /** Recent time per call (a moving average), to estimate how long a new call would wait here. */
  serviceMs = 0;
  private killed = false;
  private stderrTail = '';
  private nextId = 1;
  private outbox: WorkerRequest[] = [];

  constructor(entry: string, init: WorkerInit, events: WorkerEvents) {
    // Security: stdout is ignored, never inherited: the server's stdout carries the protocol. execArgv
    // is set so the worker never inherits the server's own Node flags.
    this.child = fork(entry, [], {
      execArgv: [`--max-old-space-size=${HEAP_LIMIT_MB}`],
      serialization: 'json',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    this.child.on('message', (message: WorkerResponse[] | { ready: true }) => {
      if (!Array.isArray(message)) {
        this.ready = true;
        events.ready(this);
        return;
      }
      for (const response of message) {
        const entry = this.inflight.shift();
        if (!entry || entry.id !== response.id) return; // cannot happen: a worker answers in order
        const now = performance.now();
        const took = now - this.busySince;
        this.serviceMs = this.serviceMs === 0 ? took : this.serviceMs * 0.8 + took * 0.2;
        this.busySince = now;
        events.answered(this, entry, response);
      }
    });
    // A send to a worker that just died fails here; its end is reported below.
    this.child.on('error', () => {});
    // 'close' never comes when the pool disconnects the channel itself, so the end is reported once the
    // process has exited and its stderr is drained (the memory marker is never missed).
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let stderrClosed = !this.child.stderr;
    let reported = false;
    const report = () => {
      if (reported || !exited || !stderrClosed) return;
      reported = true;
      const tail = this.stderrTail.trim();
      events.exited(this, {
        memoryLimit: tail.includes(MEMORY_LIMIT_MARKER),
        killed: this.killed,
        detail: `${exited.signal ?? `exit code ${exited.code}`}${tail ? `: ${tail.slice(-1000)}` : ''}`,
      });
    };
    this.child.stderr?.on('close', () => {
      stderrClosed = true;
      report();
    });
    this.child.on('exit', (code, signal) => {
      exited = { code, signal };
      report();
    });
    this.child.send(init);
  }

  /** The process id, for health and tests. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ready for calls, and not being killed or stopped. */
  get usable(): boolean {
    return this.ready && !this.killed;
  }

  /** Killed or asked to stop; it no longer counts as one of the pool's workers. */
  get leaving(): boolean {
    return this.killed;
  }

  /** Roughly how long a call sent now would wait before it runs. */
  get backlogMs(): number {
    return this.inflight.length * this.serviceMs;
  }

  /** Calls sent and not yet answered. */
  get load(): number {
    return this.inflight.length;
  }

  /**
   * Sends a call; the worker runs it after those already sent. Calls made in the same turn of the
   * event loop travel together in one message: one write to the pipe, and one wake-up of the worker.
   */
  send(call: PendingCall): void {
    const entry: InFlight = { id: this.nextId++, call, rescued: false };
    if (this.inflight.length === 0) this.busySince = performance.now();
    this.inflight.push(entry);
    this.outbox.push({ ...call.op, id: entry.id, busyTimeoutMs: call.busyTimeoutMs });
    if (this.outbox.length === 1) setImmediate(this.flush);
  }

  private readonly flush = () => {
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length > 0 && this.child.connected) this.child.send(batch);
  };

  /** Stops the process at once, whatever it is doing. */
  kill(): void {
    this.killed = true;
    this.child.kill('SIGKILL');
  }

  /** Asks the worker to close its connection and exit, kills it if it has not after `graceMs`; resolves on exit. */
  stop(graceMs: number): Promise<void> {
    this.killed = true;
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    if (this.child.connected) this.child.disconnect();
    setTimeout(() => this.child.kill('SIGKILL'), graceMs).unref();
    return exited;
  }
}
