/**
 * The shapes the dashboard works with, all derived from the IPC contract (never written by hand).
 * Types only, with no DOM: pure modules and their Node tests import these, not api.ts.
 */
import type { GatehouseApi, IpcEvent, IpcEventPayload, IpcMethod, IpcReply } from '../electron/ipc-contract.js';

export type { ErrorPayload } from '../server/errors.js';
export type { GatehouseApi, IpcResult } from '../electron/ipc-contract.js';

/** A method's reply value, by name. */
export type Reply<M extends IpcMethod> = IpcReply<M>;
/** An event's payload, by name. */
export type EventPayload<E extends IpcEvent> = IpcEventPayload<E>;
/** The policy status every policy method answers. */
export type PolicyStatus = Reply<'getPolicy'>;
/** The health snapshot of every running server. */
export type HealthSnapshot = Reply<'getHealth'>;
/** One running server as the health monitor sees it. */
export type InstanceHealth = HealthSnapshot['instances'][number];
/** One parsed log line. */
export type LogEntry = Reply<'queryLogs'>['entries'][number];
/** The filter of a log query or follow. */
export type LogFilter = Parameters<GatehouseApi['queryLogs']>[0]['filter'];
