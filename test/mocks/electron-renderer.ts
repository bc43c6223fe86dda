/**
 * The renderer half of the one fake `electron` (test/mocks/electron.ts is the main half): what the real
 * preload imports, bundled into it for a real Chromium page. `ipcRenderer.invoke` crosses to the test
 * process through a Playwright binding, where main's own IPC gate answers; events come back the same way.
 * Runs in the page: no Node here.
 */
type Listener = (event: unknown, payload: unknown) => void;

interface PageGlobals {
  /** Installed by the test harness with `page.exposeBinding`. */
  __electronInvoke(channel: string, argument: unknown): Promise<unknown>;
  /** Called by the test harness for every `webContents.send`. */
  __electronEmit?: (channel: string, payload: unknown) => void;
}

const page = globalThis as unknown as PageGlobals & Record<string, unknown>;
const listeners = new Map<string, Set<Listener>>();

page.__electronEmit = (channel, payload) => {
  // An event object with nothing in it: the preload must not hand it to the page anyway.
  for (const listener of listeners.get(channel) ?? []) listener({}, payload);
};

/** The fake ipcRenderer: invoke() reaches main's handlers; on() hears what main sends. */
export const ipcRenderer = {
  invoke(channel: string, argument?: unknown): Promise<unknown> {
    return page.__electronInvoke(channel, argument);
  },
  on(channel: string, listener: Listener) {
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(channel, set);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener) {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

/** The fake contextBridge: the page sees the API as a read-only global, as with context isolation. */
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    Object.defineProperty(page, key, { value: api, enumerable: true, configurable: false, writable: false });
  },
};
