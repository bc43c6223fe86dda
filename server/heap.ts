/**
 * How the server's V8 heap grows, tuned with V8 flags set at run time (the server starts as plain
 * `node main.js`). V8 raises --semi-space-growth-factor to at least 2 whenever it sets up a new isolate's
 * heap (a worker thread starting, in that thread, at a moment this one cannot see), so every worker's
 * start goes through guardWorkerStart().
 *
 * Old generation: by default V8 lets it reach up to four times what was live after the last full
 * collection before it collects again. For this server, ~20 MB live, that held 30-45 MB of garbage under
 * load, a fifth of its memory. Capped at 1.5x, it stays near what is live, for a full collection (a few
 * ms, mostly concurrent) every second or two under load. V8 reads that flag at each collection.
 *
 * Young generation: under a steady load V8 grows each semi-space up to 16 MB, 32 MB resident for a server
 * whose calls leave almost nothing alive. The maximum is fixed when the heap is set up, but each growth
 * multiplies the size by --semi-space-growth-factor, read when it happens. So after each collection the
 * governor sets the factor that lands on SEMI_SPACE_CAP_MB in one step, and 1 once there. (Worker threads
 * size their young generation from their resource limits.)
 */
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { Worker } from 'node:worker_threads';

export const HEAP_FLAGS = '--heap-growing-percent=50';

/** The largest semi-space the governor lets the main thread's young generation grow to, in MB. */
export const SEMI_SPACE_CAP_MB = 8;

/** The flags this process has set, to set again after a worker thread's start resets them. */
const wanted = new Map<string, string>();

function setFlag(flag: string): void {
  wanted.set(flag.split('=')[0]!, flag);
  v8.setFlagsFromString(flag);
}

/** Sets again every flag set here. */
function reapplyHeapFlags(): void {
  for (const flag of wanted.values()) v8.setFlagsFromString(flag);
}

/**
 * Sets the flags again on every turn of the event loop until the worker is running: V8 raises the
 * growth factor while it sets up the worker's heap, and a young collection here in between would
 * double the semi-spaces past the cap. Waiting for 'online' alone left tens of milliseconds of
 * calls for that under load; now it is the rest of one turn.
 */
export function guardWorkerStart(worker: Worker): void {
  let starting = true;
  const stop = () => {
    starting = false;
    reapplyHeapFlags();
  };
  worker.once('online', stop);
  worker.once('exit', stop);
  const each = () => {
    if (!starting) return;
    reapplyHeapFlags();
    setImmediate(each);
  };
  setImmediate(each);
}

/** The growth factor that takes a semi-space of `semiMb` to `capMb` in one step, or keeps it there. */
export function growthFactorFor(semiMb: number, capMb = SEMI_SPACE_CAP_MB): number {
  return Math.max(1, Math.floor(capMb / Math.max(semiMb, 1)));
}

/** The semi-space size of this thread's heap, in MB (new_space counts both semi-spaces). */
export function semiSpaceMb(): number {
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space ? space.space_size / 2 / 1048576 : 0;
}

/** Keeps this thread's semi-spaces at or below `capMb`; returns the function that stops it. */
export function governYoungGeneration(capMb = SEMI_SPACE_CAP_MB): () => void {
  let factor = 0;
  const govern = () => {
    const next = growthFactorFor(semiSpaceMb(), capMb);
    if (next === factor) return;
    factor = next;
    setFlag(`--semi-space-growth-factor=${factor}`);
  };
  govern();
  // A growth needs many collections' survivors, so looking after each collection sees every one.
  const observer = new PerformanceObserver(govern);
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    wanted.delete('--semi-space-growth-factor');
  };
}

/** Applies HEAP_FLAGS to this process and starts the young generation's governor. */
export function tuneHeap(): void {
  setFlag(HEAP_FLAGS);
  governYoungGeneration();
}
