/**
 * The dashboard's one door to the main process: `window.gatehouse`, as the preload exposes it. Its type
 * is derived from the IPC contract (never written by hand), and this is the only file that touches it;
 * lint keeps it that way.
 */
import type { GatehouseApi } from './types.js';

export type * from './types.js';

/** The bridge, or null when the page was opened outside the app (no preload, no access). */
const bridge: GatehouseApi | null = (window as Window & { gatehouse?: GatehouseApi }).gatehouse ?? null;

/** True when the page runs inside Gatehouse with its preload. */
export function hasBridge(): boolean {
  return bridge !== null;
}

/** The API. The app checks hasBridge() before it renders anything that calls it. */
export const api = bridge as GatehouseApi;
