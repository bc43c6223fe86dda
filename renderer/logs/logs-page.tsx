/** Logs: the audit trail and the server log, live, filtered, copied or exported as shown. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAppState } from '../app-state.js';
import { ErrorText } from '../components/error-text.js';
import { PageHeader } from '../components/page-header.js';
import { copyText, downloadText } from '../lib/clipboard.js';
import { plural } from '../lib/format.js';
import { useAction } from '../lib/use-action.js';
import { useLogTail } from '../lib/use-log-tail.js';
import { NO_FILTER, toLogFilter, type FilterState } from './filter-state.js';
import { LogFilters } from './log-filters.js';
import { LogTable } from './log-table.js';
import { linesAsJson, linesAsText } from './log-text.js';

const TEXT_DELAY_MS = 300;

/** The Logs page. */
export function LogsPage() {
  const { health } = useAppState();
  const [form, setForm] = useState<FilterState>(NO_FILTER);
  // Typing in the text field settles before the log is read again.
  const [applied, setApplied] = useState<FilterState>(NO_FILTER);
  useEffect(() => {
    const timer = setTimeout(() => setApplied(form), form.text === applied.text ? 0 : TEXT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form, applied.text]);
  const filter = useMemo(() => toLogFilter(applied, Date.now()), [applied]);
  const [live, setLive] = useState(true);
  const tail = useLogTail(filter, { pageSize: 200, keep: 1000, live });
  const [notice, setNotice] = useState('');
  const openFolder = useAction(() => api.openLogsFolder());

  const pids = useMemo(() => {
    const seen = new Set<number>((health.value?.instances ?? []).map((view) => view.instance.pid));
    for (const entry of tail.entries) if (entry.pid !== null) seen.add(entry.pid);
    return [...seen].sort((a, b) => a - b);
  }, [health.value, tail.entries]);

  const copy = async () => {
    const copied = await copyText(linesAsText(tail.entries));
    setNotice(copied ? `Copied ${plural(tail.entries.length, 'line')}.` : 'Copying was refused.');
  };
  const exportLines = () => {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    downloadText(`gatehouse-log-${stamp}.jsonl`, linesAsJson(tail.entries), 'application/x-ndjson');
    setNotice(`Exported ${plural(tail.entries.length, 'line')}.`);
  };

  return (
    <>
      <PageHeader title="Logs" description="Every tool call (the audit trail) and what the servers logged.">
        <button type="button" class="btn" onClick={() => void openFolder.run()} disabled={openFolder.busy}>
          Open logs folder
        </button>
      </PageHeader>
      <LogFilters state={form} pids={pids} onChange={(patch) => setForm((current) => ({ ...current, ...patch }))} />
      <div class="row log-toolbar">
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={live}
            onChange={(event) => setLive(event.currentTarget.checked)}
          />
          <span>Live</span>
        </label>
        <span class="muted small" aria-live="polite">
          {plural(tail.entries.length, 'line')} shown
          {tail.dropped > 0 && ` · ${plural(tail.dropped, 'line')} skipped to keep up`}
        </span>
        <span class="spacer" />
        <span class="muted small" role="status">
          {notice}
        </span>
        <button type="button" class="btn" onClick={copy} disabled={tail.entries.length === 0}>
          Copy lines
        </button>
        <button type="button" class="btn" onClick={exportLines} disabled={tail.entries.length === 0}>
          Export…
        </button>
      </div>
      <ErrorText error={tail.error ?? openFolder.error} />
      <LogTable entries={tail.entries} loading={tail.loading} />
      {tail.hasOlder && (
        <div>
          <button type="button" class="btn" onClick={() => void tail.loadOlder()} disabled={tail.loading}>
            Load older lines
          </button>
        </div>
      )}
    </>
  );
}
