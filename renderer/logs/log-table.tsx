/** The log lines as a table: level and decision in colour (and in words), newest first. */
import type { LogEntry } from '../api.js';
import { Badge, type Tone } from '../components/status-badge.js';
import { formatLogTime } from '../lib/format.js';
import { entryKey } from '../lib/log-merge.js';
import { describeCall, describeDetails } from './log-text.js';

const LEVEL_TONE: Record<string, Tone> = { error: 'bad', warn: 'warn', info: 'info' };

/** The table; an empty list says why. */
export function LogTable({ entries, loading }: { entries: readonly LogEntry[]; loading: boolean }) {
  const today = new Date().toDateString();
  if (entries.length === 0) {
    return <p class="muted empty-log">{loading ? 'Loading…' : 'No log lines match these filters.'}</p>;
  }
  return (
    <div class="log-scroll">
      <table class="log-table">
        <caption class="visually-hidden">Log lines, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Level</th>
            <th scope="col">Instance</th>
            <th scope="col">Decision</th>
            <th scope="col">Line</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entryKey(entry)} class={`log-row level-${LEVEL_TONE[entry.level] ?? 'neutral'}`}>
              <td class="mono nowrap">
                <time dateTime={entry.timestamp} title={entry.timestamp}>
                  {formatLogTime(entry.timestamp, today)}
                </time>
              </td>
              <td>
                <Badge tone={LEVEL_TONE[entry.level] ?? 'neutral'}>{entry.level}</Badge>
              </td>
              <td class="mono nowrap">{entry.pid ?? '–'}</td>
              <td>
                {entry.decision && <Badge tone={entry.decision === 'allowed' ? 'ok' : 'bad'}>{entry.decision}</Badge>}
              </td>
              <td class="log-line">
                <span class={entry.kind === 'audit' ? 'mono' : ''}>
                  {entry.kind === 'audit' ? describeCall(entry) : entry.message}
                </span>
                {Object.keys(entry.details).length > 0 && (
                  <span class="mono muted log-details"> {describeDetails(entry)}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
