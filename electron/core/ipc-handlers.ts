/**
 * What each IPC method does, over the admin core. Plain Node: main wires these to `ipcMain` through
 * its one `handle()`, which has already checked the sender and parsed the argument. The few actions
 * that need Electron (dialogs, the shell, login items) come in as `ShellActions`.
 */
import fs from 'node:fs/promises';
import type { IpcEventPayload, IpcMethod, IPC_METHODS } from '../ipc-contract.js';
import type { z } from 'zod';
import type { AdminCore } from './admin-core.js';
import type { LogEntry } from './log-entry.js';
import type { LogFollow } from './log-reader.js';

/** The Electron-side actions the handlers need. */
export interface ShellActions {
  chooseFolder(): Promise<string | null>;
  chooseDatabaseFile(): Promise<string | null>;
  openPath(path: string): Promise<void>;
  startAtLogin(): boolean;
  setStartAtLogin(enabled: boolean): void;
  appVersion(): string;
  /** Sends an event to the dashboard, if it is open. */
  send<E extends 'logEntries'>(event: E, payload: IpcEventPayload<E>): void;
}

/** One handler per method: the parsed argument in, a value matching the reply schema out. */
export type IpcHandlers = {
  [M in IpcMethod]: (
    request: z.output<(typeof IPC_METHODS)[M]['request']>,
  ) => Promise<z.input<(typeof IPC_METHODS)[M]['reply']>>;
};

/** The running handlers; close() stops a log follow. */
export interface IpcHandlerSet {
  handlers: IpcHandlers;
  close(): Promise<void>;
}

/** How often followed log lines are sent, and how many at most each time. */
const LOG_BATCH_MS = 250;
const LOG_BATCH_MAX = 500;

/** Builds the handlers over a core. */
export function createIpcHandlers(core: AdminCore, shell: ShellActions): IpcHandlerSet {
  const { policy, secrets, logs, health, claude } = core;
  let follow: { watch: LogFollow; timer: NodeJS.Timeout } | undefined;
  const stopFollowing = async () => {
    if (!follow) return;
    clearInterval(follow.timer);
    await follow.watch.close();
    follow = undefined;
  };

  const handlers: IpcHandlers = {
    getPolicy: () => policy.read(),
    validatePolicy: async ({ document }) => {
      const result = policy.validate(document);
      return result.ok ? { ok: true, issues: [] } : { ok: false, issues: result.issues };
    },
    savePolicy: ({ document, baseRevision }) => policy.save(document, { baseRevision }),
    addRoot: ({ path, access }) => policy.edit({ kind: 'addRoot', path, access }),
    removeRoot: ({ path }) => policy.edit({ kind: 'removeRoot', path }),
    addDatabase: ({ name, path, access }) => policy.edit({ kind: 'addDatabase', name, path, access }),
    removeDatabase: ({ name }) => policy.edit({ kind: 'removeDatabase', name }),
    setToolEnabled: ({ tool, enabled }) => policy.edit({ kind: 'setTool', tool, enabled }),
    setPaused: ({ paused }) => policy.edit({ kind: 'setPaused', paused }),
    listPolicyVersions: () => policy.versions(),
    undoPolicy: () => policy.undo(),
    restorePolicyVersion: ({ id }) => policy.restore(id),
    chooseFolder: async () => ({ path: await shell.chooseFolder() }),
    chooseDatabaseFile: async () => ({ path: await shell.chooseDatabaseFile() }),
    listSecrets: () => secrets.list(),
    setSecret: async ({ name, value }) => {
      await secrets.set(name, value);
      return null;
    },
    deleteSecret: async ({ name }) => {
      await secrets.delete(name);
      return null;
    },
    queryLogs: ({ filter, limit, before }) => logs.page(filter, limit, before),
    followLogs: async ({ filter }) => {
      await stopFollowing();
      // Lines are gathered and sent a few times a second, so a busy server cannot flood the window.
      let pending: LogEntry[] = [];
      let dropped = 0;
      const watch = await logs.follow(filter, (entries) => {
        pending.push(...entries);
        if (pending.length > LOG_BATCH_MAX) {
          dropped += pending.length - LOG_BATCH_MAX;
          pending = pending.slice(-LOG_BATCH_MAX);
        }
      });
      const timer = setInterval(() => {
        if (pending.length === 0) return;
        shell.send('logEntries', { entries: pending, dropped });
        pending = [];
        dropped = 0;
      }, LOG_BATCH_MS);
      timer.unref();
      follow = { watch, timer };
      return null;
    },
    unfollowLogs: async () => {
      await stopFollowing();
      return null;
    },
    openLogsFolder: async () => {
      // The folder appears with the first server; opening it before then should still work.
      await fs.mkdir(core.paths.logsDir, { recursive: true, mode: 0o700 });
      await shell.openPath(core.paths.logsDir);
      return null;
    },
    getHealth: () => health.poll(),
    getClaudeStatus: () => claude.status(),
    connectClaude: () => claude.connect(),
    disconnectClaude: () => claude.remove(),
    runSelfTest: () => core.selfTest(),
    getClientSnippets: async () => core.snippets(),
    getAppInfo: async () => ({
      version: shell.appVersion(),
      home: core.paths.home,
      policyFile: core.paths.policyFile,
      logFile: core.paths.logFile,
      platform: process.platform,
      startAtLogin: shell.startAtLogin(),
    }),
    setStartAtLogin: async ({ enabled }) => {
      shell.setStartAtLogin(enabled);
      return null;
    },
  };
  return { handlers, close: stopFollowing };
}
