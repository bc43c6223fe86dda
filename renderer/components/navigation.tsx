/** The sidebar: the app's name, the overall health, one button per page. */
import { useAppState } from '../app-state.js';
import { PAGES, type PageId } from '../pages.js';
import { Badge, healthTone } from './status-badge.js';

/** Navigation between the pages; the current one is marked for assistive technology too. */
export function Navigation({ current, onSelect }: { current: PageId; onSelect(page: PageId): void }) {
  const { health, policy, editor } = useAppState();
  const snapshot = health.value;
  const count = snapshot?.instances.length ?? 0;
  const overall = snapshot?.overall ?? 'none';
  return (
    <nav class="sidebar" aria-label="Sections">
      <div class="brand">
        <span class="brand-name">Gatehouse</span>
        <span class="brand-status">
          {policy.value?.policy.paused ? (
            <Badge tone="warn">paused</Badge>
          ) : (
            <Badge tone={healthTone(overall)}>{overall === 'none' ? 'no servers' : overall}</Badge>
          )}
          <span class="muted small">{count === 1 ? '1 server running' : `${count} servers running`}</span>
        </span>
      </div>
      <ul class="nav-list">
        {PAGES.map((page) => (
          <li key={page.id}>
            <button
              type="button"
              class="nav-item"
              aria-current={page.id === current ? 'page' : undefined}
              onClick={() => onSelect(page.id)}
            >
              {page.title}
              {page.id === 'permissions' && editor.dirty && (
                <span class="nav-marker" title="Unsaved changes">
                  <span aria-hidden="true">●</span>
                  <span class="visually-hidden">(unsaved changes)</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
