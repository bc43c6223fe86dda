/** Adds or replaces one secret. The value is typed into a masked field and cleared once it is saved. */
import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorText } from '../components/error-text.js';
import { useAction } from '../lib/use-action.js';

/** The form; the page owns the name, so Replace in the list can fill it in. */
export function SecretForm({
  name,
  onName,
  existing,
  valueRef,
  onSaved,
}: {
  name: string;
  onName(name: string): void;
  existing: readonly string[];
  valueRef: RefObject<HTMLInputElement | null>;
  onSaved(name: string): void;
}) {
  const [value, setValue] = useState('');
  const save = useAction((secret: { name: string; value: string }) => api.setSecret(secret));
  const trimmed = name.trim();
  const replacing = existing.includes(trimmed);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if ((await save.run({ name: trimmed, value })) === undefined) return;
    // Security: the value leaves the page once; nothing keeps or shows it after it is saved.
    setValue('');
    onName('');
    onSaved(trimmed);
  };
  return (
    <form class="card" aria-labelledby="secret-form-title" onSubmit={onSubmit}>
      <div>
        <h2 id="secret-form-title">{replacing ? `Replace “${trimmed}”` : 'Add a secret'}</h2>
        <p class="muted small">
          {replacing
            ? 'The new value replaces the saved one. The saved value is never shown.'
            : 'Stored in the system keychain. Once saved, the value is never shown again.'}
        </p>
      </div>
      <div class="secret-fields">
        <div class="field">
          <label for="secret-name">Name</label>
          <input
            id="secret-name"
            type="text"
            class="mono"
            value={name}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="secret-name-hint"
            onInput={(event) => onName(event.currentTarget.value)}
          />
          <span id="secret-name-hint" class="muted small">
            Letters, digits, “_”, “.” or “-”
          </span>
        </div>
        <div class="field grow">
          <label for="secret-value">Value</label>
          <input
            id="secret-value"
            ref={valueRef}
            type="password"
            value={value}
            autocomplete="new-password"
            spellcheck={false}
            onInput={(event) => setValue(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="btn btn-primary" disabled={save.busy || !trimmed || !value}>
          {replacing ? 'Replace' : 'Save'}
        </button>
      </div>
      <ErrorText error={save.error} />
    </form>
  );
}
