/** What every page shares: the policy and the health of the servers, each kept live by main's events. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { HealthSnapshot, PolicyStatus } from './api.js';
import type { Live } from './lib/use-live.js';
import type { PageId } from './pages.js';
import type { PolicyEditor } from './permissions/use-policy-editor.js';

/** The shared state. */
export interface AppState {
  policy: Live<PolicyStatus>;
  health: Live<HealthSnapshot>;
  /** The Permissions draft, kept here so it survives a switch to another page. */
  editor: PolicyEditor;
  /** Shows another page. */
  go(page: PageId): void;
}

/** Provided once by the app. */
export const AppStateContext = createContext<AppState | null>(null);

/** The shared state; only inside the app. */
export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (!state) throw new Error('useAppState() outside <App>');
  return state;
}
