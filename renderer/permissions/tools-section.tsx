/** Per-tool switches, grouped files and database, each with its summary and risk label. */
import { TOOL_CATALOG, TOOL_NAMES, type ToolGroup, type ToolName } from '../../server/tools/catalog.js';
import { RiskBadge } from '../components/risk-badge.js';
import { applyEdit, type PolicyDocument } from './draft.js';
import type { PolicyEditor } from './use-policy-editor.js';

const GROUPS: Array<{ group: ToolGroup; title: string }> = [
  { group: 'files', title: 'Files' },
  { group: 'database', title: 'Database' },
];

/** Why a switched-on tool is still not offered: the server offers changes only where one is allowed. */
function notOfferedReason(doc: PolicyDocument, tool: ToolName): string | null {
  const { group, effect } = TOOL_CATALOG[tool];
  if (effect === 'read') return null;
  if (group === 'files' && !(doc.roots ?? []).some((r) => r.access === 'write')) {
    return 'Not offered: no folder is shared read & write.';
  }
  if (group === 'database' && !(doc.databases ?? []).some((db) => db.access === 'write')) {
    return 'Not offered: no database is read & write.';
  }
  return null;
}

/** The tools card. */
export function ToolsSection({ editor }: { editor: PolicyEditor }) {
  const doc = editor.draft;
  return (
    <section class="card" aria-labelledby="tools-title">
      <div>
        <h2 id="tools-title">Tools</h2>
        <p class="muted small">A tool switched off is not offered to clients and cannot be called.</p>
      </div>
      <div class="tool-groups">
        {GROUPS.map(({ group, title }) => (
          <fieldset key={group} class="tool-group">
            <legend>{title}</legend>
            <ul class="tools">
              {TOOL_NAMES.filter((tool) => TOOL_CATALOG[tool].group === group).map((tool) => {
                const info = TOOL_CATALOG[tool];
                const enabled = doc?.tools?.[tool] !== false;
                const changed = enabled !== (editor.saved?.tools?.[tool] !== false);
                const reason = doc && enabled ? notOfferedReason(doc, tool) : null;
                return (
                  <li key={tool} class="tool">
                    <label class="switch">
                      <input
                        type="checkbox"
                        role="switch"
                        checked={enabled}
                        disabled={!doc}
                        aria-describedby={`tool-${tool}-summary`}
                        onChange={(event) => {
                          const on = event.currentTarget.checked;
                          editor.update((d) => applyEdit(d, { kind: 'setTool', tool, enabled: on }));
                        }}
                      />
                      <span class="tool-title">{info.title}</span>
                    </label>
                    <span class="tool-meta">
                      <code>{tool}</code>
                      <RiskBadge effect={info.effect} />
                      {changed && <span class="badge badge-info">changed</span>}
                    </span>
                    <p class="muted small tool-summary" id={`tool-${tool}-summary`}>
                      {info.summary}
                      {reason && <span class="tool-note"> {reason}</span>}
                    </p>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ))}
      </div>
    </section>
  );
}
