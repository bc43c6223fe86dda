/** The Logs page's filters: level, kind, tool, decision, instance, time and text. */
import { TOOL_NAMES } from '../../server/tools/catalog.js';
import type { FilterState } from './filter-state.js';

/** One select of the form. */
function Choice<K extends keyof FilterState>({
  id,
  label,
  field,
  state,
  onChange,
  options,
}: {
  id: string;
  label: string;
  field: K;
  state: FilterState;
  onChange(patch: Partial<FilterState>): void;
  options: ReadonlyArray<readonly [string, string]>;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={state[field]}
        onChange={(event) => onChange({ [field]: event.currentTarget.value } as Partial<FilterState>)}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filter form; `pids` are the instances to offer (running ones and those seen in the lines). */
export function LogFilters({
  state,
  pids,
  onChange,
}: {
  state: FilterState;
  pids: readonly number[];
  onChange(patch: Partial<FilterState>): void;
}) {
  return (
    <form class="filters" aria-label="Log filters" onSubmit={(event) => event.preventDefault()}>
      <div class="field grow">
        <label for="log-text">Text</label>
        <input
          id="log-text"
          type="search"
          value={state.text}
          placeholder="Any text in the line"
          maxLength={200}
          onInput={(event) => onChange({ text: event.currentTarget.value })}
        />
      </div>
      <Choice
        id="log-level"
        label="Level"
        field="level"
        state={state}
        onChange={onChange}
        options={[
          ['', 'Any level'],
          ['error', 'Errors'],
          ['warn', 'Warnings and worse'],
          ['info', 'Info and worse'],
          ['debug', 'Debug and worse'],
        ]}
      />
      <Choice
        id="log-kind"
        label="Lines"
        field="kind"
        state={state}
        onChange={onChange}
        options={[
          ['', 'All lines'],
          ['audit', 'Tool calls'],
          ['event', 'Server events'],
        ]}
      />
      <Choice
        id="log-tool"
        label="Tool"
        field="tool"
        state={state}
        onChange={onChange}
        options={[['', 'Any tool'], ...TOOL_NAMES.map((tool) => [tool, tool] as const)]}
      />
      <Choice
        id="log-decision"
        label="Decision"
        field="decision"
        state={state}
        onChange={onChange}
        options={[
          ['', 'Any decision'],
          ['allowed', 'Allowed'],
          ['refused', 'Refused'],
        ]}
      />
      <Choice
        id="log-pid"
        label="Instance"
        field="pid"
        state={state}
        onChange={onChange}
        options={[['', 'Any instance'], ...pids.map((pid) => [String(pid), `pid ${pid}`] as const)]}
      />
      <Choice
        id="log-time"
        label="Time"
        field="time"
        state={state}
        onChange={onChange}
        options={[
          ['any', 'Any time'],
          ['15m', 'Last 15 minutes'],
          ['1h', 'Last hour'],
          ['24h', 'Last 24 hours'],
          ['7d', 'Last 7 days'],
          ['custom', 'Between…'],
        ]}
      />
      {state.time === 'custom' && (
        <>
          <div class="field">
            <label for="log-from">From</label>
            <input
              id="log-from"
              type="datetime-local"
              step="1"
              value={state.from}
              onChange={(event) => onChange({ from: event.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="log-to">To</label>
            <input
              id="log-to"
              type="datetime-local"
              step="1"
              value={state.to}
              onChange={(event) => onChange({ to: event.currentTarget.value })}
            />
          </div>
        </>
      )}
    </form>
  );
}
