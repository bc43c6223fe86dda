/** The unsaved changes, what stops them from being saved, and Save / Discard. Sticks to the bottom. */
import { ErrorText } from '../components/error-text.js';
import { plural } from '../lib/format.js';
import { fieldId } from './fields.js';
import type { PolicyEditor } from './use-policy-editor.js';

const focusField = (field: string) => document.getElementById(fieldId(field))?.focus();

/** Shown while the draft differs from the saved file. */
export function SaveBar({ editor }: { editor: PolicyEditor }) {
  if (!editor.dirty) return null;
  const onSave = async () => {
    if (await editor.save()) return;
    // The problems are drawn on the next frame; then the first one takes the focus.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };
  return (
    <section class="save-bar" aria-labelledby="save-bar-title">
      <div class="save-bar-text">
        <h2 id="save-bar-title" class="save-bar-title">
          {plural(editor.changes.length, 'unsaved change')}
        </h2>
        <details>
          <summary>What will change</summary>
          <ul class="change-list">
            {editor.changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        </details>
        {editor.issues.length > 0 && (
          <div role="alert">
            <p class="error-text">Fix {plural(editor.issues.length, 'problem')} before saving:</p>
            <ul class="issue-list">
              {editor.issues.map((issue) => (
                <li key={`${issue.field}:${issue.message}`}>
                  <button type="button" class="link-button" onClick={() => focusField(issue.field)}>
                    {issue.field || 'policy'}: {issue.message}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <ErrorText error={editor.saveError} />
      </div>
      <div class="row">
        <button type="button" class="btn" onClick={editor.discard} disabled={editor.saving}>
          Discard
        </button>
        <button type="button" class="btn btn-primary" onClick={onSave} disabled={editor.saving}>
          {editor.saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </section>
  );
}
