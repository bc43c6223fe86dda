/**
 * The preload: exposes exactly the contract's methods and event subscriptions as `window.gatehouse`
 * through contextBridge. The page never sees ipcRenderer, an IPC event object, or Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
// Names only (no zod): the sandboxed preload must be one small bundle.
import { IPC_EVENT_NAMES, IPC_METHOD_NAMES, eventChannel, eventListenerName, methodChannel } from './ipc-channels.js';
import type { GatehouseApi } from './ipc-contract.js';

const api: Record<string, unknown> = {};
for (const method of IPC_METHOD_NAMES) {
  // One argument at most, as the contract says; anything else the page passes stays behind.
  api[method] = (request?: unknown) => ipcRenderer.invoke(methodChannel(method), request);
}
for (const event of IPC_EVENT_NAMES) {
  api[eventListenerName(event)] = (listener: unknown) => {
    if (typeof listener !== 'function') throw new TypeError(`${eventListenerName(event)} takes a function`);
    // Security: the page gets the payload only; the event object would hand it ipcRenderer as `sender`.
    const forward = (_event: unknown, payload: unknown) => (listener as (payload: unknown) => void)(payload);
    ipcRenderer.on(eventChannel(event), forward);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), forward);
    };
  };
}

contextBridge.exposeInMainWorld('gatehouse', Object.freeze(api) as GatehouseApi);
