/** Databases: add a SQLite file through the native picker, name it, read only or read & write, remove. */
import { api } from '../api.js';
import { AccessChoice } from '../components/access-choice.js';
import { ErrorText } from '../components/error-text.js';
import { useAction } from '../lib/use-action.js';
import { applyEdit, databaseNameFor, updateDatabase } from './draft.js';
import { FieldError, fieldProps } from './fields.js';
import type { PolicyEditor } from './use-policy-editor.js';

/** The databases card. */
export function DatabasesSection({ editor }: { editor: PolicyEditor }) {
  const pick = useAction(() => api.chooseDatabaseFile());
  const databases = editor.draft?.databases ?? [];
  const saved = new Map(editor.saved?.databases?.map((db) => [db.path, db]));
  const add = async () => {
    const path = (await pick.run())?.path;
    if (!path || databases.some((db) => db.path === path)) return;
    editor.update((doc) =>
      applyEdit(doc, { kind: 'addDatabase', name: databaseNameFor(doc, path), path, access: 'read' }),
    );
  };
  return (
    <section class="card" aria-labelledby="databases-title">
      <div class="card-header">
        <div>
          <h2 id="databases-title">Databases</h2>
          <p class="muted small">SQLite files clients may query by name. A file need not lie in a shared folder.</p>
        </div>
        <button type="button" class="btn" onClick={add} disabled={pick.busy || !editor.draft}>
          Add SQLite file…
        </button>
      </div>
      <ErrorText error={pick.error} />
      {databases.length === 0 ? (
        <p class="muted">No database is shared.</p>
      ) : (
        <ul class="entries">
          {databases.map((db, index) => {
            const before = saved.get(db.path);
            const field = `databases.${index}.name`;
            return (
              <li key={db.path} class="entry entry-labelled">
                <div class="field">
                  <label for={`field-${field}`}>Name</label>
                  <input
                    type="text"
                    class="mono name-input"
                    value={db.name}
                    spellcheck={false}
                    {...fieldProps(editor.issues, field)}
                    onInput={(event) => {
                      const name = event.currentTarget.value;
                      editor.update((doc) => updateDatabase(doc, index, { name }));
                    }}
                  />
                  <FieldError issues={editor.issues} field={field} />
                </div>
                <div class="field grow">
                  <span class="field-label">File</span>
                  <span class="mono path">{db.path}</span>
                </div>
                {!before ? (
                  <span class="badge badge-info">new</span>
                ) : (
                  (before.access !== db.access || before.name !== db.name) && (
                    <span class="badge badge-info">changed</span>
                  )
                )}
                <AccessChoice
                  value={db.access}
                  label={`Access to database ${db.name || db.path}`}
                  onChange={(access) => editor.update((doc) => updateDatabase(doc, index, { access }))}
                />
                <button
                  type="button"
                  class="btn btn-small btn-danger"
                  aria-label={`Remove database ${db.name || db.path}`}
                  onClick={() => editor.update((doc) => updateDatabase(doc, index, null))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
