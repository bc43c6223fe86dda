import { beforeAll, describe, expect, it } from 'vitest';
import { IPC_EVENT_NAMES, IPC_METHOD_NAMES, eventListenerName } from '../../electron/ipc-contract.js';
import { exposed, ipcRenderer, resetFakeElectron } from '../mocks/electron.js';

type Api = Record<string, (...args: unknown[]) => unknown>;

describe('preload', () => {
  let api: Api;
  beforeAll(async () => {
    resetFakeElectron();
    await import('../../electron/preload.js');
    api = exposed.get('gatehouse') as Api;
  });

  it('exposes exactly the contract: one function per method, one subscription per event, nothing else', () => {
    expect([...exposed.keys()]).toEqual(['gatehouse']);
    const expected = [...IPC_METHOD_NAMES, ...IPC_EVENT_NAMES.map(eventListenerName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(api).not.toHaveProperty('ipcRenderer');
    expect(api).not.toHaveProperty('invoke');
  });

  it('invokes each method on its own channel with one argument at most', async () => {
    ipcRenderer.invocations.length = 0;
    await api.getPolicy!();
    await api.setPaused!({ paused: true }, 'smuggled', { second: 'argument' });
    expect(ipcRenderer.invocations).toEqual([
      { channel: 'gatehouse:getPolicy', args: [undefined] },
      { channel: 'gatehouse:setPaused', args: [{ paused: true }] },
    ]);
  });

  it('hands an event listener the payload only, never the IPC event, and unsubscribes', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.onPolicyChanged!((...args: unknown[]) => received.push(args)) as () => void;
    const ipcEvent = { sender: ipcRenderer, senderId: 0 };
    ipcRenderer.emit('gatehouse:event:policyChanged', ipcEvent, { state: 'valid' });
    unsubscribe();
    ipcRenderer.emit('gatehouse:event:policyChanged', ipcEvent, { state: 'missing' });
    expect(received).toEqual([[{ state: 'valid' }]]);
    expect(ipcRenderer.listenerCount('gatehouse:event:policyChanged')).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onHealthChanged!('alert(1)')).toThrow(TypeError);
  });
});
