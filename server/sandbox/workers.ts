/**
 * The fs workers: a few threads that run the hot operations (whole-file reads, stats, listings, walks)
 * as a handful of synchronous syscalls each, off the event loop. A request answers within the deadline
 * or ends with TIMEOUT; a worker whose oldest request has run past `stallMs` gets no new work, and
 * another worker (up to `maxWorkers`) takes over, so a stalled folder cannot starve the rest.
 */
import { Worker } from 'node:worker_threads';
import { GatehouseError } from '../errors.js';
import { guardWorkerStart } from '../heap.js';
import type { InlineRoute } from './inline.js';
import { fsTimeout } from './refusals.js';
import { WORKER_SOURCE } from './worker-source.js';
import type { WalkBatch, WireError, WorkerMessage, WorkerRequest } from './worker-protocol.js';

/** Limits of the worker pool. */
export interface WorkerOptions {
  readonly procFd: boolean;
  /** Where native/dirs.c is, for the workers to load (native-dirs.ts); null: Node's fs alone. */
  readonly native: string | null;
  readonly maxWorkers: number;
  /**
   * Walks running at once, stalled ones not counted. A walk keeps its worker's CPU busy, so more walks
   * than cores only add memory (each walking worker grows its heap); other requests may still use the
   * workers up to maxWorkers.
   */
  readonly maxWalks: number;
  /** Requests sent to one worker before its earlier ones answer. */
  readonly pipeline: number;
  /** A request running this long marks its worker as slow: no new work goes there. */
  readonly stallMs: number;
  readonly timeoutMs: number;
  /** The last worker with nothing to do ends after this long, giving its memory back; the next walk starts one. */
  readonly idleMs: number;
  /**
   * Every other idle worker ends after this long. Extra workers serve a burst (walks side by side, a
   * stalled folder), and each holds ~11 MB of heap: kept for idleMs, they outlast the burst by far.
   */
  readonly spareIdleMs: number;
  /** The worker's code; tests hand in fsWorkerMain with a file system that stalls. */
  readonly source?: string;
  /** Runs the cheap requests that cannot stall on the event loop instead (Linux); null: never. */
  readonly inline?: InlineRoute | null;
}

interface Pending {
  id: number;
  /** The root the request works in: requests for different roots go to different workers. */
  lane: string;
  req: WorkerRequest;
  exclusive: boolean;
  /** When its deadline started: when it was sent to a worker (a content search: its latest batch). */
  since: number;
  /** When the worker last showed it working on it: sent, or a walk's latest batch. */
  seen: number;
  answered: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onBatch?: (batch: WalkBatch) => void;
  worker?: Slot;
}

interface Slot {
  worker: Worker;
  running: Map<number, Pending>;
  exclusive: boolean;
  /** The root of the requests it runs; a worker serves one root at a time. */
  lane: string | null;
  /** Requests to post together on the next turn of the event loop. */
  outbox: Array<{ id: number; req: WorkerRequest }>;
  /** When it last ran out of requests. */
  idleSince: number;
}

/** Stop flags for walks, shared with every worker. */
const STOP_SLOTS = 256;

/** An fs error from a worker, shaped like Node's, so the sandbox's errno mapping applies. */
function errnoError(error: WireError): NodeJS.ErrnoException {
  return Object.assign(new Error(error.message), { code: error.code });
}

/** The pool of fs workers of one sandbox. */
export class FsWorkers {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private readonly stops = new SharedArrayBuffer(STOP_SLOTS * 4);
  private readonly stopFlags = new Int32Array(this.stops);
  private readonly freeStops = Array.from({ length: STOP_SLOTS }, (_, i) => i);
  private nextId = 1;
  private watchdog: NodeJS.Timeout | undefined;
  private reaper: NodeJS.Timeout | undefined;
  /** When the reaper is due (Date.now() time). */
  private reaperDue = Infinity;
  private closed = false;

  constructor(private readonly options: WorkerOptions) {}

  /**
   * Sends a request about a path in root `lane`; `exclusive` requests (walks) get a worker of their own.
   * Requests batched together share their worker's fate, so a worker serves one root at a time: a stalled
   * network root holds up only its own requests.
   */
  request<T>(lane: string, req: WorkerRequest, exclusive = false, onBatch?: (batch: WalkBatch) => void): Promise<T> {
    const inline = exclusive ? null : (this.options.inline?.run(lane, req) ?? null);
    if (inline) return 'error' in inline ? Promise.reject(errnoError(inline.error)) : Promise.resolve(inline.ok as T);
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        id: this.nextId++,
        lane,
        req,
        exclusive,
        since: Date.now(),
        seen: Date.now(),
        answered: false,
        resolve: resolve as (value: unknown) => void,
        reject,
        onBatch,
      };
      if (!this.dispatch(pending)) this.waiting.push(pending);
      this.watch();
    });
  }

  /** A stop flag for a walk, raised to end it between two folders; release it afterwards. */
  takeStopSlot(): { slot: number; stop(): void; release(): void } {
    const slot = this.freeStops.pop();
    if (slot === undefined) throw new GatehouseError('RATE_LIMITED', 'Too many walks at once.', { retryAfterMs: 500 });
    Atomics.store(this.stopFlags, slot, 0);
    return {
      slot,
      stop: () => Atomics.store(this.stopFlags, slot, 1),
      release: () => this.freeStops.push(slot),
    };
  }

  /** Requests running and waiting, and workers past their stall time. */
  stats(): { workers: number; running: number; waiting: number; stalled: number } {
    const now = Date.now();
    let running = 0;
    let stalled = 0;
    for (const slot of this.slots) {
      running += slot.running.size;
      if (!slot.exclusive && this.isStalled(slot, now)) stalled += 1;
    }
    return { workers: this.slots.length, running, waiting: this.waiting.length, stalled };
  }

  /** Stops every worker. */
  close(): void {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    clearTimeout(this.reaper);
    for (const slot of this.slots.splice(0)) void slot.worker.terminate();
    for (const pending of this.waiting.splice(0))
      pending.reject(new GatehouseError('INTERNAL_ERROR', 'The server is stopping.'));
  }

  private isStalled(slot: Slot, now: number): boolean {
    for (const pending of slot.running.values()) return now - pending.seen > this.options.stallMs;
    return false;
  }

  private pick(lane: string, exclusive: boolean): Slot | undefined {
    const now = Date.now();
    if (exclusive && this.slots.filter((s) => s.exclusive && !this.isStalled(s, now)).length >= this.options.maxWalks) {
      return undefined;
    }
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (slot.exclusive || this.isStalled(slot, now)) continue;
      if (exclusive ? slot.running.size > 0 : slot.running.size >= this.options.pipeline) continue;
      if (slot.running.size > 0 && slot.lane !== lane) continue;
      if (!best || slot.running.size < best.running.size) best = slot;
    }
    if (best || this.slots.length >= this.options.maxWorkers || this.closed) return best;
    // A walk waits for a worker busy with cheap requests (microseconds each) rather than start another
    // one beside them: a worker costs 10-20 MB, and a burst of calls in a new folder would leave several.
    if (exclusive && this.slots.filter((s) => !this.isStalled(s, now)).length >= this.options.maxWalks)
      return undefined;
    return this.spawn();
  }

  private dispatch(pending: Pending): boolean {
    const slot = this.pick(pending.lane, pending.exclusive);
    if (!slot) return false;
    pending.worker = slot;
    slot.lane = pending.lane;
    pending.since = pending.seen = Date.now();
    slot.running.set(pending.id, pending);
    if (pending.exclusive) slot.exclusive = true;
    // Calls that arrive together (one chunk of stdin) reach the worker in one message.
    if (slot.outbox.push({ id: pending.id, req: pending.req }) === 1) {
      setImmediate(() => slot.worker.postMessage(slot.outbox.splice(0)));
    }
    return true;
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.source ?? WORKER_SOURCE, {
      eval: true,
      // A worker's heap holds names and tree text, never file bytes (those live outside it): small limits
      // keep the server's memory down. A walk that outgrows them ends its worker, and the call, with TOO_LARGE.
      // Little survives a young collection in a walk, so 4 MB walks as fast as 8 and holds 4 MB less.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
      workerData: { procFd: this.options.procFd, stops: this.stops, native: this.options.native },
    });
    worker.unref();
    guardWorkerStart(worker);
    const slot: Slot = { worker, running: new Map(), exclusive: false, lane: null, outbox: [], idleSince: Date.now() };
    worker.on('message', (message: WorkerMessage | WorkerMessage[]) => {
      if (Array.isArray(message)) for (const one of message) this.receive(slot, one);
      else this.receive(slot, message);
    });
    worker.on('error', (error) => this.lose(slot, error));
    worker.on('exit', () => this.lose(slot, new Error('fs worker exited')));
    this.slots.push(slot);
    return slot;
  }

  private receive(slot: Slot, message: WorkerMessage): void {
    const pending = slot.running.get(message.id);
    if (!pending) return;
    if ('batch' in message) {
      if (pending.answered) return;
      // Each batch (every 100 folders read, 2,000 entries or 500 files searched) shows the walk is not
      // stalled: a long walk making progress must not send other calls to another worker. A content search
      // reads every file of a tree, which may take longer than one deadline, so its batches renew that too.
      pending.seen = Date.now();
      if (message.batch.searched !== undefined) pending.since = pending.seen;
      pending.onBatch?.(message.batch);
      return;
    }
    slot.running.delete(message.id);
    if (pending.exclusive) slot.exclusive = false;
    if (slot.running.size === 0) {
      slot.idleSince = Date.now();
      this.reapLater(this.options.spareIdleMs);
    }
    if (!pending.answered) {
      pending.answered = true;
      if ('error' in message) {
        pending.reject(errnoError(message.error));
      } else {
        pending.resolve(message.ok);
      }
    }
    this.drain();
  }

  /** A worker that died: its requests fail, and it is replaced on demand. */
  private lose(slot: Slot, error: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    for (const pending of slot.running.values()) {
      if (!pending.answered) {
        pending.answered = true;
        pending.reject(FsWorkers.lossError(error));
      }
    }
    slot.running.clear();
    this.drain();
  }

  /** What the requests of a lost worker end with. */
  private static lossError(error: unknown): Error {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new GatehouseError('TOO_LARGE', 'The answer grew too large for Gatehouse to build.', {
        hint: 'Narrow it: a lower maxEntries or maxDepth, or excludePatterns.',
      });
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private drain(): void {
    for (let i = 0; i < this.waiting.length;) {
      if (this.dispatch(this.waiting[i]!)) this.waiting.splice(i, 1);
      else i += 1;
    }
  }

  private reapLater(delayMs: number): void {
    if (this.closed || Date.now() + delayMs >= this.reaperDue) return;
    clearTimeout(this.reaper);
    this.reaperDue = Date.now() + delayMs;
    this.reaper = setTimeout(() => this.reap(), delayMs);
    this.reaper.unref();
  }

  /**
   * Ends idle workers: the last one used after idleMs when no other is busy, every other one after
   * spareIdleMs. Looks again when the next one will be due.
   */
  private reap(): void {
    this.reaperDue = Infinity;
    const now = Date.now();
    const idle = this.slots.filter((slot) => slot.running.size === 0).sort((a, b) => b.idleSince - a.idleSince);
    const allIdle = idle.length === this.slots.length;
    let soonest = Infinity;
    idle.forEach((slot, i) => {
      const keepMs = i === 0 && allIdle ? this.options.idleMs : this.options.spareIdleMs;
      const idleFor = now - slot.idleSince;
      if (idleFor < keepMs) {
        soonest = Math.min(soonest, keepMs - idleFor);
        return;
      }
      // Out of the pool first, so its exit is not taken for a crash.
      this.slots.splice(this.slots.indexOf(slot), 1);
      void slot.worker.terminate();
    });
    if (soonest !== Infinity) this.reapLater(soonest);
  }

  private watch(): void {
    if (this.watchdog) return;
    const tick = Math.max(10, Math.min(250, this.options.stallMs / 2, this.options.timeoutMs / 4));
    this.watchdog = setInterval(() => this.expire(), tick);
    this.watchdog.unref();
  }

  private expire(): void {
    const now = Date.now();
    const timeout = () => fsTimeout(this.options.timeoutMs);
    for (const slot of this.slots) {
      for (const pending of slot.running.values()) {
        if (!pending.answered && now - pending.since > this.options.timeoutMs) {
          pending.answered = true;
          pending.reject(timeout());
        }
      }
    }
    for (let i = this.waiting.length - 1; i >= 0; i -= 1) {
      if (now - this.waiting[i]!.since > this.options.timeoutMs) this.waiting.splice(i, 1)[0]!.reject(timeout());
    }
    // When every worker is stalled, a fresh one starts now rather than when the next call needs it. A walk
    // that is making progress is not stalled: a worker costs 10-20 MB, and a call that finds every worker
    // walking starts one itself.
    const stalled = (slot: Slot) => this.isStalled(slot, now);
    if (!this.closed && this.slots.length < this.options.maxWorkers && this.slots.every(stalled)) this.spawn();
    this.drain();
    if (this.waiting.length === 0 && this.slots.every((slot) => slot.running.size === 0)) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }
}
