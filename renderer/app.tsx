/** The dashboard: navigation, the paused banner, and the page shown. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, hasBridge } from './api.js';
import { AppStateContext, type AppState } from './app-state.js';
import { Navigation } from './components/navigation.js';
import { PausedBanner } from './components/paused-banner.js';
import { ConnectPage } from './connect/connect-page.js';
import { useLive } from './lib/use-live.js';
import { LogsPage } from './logs/logs-page.js';
import { OverviewPage } from './overview/overview-page.js';
import type { PageId } from './pages.js';
import { PermissionsPage } from './permissions/permissions-page.js';
import { SecretsPage } from './secrets/secrets-page.js';
import { usePolicyEditor } from './permissions/use-policy-editor.js';

const PAGE_VIEWS: Record<PageId, () => preact.JSX.Element> = {
  overview: OverviewPage,
  permissions: PermissionsPage,
  secrets: SecretsPage,
  logs: LogsPage,
  connect: ConnectPage,
};

/** The whole dashboard. */
export function App() {
  if (!hasBridge()) {
    return (
      <main class="content">
        <h1>Gatehouse</h1>
        <p>This page works only inside the Gatehouse app. Open it from the Gatehouse tray icon.</p>
      </main>
    );
  }
  return <Dashboard />;
}

function Dashboard() {
  const [page, setPage] = useState<PageId>('overview');
  const policy = useLive(api.getPolicy, api.onPolicyChanged);
  const health = useLive(api.getHealth, api.onHealthChanged);
  const editor = usePolicyEditor(policy);
  const state = useMemo<AppState>(() => ({ policy, health, editor, go: setPage }), [policy, health, editor]);
  const Page = PAGE_VIEWS[page];
  // The content column is shared by every page: a new page starts at its top.
  const main = useRef<HTMLElement>(null);
  useEffect(() => main.current?.scrollTo(0, 0), [page]);
  return (
    <AppStateContext.Provider value={state}>
      <div class="app">
        <Navigation current={page} onSelect={setPage} />
        <main id="main" class="content" aria-labelledby="page-title" ref={main}>
          <PausedBanner />
          <Page />
        </main>
      </div>
    </AppStateContext.Provider>
  );
}
