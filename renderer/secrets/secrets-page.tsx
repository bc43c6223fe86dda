/** Secrets: names only. Add or replace through a masked field, delete after a confirmation. */
import { useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorText } from '../components/error-text.js';
import { PageHeader } from '../components/page-header.js';
import { useAction } from '../lib/use-action.js';
import { useLive } from '../lib/use-live.js';
import { SecretForm } from './secret-form.js';

/** The Secrets page. */
export function SecretsPage() {
  const secrets = useLive(api.listSecrets);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const valueRef = useRef<HTMLInputElement>(null);
  const remove = useAction((secret: string) => api.deleteSecret({ name: secret }));
  const names = secrets.value ?? [];
  const replace = (secret: string) => {
    setName(secret);
    setNotice('');
    valueRef.current?.focus();
  };
  const confirmDelete = async () => {
    if (!deleting) return;
    const gone = deleting;
    if ((await remove.run(gone)) === undefined) return;
    setDeleting(null);
    setNotice(`Deleted “${gone}”.`);
    await secrets.reload();
  };
  return (
    <>
      <PageHeader
        title="Secrets"
        description="Keys and passwords Gatehouse keeps in the system keychain. Only their names are shown here."
      />
      <SecretForm
        name={name}
        onName={setName}
        existing={names}
        valueRef={valueRef}
        onSaved={async (saved) => {
          setNotice(`Saved “${saved}”.`);
          await secrets.reload();
        }}
      />
      <section class="card" aria-labelledby="saved-secrets-title">
        <div class="card-header">
          <h2 id="saved-secrets-title">Saved secrets</h2>
          <span class="muted small" role="status">
            {notice}
          </span>
        </div>
        <ErrorText error={secrets.error ?? (deleting ? null : remove.error)} />
        {secrets.value && names.length === 0 && <p class="muted">No secret is saved.</p>}
        <ul class="entries">
          {names.map((secret) => (
            <li key={secret} class="entry">
              <span class="mono grow">{secret}</span>
              <span class="muted small" aria-hidden="true">
                ••••••••
              </span>
              <button
                type="button"
                class="btn btn-small"
                aria-label={`Replace ${secret}`}
                onClick={() => replace(secret)}
              >
                Replace
              </button>
              <button
                type="button"
                class="btn btn-small btn-danger"
                aria-label={`Delete ${secret}`}
                onClick={() => {
                  remove.clearError();
                  setDeleting(secret);
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      </section>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting ?? ''}”?`}
        confirmLabel="Delete"
        busy={remove.busy}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      >
        <p>The value is removed from the system keychain. This cannot be undone.</p>
        <ErrorText error={remove.error} />
      </ConfirmDialog>
    </>
  );
}
