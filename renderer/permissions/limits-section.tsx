/** Limits: sizes, rows, time and rate; empty means Gatehouse's default. The server's schema checks ranges. */
import { LIMIT_RANGES } from '../../server/policy/defaults.js';
import { setLimit, type LimitName } from './draft.js';
import { FieldError, fieldProps } from './fields.js';
import type { PolicyEditor } from './use-policy-editor.js';

const LIMITS: Array<{ name: LimitName; label: string; unit: string }> = [
  { name: 'maxReadBytes', label: 'Largest read', unit: 'bytes' },
  { name: 'maxWriteBytes', label: 'Largest write', unit: 'bytes' },
  { name: 'maxRows', label: 'Rows per query', unit: 'rows' },
  { name: 'queryTimeoutMs', label: 'Query time limit', unit: 'ms' },
  { name: 'callsPerMinute', label: 'Calls per minute', unit: 'calls' },
];

/** The limits card. */
export function LimitsSection({ editor }: { editor: PolicyEditor }) {
  const written = (editor.draft?.limits ?? {}) as Record<string, unknown>;
  return (
    <section class="card" aria-labelledby="limits-title">
      <div>
        <h2 id="limits-title">Limits</h2>
        <p class="muted small">Leave a field empty for Gatehouse's default, shown in grey.</p>
      </div>
      <div class="limits">
        {LIMITS.map(({ name, label, unit }) => {
          const field = `limits.${name}`;
          const value = written[name];
          const range = LIMIT_RANGES[name];
          return (
            <div key={name} class="field">
              <label for={`field-${field}`}>
                {label} <span class="muted">({unit})</span>
              </label>
              <input
                type="text"
                inputMode="numeric"
                class="mono"
                value={value === undefined ? '' : String(value)}
                placeholder={`${range.default} (default)`}
                disabled={!editor.draft}
                {...fieldProps(editor.issues, field, `${field}-range`)}
                onInput={(event) => {
                  const text = event.currentTarget.value;
                  editor.update((doc) => setLimit(doc, name, text));
                }}
              />
              <span class="muted small" id={`${field}-range`}>
                {range.min.toLocaleString('en')} to {range.max.toLocaleString('en')}
              </span>
              <FieldError issues={editor.issues} field={field} />
            </div>
          );
        })}
      </div>
    </section>
  );
}
