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

/** Tails the log with `filter`; a new filter starts over. */
export function useLogTail(filter: LogFilter, { pageSize, keep, live }: LogTailOptions): LogTail {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [dropped, setDropped] = useState(0);
  const cursor = useRef<Cursor>(null);
  const [hasOlder, setHasOlder] = useState(false);
  // The filter's contents, not its identity, decide when the tail starts over.
  const key = JSON.stringify(filter);

  // The follow starts before the first page is read, so no line falls between the two.
  useEffect(() => {
    if (!live) return;
    let ready = false;
    const off = api.onLogEntries((batch) => {
      // Lines sent for an earlier follow (another filter) arrive before this follow's reply: skip them.
      if (!ready) return;
      setEntries((current) => mergeEntries(current, batch.entries, keep));
      if (batch.dropped) setDropped((n) => n + batch.dropped);
    });
    void api.followLogs({ filter }).then((result) => {
      ready = true;
      if (!result.ok) setError(result.error);
    });
    return () => {
      off();
      void api.unfollowLogs();
    };
  }, [key, live, keep]);

  useEffect(() => {
    let active = true;
    setEntries([]);
    setDropped(0);
    setLoading(true);
    void api.queryLogs({ filter, limit: pageSize }).then((result) => {
      if (!active) return;
      setLoading(false);
      if (!result.ok) return setError(result.error);
      setError(null);
      cursor.current = result.value.next;
      setHasOlder(result.value.next !== null);
      setEntries((current) => mergeEntries(current, result.value.entries, keep));
    });
    return () => {
      active = false;
    };
  }, [key, pageSize, keep]);

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
