/** Deny patterns: globs that hide files inside shared folders from every tool. */
import { useRef } from 'preact/hooks';
import { DEFAULT_DENY } from '../../server/policy/defaults.js';
import { setDeny } from './draft.js';
import { FieldError, fieldProps } from './fields.js';
import type { PolicyEditor } from './use-policy-editor.js';

/** The deny patterns card. */
export function DenySection({ editor }: { editor: PolicyEditor }) {
  const list = useRef<HTMLUListElement>(null);
  const explicit = editor.draft?.deny;
  const patterns = explicit ?? DEFAULT_DENY;
  const change = (next: string[] | null) => editor.update((doc) => setDeny(doc, next));
  const add = () => {
    change([...patterns, '']);
    // The new, empty field takes the focus once it is drawn.
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>('li:last-child input')?.focus());
  };
  return (
    <section class="card" aria-labelledby="deny-title">
      <div class="card-header">
        <div>
          <h2 id="deny-title">Hidden files</h2>
          <p class="muted small">
            Files that match stay hidden from every tool, even inside shared folders.
            {explicit === undefined && ' These are Gatehouse’s defaults.'}
          </p>
        </div>
        <div class="row">
          {explicit !== undefined && (
            <button type="button" class="btn" onClick={() => change(null)} disabled={!editor.draft}>
              Use defaults
            </button>
          )}
          <button type="button" class="btn" onClick={add} disabled={!editor.draft}>
            Add pattern
          </button>
        </div>
      </div>
      <ul class="deny-list" ref={list}>
        {patterns.map((pattern, index) => (
          <li key={index} class="deny-item">
            <div class="field grow">
              <label class="visually-hidden" for={`field-deny.${index}`}>
                Deny pattern {index + 1}
              </label>
              <input
                type="text"
                class="mono"
                value={pattern}
                spellcheck={false}
                disabled={!editor.draft}
                {...fieldProps(editor.issues, `deny.${index}`)}
                onInput={(event) => {
                  const next = [...patterns];
                  next[index] = event.currentTarget.value;
                  change(next);
                }}
              />
              <FieldError issues={editor.issues} field={`deny.${index}`} />
            </div>
            <button
              type="button"
              class="btn btn-small btn-danger"
              aria-label={`Remove pattern ${pattern || index + 1}`}
              disabled={!editor.draft}
              onClick={() => change(patterns.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
