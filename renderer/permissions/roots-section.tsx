/** Shared folders: add through the native picker, switch read or read & write, remove. */
import { api } from '../api.js';
import { AccessChoice } from '../components/access-choice.js';
import { ErrorText } from '../components/error-text.js';
import { useAction } from '../lib/use-action.js';
import { applyEdit } from './draft.js';
import type { PolicyEditor } from './use-policy-editor.js';

/** The folders card. */
export function RootsSection({ editor }: { editor: PolicyEditor }) {
  const pick = useAction(() => api.chooseFolder());
  const roots = editor.draft?.roots ?? [];
  const saved = new Map(editor.saved?.roots?.map((r) => [r.path, r.access]));
  const add = async () => {
    const picked = await pick.run();
    const path = picked?.path;
    // An already shared folder keeps its access: adding it again would quietly widen or narrow it.
    if (path && !roots.some((root) => root.path === path)) {
      editor.update((doc) => applyEdit(doc, { kind: 'addRoot', path, access: 'read' }));
    }
  };
  return (
    <section class="card" aria-labelledby="roots-title">
      <div class="card-header">
        <div>
          <h2 id="roots-title">Shared folders</h2>
          <p class="muted small">Clients reach the files inside these folders, and nothing else on this computer.</p>
        </div>
        <button type="button" class="btn" onClick={add} disabled={pick.busy || !editor.draft}>
          Add folder…
        </button>
      </div>
      <ErrorText error={pick.error} />
      {roots.length === 0 ? (
        <p class="muted">No folder is shared.</p>
      ) : (
        <ul class="entries">
          {roots.map((root, index) => (
            <li key={root.path} class="entry">
              <span class="mono path" id={`field-roots.${index}.path`}>
                {root.path}
              </span>
              {saved.get(root.path) === undefined ? (
                <span class="badge badge-info">new</span>
              ) : (
                saved.get(root.path) !== root.access && <span class="badge badge-info">changed</span>
              )}
              <AccessChoice
                value={root.access}
                label={`Access to ${root.path}`}
                onChange={(access) =>
                  editor.update((doc) => applyEdit(doc, { kind: 'addRoot', path: root.path, access }))
                }
              />
              <button
                type="button"
                class="btn btn-small btn-danger"
                aria-label={`Remove ${root.path}`}
                onClick={() => editor.update((doc) => applyEdit(doc, { kind: 'removeRoot', path: root.path }))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
