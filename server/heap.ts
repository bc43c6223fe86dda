/**
 * How the server's V8 heap grows. By default V8 lets the old generation reach up to four times what was
 * live after the last full collection before it collects again. For this server, ~20 MB live, that held
 * 30-45 MB of garbage under load, a fifth of its memory. Capped at 1.5x, it stays near what is live, for
 * a full collection (a few ms, mostly concurrent) every second or two under load.
 *
 * V8 reads this flag at each collection, so setting it after start works, for the fs worker threads too.
 * The young generation's size is fixed when the heap is set up and cannot be changed here.
 */
import v8 from 'node:v8';

export const HEAP_FLAGS = '--heap-growing-percent=50';

/** Applies HEAP_FLAGS to this process. */
export function tuneHeap(): void {
  v8.setFlagsFromString(HEAP_FLAGS);
}
