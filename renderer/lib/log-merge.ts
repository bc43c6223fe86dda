/** Merging log lines from pages and the live follow into one newest-first list. Pure. */
import type { LogEntry } from '../types.js';

/** Identity of a line, to drop the overlap between a page and the follow that started just before it. */
export function entryKey(e: LogEntry): string {
  return `${e.timestamp}|${e.pid}|${e.kind}|${e.tool}|${e.code}|${e.durationMs}|${e.message}`;
}

/** Merges lines into a newest-first list without duplicates, keeping at most `keep`. */
export function mergeEntries(current: LogEntry[], incoming: readonly LogEntry[], keep: number): LogEntry[] {
  const seen = new Set(current.map(entryKey));
  const fresh = incoming.filter((e) => !seen.has(entryKey(e)));
  if (fresh.length === 0) return current;
  // Pages and batches come oldest first; within one millisecond the later line stays on top.
  const merged = [...fresh.reverse(), ...current].sort((a, b) =>
    a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0,
  );
  return merged.slice(0, keep);
}
