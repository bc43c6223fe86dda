/** One running server: who it serves, since when, its health checks and its live charts. */
import type { InstanceHealth } from '../api.js';
import { Sparkline } from '../components/sparkline.js';
import { Badge, healthTone } from '../components/status-badge.js';
import { formatAgo, formatBytes, formatClock, formatMs, plural } from '../lib/format.js';

/** Points a chart spans: the health monitor's history length. */
const HISTORY_SLOTS = 60;

const last = <T,>(values: readonly T[]): T | undefined => values[values.length - 1];

/** A card for one instance. */
export function InstanceCard({ view, now }: { view: InstanceHealth; now: number }) {
  const { instance, health, history, totals } = view;
  const client = instance.client ? `${instance.client.name} ${instance.client.version}` : 'Waiting for a client';
  const latest = last(history);
  const calls = history.map((h) => h.callsPerMinute);
  const p50 = history.map((h) => h.p50Ms);
  const p95 = history.map((h) => h.p95Ms);
  const titleId = `instance-${instance.pid}`;
  return (
    <article class="card instance" aria-labelledby={titleId}>
      <div class="card-header">
        <div>
          <h3 id={titleId}>{client}</h3>
          <p class="muted small">
            pid {instance.pid} · Gatehouse {instance.version} · since {formatClock(instance.startedAt)} (
            {formatAgo(instance.startedAt, now)})
          </p>
        </div>
        <Badge tone={healthTone(view.status)}>{view.status}</Badge>
      </div>
      {view.problem && <p class="error-text">{view.problem}</p>}
      {health && (
        <ul class="checks" aria-label="Health checks">
          {health.checks.map((check) => (
            <li key={check.name} class={`check tone-${healthTone(check.status)}`}>
              <span class="dot" aria-hidden="true" />
              <span class="check-name">{check.name}</span>
              <span class="visually-hidden">{check.status}:</span>
              <span class="check-message">{check.message}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="charts">
        <figure class="chart">
          <figcaption>
            <span>Calls per minute</span>
            <strong>{latest ? latest.callsPerMinute : '–'}</strong>
          </figcaption>
          <Sparkline
            slots={HISTORY_SLOTS}
            series={[{ label: 'calls per minute', values: calls, colour: 1 }]}
            summary={`Calls per minute over the last ${plural(history.length, 'sample')}: now ${latest?.callsPerMinute ?? 'unknown'}.`}
          />
        </figure>
        <figure class="chart">
          <figcaption>
            <span>
              Latency <span class="legend legend-1">p50</span> <span class="legend legend-2">p95</span>
            </span>
            <strong>
              {formatMs(latest?.p50Ms)} / {formatMs(latest?.p95Ms)}
            </strong>
          </figcaption>
          <Sparkline
            slots={HISTORY_SLOTS}
            series={[
              { label: 'p50', values: p50, colour: 1 },
              { label: 'p95', values: p95, colour: 2 },
            ]}
            summary={`Latency: p50 ${formatMs(latest?.p50Ms)}, p95 ${formatMs(latest?.p95Ms)}.`}
          />
        </figure>
      </div>
      <p class="muted small">
        {plural(totals.calls, 'call')} · {totals.refusals} refused · {latest ? plural(latest.activeCalls, 'call') : '–'}{' '}
        in flight · memory {formatBytes(latest?.rssBytes)}
      </p>
    </article>
  );
}
