/** Earlier versions of the policy file: undo the last save, or put any kept version back. */
import { useEffect } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorText } from '../components/error-text.js';
import { formatBytes, formatDateTime } from '../lib/format.js';
import { useAction } from '../lib/use-action.js';
import { useLive } from '../lib/use-live.js';
import type { PolicyEditor } from './use-policy-editor.js';

const SHOWN = 8;

/** The history card. */
export function HistorySection({ editor }: { editor: PolicyEditor }) {
  const versions = useLive(api.listPolicyVersions);
  const undo = useAction(() => api.undoPolicy());
  const restore = useAction((id: string) => api.restorePolicyVersion({ id }));
  const revision = editor.base?.revision;
  const reload = versions.reload;
  // Every save, undo or hand edit files a version away: list them again.
  useEffect(() => void reload(), [revision, reload]);
  const list = versions.value ?? [];
  const blocked = editor.dirty ? 'Save or discard your changes first.' : null;
  const adopt = (status: Awaited<ReturnType<typeof undo.run>>) => status && editor.adopt(status);
  return (
    <section class="card" aria-labelledby="history-title">
      <div class="card-header">
        <div>
          <h2 id="history-title">Earlier versions</h2>
          <p class="muted small">Gatehouse keeps the last 20 versions of the policy file.</p>
        </div>
        <button
          type="button"
          class="btn"
          disabled={list.length === 0 || undo.busy || editor.dirty}
          title={blocked ?? undefined}
          onClick={async () => adopt(await undo.run())}
        >
          Undo last save
        </button>
      </div>
      {blocked && list.length > 0 && <p class="muted small">{blocked}</p>}
      <ErrorText error={undo.error ?? restore.error ?? versions.error} />
      {list.length === 0 ? (
        <p class="muted">No earlier version yet.</p>
      ) : (
        <ul class="entries">
          {list.slice(0, SHOWN).map((version, index) => (
            <li key={version.id} class="entry">
              <span class="grow">
                {formatDateTime(version.savedAt)}
                {index === 0 && <span class="muted"> · before the last save</span>}
              </span>
              <span class="muted small">{formatBytes(version.bytes)}</span>
              <button
                type="button"
                class="btn btn-small"
                disabled={restore.busy || editor.dirty}
                aria-label={`Restore the version of ${formatDateTime(version.savedAt)}`}
                onClick={async () => adopt(await restore.run(version.id))}
              >
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
