/** A value loaded from main once and kept current by one of its events. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { ErrorPayload, IpcResult } from '../types.js';

/** The value (null until loaded), the last error, and a way to set or reload it. */
export interface Live<T> {
  value: T | null;
  error: ErrorPayload | null;
  /** Takes a fresher value, e.g. the reply of a save, without waiting for the event. */
  set(value: T): void;
  reload(): Promise<void>;
}

/** Loads with `load` on mount and follows `subscribe`'s events until unmounted. */
export function useLive<T>(
  load: () => Promise<IpcResult<T>>,
  subscribe?: (listener: (value: T) => void) => () => void,
): Live<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const reload = useCallback(async () => {
    const result = await load();
    if (result.ok) {
      setValue(() => result.value);
      setError(null);
    } else setError(result.error);
  }, [load]);
  useEffect(() => {
    void reload();
    return subscribe?.((next) => setValue(() => next));
  }, [reload, subscribe]);
  const set = useCallback((next: T) => setValue(() => next), []);
  return useMemo(() => ({ value, error, set, reload }), [value, error, set, reload]);
}
