/**
 * The one gate between the dashboard and the main process. Every method of the contract is registered
 * through handle(), which refuses anything but the app's own page, parses the single argument with the
 * contract's schema, runs the handler and answers a result; nothing throws across the bridge.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { GatehouseError, toErrorPayload } from '../../server/errors.js';
import { isAppUrl } from '../core/app-security.js';
import type { IpcHandlers } from '../core/ipc-handlers.js';
import {
  IPC_EVENTS,
  IPC_METHOD_NAMES,
  IPC_METHODS,
  eventChannel,
  methodChannel,
  type IpcEvent,
  type IpcEventPayload,
  type IpcMethod,
  type IpcResult,
} from '../ipc-contract.js';

/** Logs what the bridge refuses or fails at; main passes its logger. */
export type ShellLog = (level: 'warn' | 'error', message: string, meta?: Record<string, unknown>) => void;

/** True when a message comes from the main frame of the app's own page in one of our windows. */
export function isTrustedSender(event: IpcMainInvokeEvent, ours: (contents: WebContents) => boolean): boolean {
  const frame = event.senderFrame;
  // Security: a destroyed or navigated frame, a subframe, a foreign URL or someone else's window: refused.
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url) && ours(event.sender);
}

/** Registers every contract method on `ipcMain`; returns a function that removes them. */
export function registerIpcHandlers(
  ipcMain: IpcMain,
  handlers: IpcHandlers,
  ours: (contents: WebContents) => boolean,
  log: ShellLog,
): () => void {
  const handle = <M extends IpcMethod>(method: M) => {
    const spec = IPC_METHODS[method];
    const run = handlers[method] as (request: unknown) => Promise<unknown>;
    ipcMain.handle(methodChannel(method), async (event, argument: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, ours)) {
        log('warn', 'IPC message from a foreign frame refused', { method, url: event.senderFrame?.url });
        return { ok: false, error: new GatehouseError('ACCESS_DENIED', 'Not the Gatehouse dashboard.').toPayload() };
      }
      // Security: the argument is hostile until the contract's schema says otherwise.
      const request = spec.request.safeParse(argument);
      if (!request.success) {
        const reason = request.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`)
          .join('; ');
        return { ok: false, error: new GatehouseError('INVALID_INPUT', `Invalid request: ${reason}.`).toPayload() };
      }
      try {
        // Security: the reply is parsed too, which also strips any field the contract does not list.
        return { ok: true, value: spec.reply.parse(await run(request.data)) };
      } catch (error) {
        if (!(error instanceof GatehouseError)) log('error', 'IPC handler failed', { method, error: String(error) });
        return { ok: false, error: toErrorPayload(error) };
      }
    });
  };
  for (const method of IPC_METHOD_NAMES) handle(method);
  return () => {
    for (const method of IPC_METHOD_NAMES) ipcMain.removeHandler(methodChannel(method));
  };
}

/** Sends an event after checking its payload against the contract. */
export function sendEvent<E extends IpcEvent>(
  contents: WebContents | undefined,
  event: E,
  payload: IpcEventPayload<E>,
): void {
  if (!contents || contents.isDestroyed()) return;
  contents.send(eventChannel(event), IPC_EVENTS[event].parse(payload));
}
