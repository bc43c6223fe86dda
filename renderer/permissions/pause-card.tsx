/** Pause all tools: at once, without Save, because it is the emergency stop. */
import { api } from '../api.js';
import { useAppState } from '../app-state.js';
import { ErrorText } from '../components/error-text.js';
import { useAction } from '../lib/use-action.js';

/** The pause switch. An unsaved draft stays: the editor merges the paused file under it. */
export function PauseCard() {
  const { policy } = useAppState();
  const setPaused = useAction((paused: boolean) => api.setPaused({ paused }));
  const paused = policy.value?.policy.paused ?? false;
  return (
    <section class="card pause-card" aria-labelledby="pause-title">
      <div class="card-header">
        <div>
          <h2 id="pause-title">Pause all tools</h2>
          <p class="muted small">Takes effect at once, without Save: every tool call is refused until you resume.</p>
        </div>
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            aria-labelledby="pause-title"
            checked={paused}
            disabled={setPaused.busy || policy.value?.state === 'invalid'}
            onChange={async (event) => {
              const input = event.currentTarget;
              const status = await setPaused.run(input.checked);
              if (status) policy.set(status);
              // Refused: the switch goes back to what the file says.
              else input.checked = paused;
            }}
          />
          <span>{paused ? 'Paused' : 'Running'}</span>
        </label>
      </div>
      <ErrorText error={setPaused.error} />
    </section>
  );
}
