/** Overview: every running server with its health and charts, the recent refusals, the pause state. */
import { useEffect, useState } from 'preact/hooks';
import { useAppState } from '../app-state.js';
import { ErrorText } from '../components/error-text.js';
import { PageHeader } from '../components/page-header.js';
import { Badge, healthTone } from '../components/status-badge.js';
import { formatClock } from '../lib/format.js';
import { InstanceCard } from './instance-card.js';
import { RecentRefusals } from './recent-refusals.js';

/** "since" texts age while the page is open. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The Overview page. */
export function OverviewPage() {
  const { health, go } = useAppState();
  const now = useNow(30_000);
  const snapshot = health.value;
  const instances = snapshot?.instances ?? [];
  return (
    <>
      <PageHeader title="Overview" description="The Gatehouse servers running on this computer, live.">
        {snapshot && (
          <span class="row small muted">
            Overall{' '}
            <Badge tone={healthTone(snapshot.overall)}>
              {snapshot.overall === 'none' ? 'no servers' : snapshot.overall}
            </Badge>
            checked {formatClock(snapshot.checkedAt)}
          </span>
        )}
      </PageHeader>
      <ErrorText error={health.error} />
      <section aria-labelledby="instances-title" class="stack">
        <h2 id="instances-title">Running servers</h2>
        {snapshot && instances.length === 0 && (
          <div class="card empty">
            <p>No Gatehouse server is running. A client such as Claude Desktop starts one when it needs it.</p>
            <div>
              <button type="button" class="btn" onClick={() => go('connect')}>
                Connect a client
              </button>
            </div>
          </div>
        )}
        <div class="grid-2">
          {instances.map((view) => (
            <InstanceCard key={view.instance.pid} view={view} now={now} />
          ))}
        </div>
      </section>
      <RecentRefusals />
    </>
  );
}
