/** Claude Desktop: is it installed, is Gatehouse's entry there and current; connect, update or remove. */
import { useState } from 'preact/hooks';
import { api, type Reply } from '../api.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorText } from '../components/error-text.js';
import { Badge, type Tone } from '../components/status-badge.js';
import { useAction } from '../lib/use-action.js';
import { useLive } from '../lib/use-live.js';

type Change = Reply<'connectClaude'>;

const ENTRY_TEXT: Record<Reply<'getClaudeStatus'>['entry'], [Tone, string]> = {
  absent: ['bad', 'not present'],
  current: ['ok', 'present and current'],
  different: ['warn', 'present, but outdated'],
};

/** What a change did, in a sentence. */
function describeChange(change: Change, connected: boolean): string {
  if (!change.changed) return connected ? 'Claude Desktop was already connected.' : 'There was no entry to remove.';
  const backup = change.backupFile ? ` The previous file was backed up to ${change.backupFile}.` : '';
  return `${connected ? 'Connected.' : 'Removed.'} Restart Claude Desktop to pick up the change.${backup}`;
}

/** The Claude Desktop card. */
export function ClaudeCard() {
  const status = useLive(api.getClaudeStatus);
  const connect = useAction(() => api.connectClaude());
  const disconnect = useAction(() => api.disconnectClaude());
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState('');
  const s = status.value;
  const run = async (action: typeof connect, connected: boolean) => {
    setAsking(false);
    const change = await action.run();
    if (change) setResult(describeChange(change, connected));
    await status.reload();
  };
  const [tone, entryText]: [Tone, string] = s ? ENTRY_TEXT[s.entry] : ['neutral', '…'];
  return (
    <section class="card" aria-labelledby="claude-title">
      <div class="card-header">
        <h2 id="claude-title">Claude Desktop</h2>
        <div class="row">
          {s?.entry !== 'current' && (
            <button
              type="button"
              class="btn btn-primary"
              disabled={!s || connect.busy || s.problem !== null}
              onClick={() => run(connect, true)}
            >
              {s?.entry === 'different' ? 'Update entry' : 'Connect'}
            </button>
          )}
          {s && s.entry !== 'absent' && (
            <button type="button" class="btn btn-danger" disabled={disconnect.busy} onClick={() => setAsking(true)}>
              Remove
            </button>
          )}
        </div>
      </div>
      <dl class="facts">
        <dt>Installed</dt>
        <dd>{s ? <Badge tone={s.installed ? 'ok' : 'neutral'}>{s.installed ? 'yes' : 'not found'}</Badge> : '…'}</dd>
        <dt>Gatehouse entry</dt>
        <dd>
          <Badge tone={tone}>{entryText}</Badge>
        </dd>
        <dt>Configuration</dt>
        <dd class="mono path">
          {s?.configFile ?? '…'}
          {s && !s.configExists && <span class="muted"> (not created yet)</span>}
        </dd>
        <dt>Other servers</dt>
        <dd>{s ? (s.otherServers.length ? s.otherServers.join(', ') : 'none') : '…'}</dd>
      </dl>
      {s?.problem && <p class="error-text">{s.problem}</p>}
      <p class="muted" role="status">
        {result}
      </p>
      <ErrorText error={status.error ?? connect.error ?? disconnect.error} />
      <ConfirmDialog
        open={asking}
        title="Remove Gatehouse from Claude Desktop?"
        confirmLabel="Remove"
        busy={disconnect.busy}
        onConfirm={() => run(disconnect, false)}
        onCancel={() => setAsking(false)}
      >
        <p>Only Gatehouse’s entry is removed; other servers and settings stay as they are. A backup is kept.</p>
      </ConfirmDialog>
    </section>
  );
}
