/** The latest refused tool calls, live, each with its reason. */
import { useMemo } from 'preact/hooks';
import type { LogFilter } from '../api.js';
import { ErrorText } from '../components/error-text.js';
import { formatClock } from '../lib/format.js';
import { describeRefusal } from '../lib/reasons.js';
import { useLogTail } from '../lib/use-log-tail.js';

const SHOWN = 8;

/** The card of recent refusals, read from the audit trail. */
export function RecentRefusals() {
  const filter = useMemo<LogFilter>(() => ({ kind: 'audit', decision: 'refused' }), []);
  const tail = useLogTail(filter, { pageSize: SHOWN, keep: SHOWN, live: true });
  return (
    <section class="card" aria-labelledby="refusals-title">
      <div class="card-header">
        <h2 id="refusals-title">Recent refusals</h2>
        <span class="muted small">from the audit trail, live</span>
      </div>
      <ErrorText error={tail.error} />
      {tail.entries.length === 0 ? (
        <p class="muted">{tail.loading ? 'Loading…' : 'No refused calls. Everything asked for was allowed.'}</p>
      ) : (
        <ul class="refusals">
          {tail.entries.map((entry) => (
            <li key={`${entry.timestamp}${entry.pid}${entry.tool}`} class="refusal">
              <time class="mono muted" dateTime={entry.timestamp}>
                {formatClock(entry.timestamp)}
              </time>
              <div class="refusal-body">
                <p>
                  <strong class="mono">{entry.tool ?? 'unknown tool'}</strong>{' '}
                  <span class="badge badge-bad">{entry.code ?? 'refused'}</span>{' '}
                  <span class="muted small">
                    {entry.client ?? 'unknown client'} · pid {entry.pid ?? '?'}
                  </span>
                </p>
                <p class="small">{describeRefusal(entry.code)}</p>
                {entry.paths && entry.paths.length > 0 && <p class="mono small muted path">{entry.paths.join(', ')}</p>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
