/** The self-test: start the server exactly as the Claude Desktop entry says, and report each step. */
import { useState } from 'preact/hooks';
import { api, type Reply } from '../api.js';
import { ErrorText } from '../components/error-text.js';
import { Badge } from '../components/status-badge.js';
import { formatMs } from '../lib/format.js';
import { useAction } from '../lib/use-action.js';

const STEP_TONE = { ok: 'ok', warn: 'warn', fail: 'bad' } as const;

/** The self-test card. */
export function SelfTestCard() {
  const test = useAction(() => api.runSelfTest());
  const [report, setReport] = useState<Reply<'runSelfTest'> | null>(null);
  const start = async () => {
    setReport(null);
    const result = await test.run();
    if (result) setReport(result);
  };
  return (
    <section class="card" aria-labelledby="selftest-title" aria-busy={test.busy}>
      <div class="card-header">
        <div>
          <h2 id="selftest-title">Self-test</h2>
          <p class="muted small">
            Starts Gatehouse as a client would, lists its tools and asks for the shared folders.
          </p>
        </div>
        <button type="button" class="btn" onClick={start} disabled={test.busy}>
          {test.busy ? 'Testing…' : 'Run self-test'}
        </button>
      </div>
      <ErrorText error={test.error} />
      {report && (
        <>
          <p role="status">
            <Badge tone={report.ok ? 'ok' : 'bad'}>{report.ok ? 'passed' : 'failed'}</Badge>{' '}
            <span class="mono small">{[report.launch.command, ...report.launch.args].join(' ')}</span>
          </p>
          <table class="steps">
            <caption class="visually-hidden">Self-test steps</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Result</th>
                <th scope="col">Time</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {report.steps.map((step) => (
                <tr key={step.name}>
                  <td>{step.name}</td>
                  <td>
                    <Badge tone={STEP_TONE[step.status]}>{step.status}</Badge>
                  </td>
                  <td class="mono nowrap">{formatMs(step.durationMs)}</td>
                  <td class="step-detail">{step.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.stderrTail && (
            <details>
              <summary>What the server wrote to stderr</summary>
              <pre class="code">{report.stderrTail}</pre>
            </details>
          )}
        </>
      )}
    </section>
  );
}
