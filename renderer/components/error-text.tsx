/** An IPC error as a person reads it: the message, announced when it appears. */
import type { ErrorPayload } from '../api.js';

/** Renders nothing without an error. */
export function ErrorText({ error, id }: { error: ErrorPayload | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p class="error-text" role="alert" id={id}>
      {error.message}
    </p>
  );
}
