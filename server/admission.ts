/**
 * Admission control for tool calls: the policy's `callsPerMinute` as a token bucket, a cap on calls
 * in flight with a bounded queue, and shedding of heavy calls under memory pressure. Every refusal
 * is RATE_LIMITED with the time after which a retry can succeed.
 */
import { GatehouseError } from './errors.js';

/** Limits of one server instance that the policy does not set. */
export interface AdmissionOptions {
  /** Calls that may run at once; more wait in the queue. */
  maxInFlight: number;
  /** Calls that may wait; more are refused. */
  maxQueued: number;
  /** Resident memory above which heavy calls are refused. */
  memoryLimitBytes: number;
  /** Current resident memory; injectable for tests. */
  rss?: () => number;
  now?: () => number;
}

/** Releases the slot of an admitted call. */
export type Release = () => void;

/** The admission gate of one server. */
export interface Admission {
  /** Waits for a slot or throws RATE_LIMITED. `heavy` calls are also refused under memory pressure. */
  admit(callsPerMinute: number, heavy: boolean): Promise<Release>;
  /** Calls running and waiting, for metrics. */
  stats(): { inFlight: number; queued: number };
  /** Resolves true once no call runs or waits, or false after `timeoutMs` (a server stopping drains first). */
  idle(timeoutMs: number): Promise<boolean>;
}

const QUEUE_RETRY_MS = 100;
const MEMORY_RETRY_MS = 1000;
/** Resident memory is read at most this often: each reading is three syscalls, which a cheap call can't afford. */
const RSS_SAMPLE_MS = 100;

/** Creates the admission gate. */
export function createAdmission(options: AdmissionOptions): Admission {
  const now = options.now ?? (() => performance.now());
  const readRss = options.rss ?? (() => process.memoryUsage.rss());
  let rssValue = 0;
  let rssReadAt = Number.NEGATIVE_INFINITY;
  const rss = () => {
    const t = now();
    if (t - rssReadAt >= RSS_SAMPLE_MS) {
      rssValue = readRss();
      rssReadAt = t;
    }
    return rssValue;
  };
  let tokens = Number.NaN;
  let ratePerMinute = 0;
  let refilledAt = now();
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const idleWaiters = new Set<() => void>();

  const takeToken = (callsPerMinute: number) => {
    const t = now();
    if (callsPerMinute !== ratePerMinute || Number.isNaN(tokens)) {
      // A new rate (policy change) starts with a full bucket: a minute's worth of calls.
      ratePerMinute = callsPerMinute;
      tokens = callsPerMinute;
    } else {
      tokens = Math.min(callsPerMinute, tokens + ((t - refilledAt) * callsPerMinute) / 60_000);
    }
    refilledAt = t;
    if (tokens >= 1) {
      tokens -= 1;
      return;
    }
    const retryAfterMs = Math.ceil(((1 - tokens) * 60_000) / callsPerMinute);
    throw new GatehouseError('RATE_LIMITED', `Too many calls: the policy allows ${callsPerMinute} per minute.`, {
      retryAfterMs,
    });
  };

  const release: Release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
    if (inFlight === 0) for (const wake of idleWaiters) wake();
  };

  return {
    async admit(callsPerMinute, heavy) {
      // Security: shed heavy work before memory runs out, rather than let the process die.
      if (heavy && rss() > options.memoryLimitBytes) {
        throw new GatehouseError('RATE_LIMITED', 'Gatehouse is short of memory and refuses heavy calls for now.', {
          retryAfterMs: MEMORY_RETRY_MS,
        });
      }
      takeToken(callsPerMinute);
      if (inFlight < options.maxInFlight) {
        inFlight += 1;
        return once(release);
      }
      if (waiting.length >= options.maxQueued) {
        throw new GatehouseError('RATE_LIMITED', 'Gatehouse is busy: too many calls are waiting.', {
          retryAfterMs: QUEUE_RETRY_MS,
        });
      }
      // The slot passes straight from the releasing call to the next waiter, so inFlight stays put.
      await new Promise<void>((resolve) => waiting.push(resolve));
      return once(release);
    },
    stats: () => ({ inFlight, queued: waiting.length }),
    idle(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (drained: boolean) => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(drained);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        idleWaiters.add(wake);
      });
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
