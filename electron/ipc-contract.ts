/**
 * Every call between the dashboard (renderer) and the main process, and every event main sends, as zod
 * schemas. Pure: main, the preload and the renderer all import it. Main parses each request and each
 * reply with these schemas; the renderer's `window.gatehouse` type is derived from them.
 */
import { z } from 'zod';
import type { ErrorPayload } from '../server/errors.js';
import { isAbsolutePathText, policySchema } from '../server/policy/schema.js';
import { healthResponseSchema, healthStatusSchema, instanceFileSchema } from '../server/status/protocol.js';
import type { IpcEvent, IpcMethod } from './ipc-channels.js';

export {
  IPC_EVENT_NAMES,
  IPC_METHOD_NAMES,
  eventChannel,
  eventListenerName,
  methodChannel,
  type IpcEvent,
  type IpcMethod,
} from './ipc-channels.js';

// ---- building blocks -------------------------------------------------------------------------------

const none = z.undefined();
const done = z.null();
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  // Security: a NUL byte truncates paths in C APIs; a relative path would resolve against main's cwd.
  .refine((p) => !p.includes('\0') && isAbsolutePathText(p), 'must be an absolute path');
const access = z.enum(['read', 'write']);
const name = z.string().min(1).max(64);

const policyIssue = z.object({ field: z.string(), message: z.string() });
const policyStatus = z.object({
  file: z.string(),
  state: z.enum(['valid', 'missing', 'invalid']),
  revision: z.string().nullable(),
  /** The document as written: keys the person left out stay out. */
  document: z.record(z.string(), z.unknown()).nullable(),
  policy: policySchema,
  issues: z.array(policyIssue),
});
const policyVersion = z.object({ id: z.string(), savedAt: z.string(), bytes: z.number() });

const logFilter = z.strictObject({
  levels: z.array(z.string().max(16)).max(10).optional(),
  tool: z.string().max(80).optional(),
  decision: z.enum(['allowed', 'refused']).optional(),
  kind: z.enum(['event', 'audit']).optional(),
  pid: z.int().positive().optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  text: z.string().max(200).optional(),
});
const logCursor = z.strictObject({ file: z.string().max(200), offset: z.int().min(0) });
const logEntry = z.object({
  timestamp: z.string(),
  level: z.string(),
  message: z.string(),
  kind: z.enum(['event', 'audit']),
  pid: z.number().nullable(),
  tool: z.string().optional(),
  decision: z.enum(['allowed', 'refused']).optional(),
  code: z.string().optional(),
  durationMs: z.number().optional(),
  client: z.string().optional(),
  paths: z.array(z.string()).optional(),
  database: z.string().optional(),
  statementKind: z.string().optional(),
  details: z.record(z.string(), z.string()),
});

const healthSample = z.object({
  at: z.string(),
  callsPerMinute: z.number(),
  refusalsPerMinute: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  activeCalls: z.number(),
  rssBytes: z.number().nullable(),
});
const healthSnapshot = z.object({
  checkedAt: z.string(),
  overall: z.enum(['none', ...healthStatusSchema.options]),
  paused: z.boolean(),
  instances: z.array(
    z.object({
      instance: instanceFileSchema,
      status: healthStatusSchema,
      problem: z.string().nullable(),
      health: healthResponseSchema.nullable(),
      totals: z.object({ calls: z.number(), refusals: z.number() }),
      history: z.array(healthSample),
    }),
  ),
});

const claudeStatus = z.object({
  configFile: z.string(),
  installed: z.boolean(),
  configExists: z.boolean(),
  problem: z.string().nullable(),
  entry: z.enum(['absent', 'current', 'different']),
  otherServers: z.array(z.string()),
});
// Security: no `text`: the Claude config holds other servers' settings (tokens in their env, too),
// which the dashboard has no business seeing. Parsing with this schema strips it.
const claudeChange = z.object({
  configFile: z.string(),
  changed: z.boolean(),
  backupFile: z.string().nullable(),
  dryRun: z.boolean(),
});
const serverLaunch = z.object({
  command: z.string(),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()),
});
const selfTestReport = z.object({
  ok: z.boolean(),
  launch: serverLaunch,
  steps: z.array(
    z.object({
      name: z.enum(['launch', 'handshake', 'list tools', 'list_allowed_directories']),
      status: z.enum(['ok', 'warn', 'fail']),
      durationMs: z.number(),
      detail: z.string(),
    }),
  ),
  stderrTail: z.string(),
});
const clientSnippet = z.object({
  client: z.enum(['claude-code', 'cursor', 'vscode']),
  title: z.string(),
  where: z.string(),
  text: z.string(),
});
const appInfo = z.object({
  version: z.string(),
  home: z.string(),
  policyFile: z.string(),
  logFile: z.string(),
  platform: z.string(),
  startAtLogin: z.boolean(),
});

// ---- the contract ----------------------------------------------------------------------------------

/** One method: the single argument it takes and the value it answers. */
interface MethodSpec<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  reply: Res;
}
const method = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, reply: Res): MethodSpec<Req, Res> => ({
  request,
  reply,
});

/** Every renderer -> main call: its argument and its reply. Names and channels: ipc-channels.ts. */
export const IPC_METHODS = {
  // Permissions
  getPolicy: method(none, policyStatus),
  validatePolicy: method(
    z.strictObject({ document: z.unknown() }),
    z.object({ ok: z.boolean(), issues: z.array(policyIssue) }),
  ),
  savePolicy: method(
    z.strictObject({ document: z.unknown(), baseRevision: z.string().max(64).nullable() }),
    policyStatus,
  ),
  addRoot: method(z.strictObject({ path: absolutePath, access }), policyStatus),
  removeRoot: method(z.strictObject({ path: absolutePath }), policyStatus),
  addDatabase: method(z.strictObject({ name, path: absolutePath, access }), policyStatus),
  removeDatabase: method(z.strictObject({ name }), policyStatus),
  setToolEnabled: method(z.strictObject({ tool: z.string().min(1).max(80), enabled: z.boolean() }), policyStatus),
  setPaused: method(z.strictObject({ paused: z.boolean() }), policyStatus),
  listPolicyVersions: method(none, z.array(policyVersion)),
  undoPolicy: method(none, policyStatus),
  restorePolicyVersion: method(z.strictObject({ id: z.string().min(1).max(64) }), policyStatus),
  chooseFolder: method(none, z.object({ path: z.string().nullable() })),
  chooseDatabaseFile: method(none, z.object({ path: z.string().nullable() })),
  // Secrets: names out, values in, never a value out.
  listSecrets: method(none, z.array(z.string())),
  setSecret: method(
    z.strictObject({
      name,
      value: z
        .string()
        .min(1)
        .max(16 * 1024),
    }),
    done,
  ),
  deleteSecret: method(z.strictObject({ name }), done),
  // Logs
  queryLogs: method(
    z.strictObject({ filter: logFilter, limit: z.int().min(1).max(1000), before: logCursor.optional() }),
    z.object({ entries: z.array(logEntry), next: logCursor.nullable(), scannedBytes: z.number() }),
  ),
  followLogs: method(z.strictObject({ filter: logFilter }), done),
  unfollowLogs: method(none, done),
  openLogsFolder: method(none, done),
  // Overview
  getHealth: method(none, healthSnapshot),
  // Connect
  getClaudeStatus: method(none, claudeStatus),
  connectClaude: method(none, claudeChange),
  disconnectClaude: method(none, claudeChange),
  runSelfTest: method(none, selfTestReport),
  getClientSnippets: method(none, z.array(clientSnippet)),
  // App
  getAppInfo: method(none, appInfo),
  setStartAtLogin: method(z.strictObject({ enabled: z.boolean() }), done),
} as const satisfies Record<IpcMethod, MethodSpec<z.ZodType, z.ZodType>>;

/** Every main -> renderer event's payload. */
export const IPC_EVENTS = {
  policyChanged: policyStatus,
  healthChanged: healthSnapshot,
  /** New log lines matching the current follow; `dropped` counts lines left out to keep up. */
  logEntries: z.object({ entries: z.array(logEntry), dropped: z.number() }),
} as const satisfies Record<IpcEvent, z.ZodType>;

/** What every call answers: nothing throws across the bridge. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** The argument a method takes (as the caller writes it). */
export type IpcRequest<M extends IpcMethod> = z.input<(typeof IPC_METHODS)[M]['request']>;
/** The value a method answers (as the renderer receives it). */
export type IpcReply<M extends IpcMethod> = z.output<(typeof IPC_METHODS)[M]['reply']>;
/** The payload of an event. */
export type IpcEventPayload<E extends IpcEvent> = z.output<(typeof IPC_EVENTS)[E]>;

/** `window.gatehouse`: one function per method, one `on…` subscription per event. */
export type GatehouseApi = {
  [M in IpcMethod]: IpcRequest<M> extends undefined
    ? () => Promise<IpcResult<IpcReply<M>>>
    : (request: IpcRequest<M>) => Promise<IpcResult<IpcReply<M>>>;
} & {
  [E in IpcEvent as `on${Capitalize<E>}`]: (listener: (payload: IpcEventPayload<E>) => void) => () => void;
};
