/**
 * The names of every IPC method and event, and the channels they travel on: declared once, here,
 * without zod, so the sandboxed preload stays a few kilobytes. `ipc-contract.ts` gives each name its
 * schemas and the compiler keeps the two in step.
 */

/** Every renderer -> main method, on channel `gatehouse:<name>`. */
export const IPC_METHOD_NAMES = [
  'getPolicy',
  'validatePolicy',
  'savePolicy',
  'addRoot',
  'removeRoot',
  'addDatabase',
  'removeDatabase',
  'setToolEnabled',
  'setPaused',
  'listPolicyVersions',
  'undoPolicy',
  'restorePolicyVersion',
  'chooseFolder',
  'chooseDatabaseFile',
  'listSecrets',
  'setSecret',
  'deleteSecret',
  'queryLogs',
  'followLogs',
  'unfollowLogs',
  'openLogsFolder',
  'getHealth',
  'getClaudeStatus',
  'connectClaude',
  'disconnectClaude',
  'runSelfTest',
  'getClientSnippets',
  'getAppInfo',
  'setStartAtLogin',
] as const;

/** Every main -> renderer event, on channel `gatehouse:event:<name>`. */
export const IPC_EVENT_NAMES = ['policyChanged', 'healthChanged', 'logEntries'] as const;

/** A method name. */
export type IpcMethod = (typeof IPC_METHOD_NAMES)[number];
/** An event name. */
export type IpcEvent = (typeof IPC_EVENT_NAMES)[number];

/** The channel a method is invoked on. */
export function methodChannel(name: IpcMethod): string {
  return `gatehouse:${name}`;
}

/** The channel an event arrives on. */
export function eventChannel(name: IpcEvent): string {
  return `gatehouse:event:${name}`;
}

/** The renderer's subscription function for an event, e.g. `onPolicyChanged`. */
export function eventListenerName<E extends IpcEvent>(name: E): `on${Capitalize<E>}` {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<E>}`;
}
