/** Runs one IPC action at a time for a button or form, with its busy state and its last error. */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { ErrorPayload, IpcResult } from '../types.js';

/** The state of an action and the function that starts it. */
export interface Action<A extends unknown[], T> {
  busy: boolean;
  error: ErrorPayload | null;
  /**
   * Resolves to the reply (which may itself be null), or undefined when the call failed (the error is
   * kept in `error`) or was ignored because another one was running.
   */
  run(...args: A): Promise<T | undefined>;
  clearError(): void;
}

/** Wraps `call`; a second run while one is busy is ignored (a double click saves once). */
export function useAction<A extends unknown[], T>(call: (...args: A) => Promise<IpcResult<T>>): Action<A, T> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);
  // A ref, not the state: two clicks in one frame both see the state before either re-render.
  const running = useRef(false);
  const run = useCallback(
    async (...args: A): Promise<T | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        const result = await call(...args);
        if (result.ok) return result.value;
        setError(result.error);
        return undefined;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [call],
  );
  return { busy, error, run, clearError: useCallback(() => setError(null), []) };
}
