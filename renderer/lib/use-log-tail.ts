/**
 * The newest lines of the server log that match a filter, kept live: main follows the log and sends
 * new lines; older ones are paged in on demand. Shared by the Logs page and the Overview's refusals.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, type ErrorPayload, type LogEntry, type LogFilter, type Reply } from '../api.js';
import { mergeEntries } from './log-merge.js';

type Cursor = Reply<'queryLogs'>['next'];

/** What the tail holds: newest line first. */
export interface LogTail {
  entries: LogEntry[];
  loading: boolean;
  error: ErrorPayload | null;
  /** Lines main left out to keep up with a flood since the tail was opened. */
  dropped: number;
  hasOlder: boolean;
  loadOlder(): Promise<void>;
}

/** How much to load and keep. */
export interface LogTailOptions {
  /** Lines per page. */
  pageSize: number;
  /** Lines kept in memory; the oldest go first. */
  keep: number;
  /** Follow new lines (a paused tail keeps what it has). */
  live: boolean;
}

// Main keeps one follow per window. Its calls go one at a time, and only the tail that started the
// current follow may stop it: when a page is left for another, the new page's follow can start before
// the old page's cleanup runs, and that cleanup must not stop it.
let followCalls: Promise<unknown> = Promise.resolve();
let followOwner: object | null = null;
const inTurn = <T>(call: () => Promise<T>): Promise<T> => {
  const next = followCalls.then(call, call);
  followCalls = next.catch(() => undefined);
  return next;
};
const startFollow = (owner: object, filter: LogFilter) => {
  followOwner = owner;
  return inTurn(() => api.followLogs({ filter }));
};
const stopFollow = (owner: object) => {
  if (followOwner !== owner) return;
  followOwner = null;
  void inTurn(() => api.unfollowLogs());
};

/** Tails the log with `filter`; a new filter starts over, keeping the old lines until the new ones are in. */
export function useLogTail(filter: LogFilter, { pageSize, keep, live }: LogTailOptions): LogTail {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [dropped, setDropped] = useState(0);
  const cursor = useRef<Cursor>(null);
  const [hasOlder, setHasOlder] = useState(false);
  // The filter's contents, not its identity, decide when the tail starts over.
  const key = JSON.stringify(filter);

  useEffect(() => {
    let active = true;
    const owner = {};
    // Lines sent for an earlier follow (another filter) arrive before this follow's reply: skipped.
    let following = false;
    // Lines of this follow that arrive before the first page: kept for it.
    let early: LogEntry[] | null = [];
    setLoading(true);
    const off = live
      ? api.onLogEntries((batch) => {
          if (!active || !following) return;
          if (early) early.push(...batch.entries);
          else setEntries((current) => mergeEntries(current, batch.entries, keep));
          if (batch.dropped) setDropped((n) => n + batch.dropped);
        })
      : undefined;
    void (async () => {
      // The follow starts before the page is read, so no line falls between the two.
      if (live) {
        const followed = await startFollow(owner, filter);
        if (!followed.ok) setError(followed.error);
        following = true;
      }
      const page = await api.queryLogs({ filter, limit: pageSize });
      if (!active) return;
      setLoading(false);
      if (!page.ok) return setError(page.error);
      setError(null);
      setDropped(0);
      cursor.current = page.value.next;
      setHasOlder(page.value.next !== null);
      setEntries(mergeEntries(mergeEntries([], page.value.entries, keep), early ?? [], keep));
      early = null;
    })();
    return () => {
      active = false;
      off?.();
      if (live) stopFollow(owner);
    };
  }, [key, live, pageSize, keep]);

  const loadOlder = useCallback(async () => {
    if (!cursor.current) return;
    setLoading(true);
    const result = await api.queryLogs({ filter, limit: pageSize, before: cursor.current });
    setLoading(false);
    if (!result.ok) return setError(result.error);
    cursor.current = result.value.next;
    setHasOlder(result.value.next !== null);
    // Older lines extend the list; the memory cap does not apply to what the person asked for.
    setEntries((current) => mergeEntries(current, result.value.entries, current.length + pageSize));
  }, [key, pageSize]);

  return { entries, loading, error, dropped, hasOlder, loadOlder };
}
