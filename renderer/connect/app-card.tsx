/** This installation: version, where its files are, and whether it starts at login. */
import { api } from '../api.js';
import { ErrorText } from '../components/error-text.js';
import { useAction } from '../lib/use-action.js';
import { useLive } from '../lib/use-live.js';

/** The app card. */
export function AppCard() {
  const info = useLive(api.getAppInfo);
  const setStart = useAction((enabled: boolean) => api.setStartAtLogin({ enabled }));
  const i = info.value;
  return (
    <section class="card" aria-labelledby="app-title">
      <div class="card-header">
        <h2 id="app-title">This computer</h2>
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={i?.startAtLogin ?? false}
            disabled={!i || setStart.busy}
            onChange={async (event) => {
              const input = event.currentTarget;
              if ((await setStart.run(input.checked)) === undefined) input.checked = !input.checked;
              await info.reload();
            }}
          />
          <span>Start Gatehouse at login</span>
        </label>
      </div>
      {i && (
        <dl class="facts">
          <dt>Version</dt>
          <dd>{i.version}</dd>
          <dt>Data folder</dt>
          <dd class="mono path">{i.home}</dd>
          <dt>Policy file</dt>
          <dd class="mono path">{i.policyFile}</dd>
          <dt>Server log</dt>
          <dd class="mono path">{i.logFile}</dd>
        </dl>
      )}
      <ErrorText error={info.error ?? setStart.error} />
    </section>
  );
}
