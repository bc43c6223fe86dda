/**
 * The Electron main process: wiring only. One instance per user; a tray icon that follows health and
 * pause; the locked-down dashboard window; every IPC method through one gate. All logic is in the
 * admin core (electron/core/), which never imports electron.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, shell, type WebContents } from 'electron';
import { GatehouseError, toErrorPayload } from '../server/errors.js';
import { adminCoreFromProcess, type AdminCore } from './core/admin-core.js';
import { trayIconDir } from './core/app-layout.js';
import { createIpcHandlers, type ShellActions } from './core/ipc-handlers.js';
import type { TrayState } from './core/tray-model.js';
import { createDashboardWindow, registerAppScheme, secureSession } from './shell/dashboard.js';
import { registerIpcHandlers, sendEvent, type ShellLog } from './shell/ipc.js';
import { createTray, type TrayActions } from './shell/tray.js';

/** What the shell is started with; tests pass a core over a temp home. */
export interface ShellOptions {
  core?: AdminCore;
  /** The built renderer (`npm run build:renderer`); default: dist/renderer beside dist/electron. */
  rendererDir?: string;
  /** The bundled preload (`npm run build:preload`). */
  preload?: string;
  /** Started at login: stay in the tray instead of opening the window. */
  hidden?: boolean;
}

/** The running shell. */
export interface Shell {
  core: AdminCore;
  openDashboard(): BrowserWindow;
  dashboard(): BrowserWindow | undefined;
  state(): TrayState;
  stop(): Promise<void>;
}

const log: ShellLog = (level, message, meta) =>
  process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...meta })}\n`);

/** Starts the tray app; null when another instance already runs (it is asked to show its window). */
export async function startShell(options: ShellOptions = {}): Promise<Shell | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  registerAppScheme();
  await app.whenReady();
  const core = options.core ?? adminCoreFromProcess();
  secureSession(options.rendererDir ?? path.resolve(import.meta.dirname, '../renderer'));
  const preload = options.preload ?? path.resolve(import.meta.dirname, 'preload.cjs');
  // The tray creates the status token, so servers started from now on and the tray agree on it.
  await core.secrets.statusToken().catch((error: unknown) => log('warn', 'no status token', { error: String(error) }));

  let window: BrowserWindow | undefined;
  const ours = (contents: WebContents) =>
    window !== undefined && !window.isDestroyed() && window.webContents === contents;
  const openDashboard = () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return window;
    }
    const created = createDashboardWindow(preload);
    created.on('closed', () => (window = window === created ? undefined : window));
    window = created;
    return created;
  };

  let state: TrayState = {
    overall: 'none',
    paused: (await core.policy.read()).policy.paused,
    instances: 0,
    startAtLogin: app.getLoginItemSettings().openAtLogin,
    claudeConnected: false,
  };
  const refresh = (patch: Partial<TrayState>) => {
    state = { ...state, ...patch };
    tray.update(state);
  };

  const shellActions: ShellActions = {
    chooseFolder: async () => {
      const result = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseDatabaseFile: async () => {
      const filters = [{ name: 'SQLite databases', extensions: ['db', 'sqlite', 'sqlite3', 'db3'] }];
      const result = await dialog.showOpenDialog({ properties: ['openFile'], filters });
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    openPath: async (target) => {
      const problem = await shell.openPath(target);
      if (problem)
        throw new GatehouseError('INTERNAL_ERROR', `Cannot open ${target}: ${problem}`, { category: 'external_error' });
    },
    startAtLogin: () => app.getLoginItemSettings().openAtLogin,
    setStartAtLogin: (enabled) => {
      app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
      refresh({ startAtLogin: enabled });
    },
    appVersion: () => app.getVersion(),
    send: (event, payload) => sendEvent(window?.webContents, event, payload),
  };
  const ipc = createIpcHandlers(core, shellActions);
  const unregister = registerIpcHandlers(ipcMain, ipc.handlers, ours, log);

  // A failed tray action is shown, never thrown into Electron's event loop.
  const guarded = (run: () => Promise<unknown>) => async () => {
    try {
      await run();
    } catch (error) {
      dialog.showErrorBox('Gatehouse', toErrorPayload(error).message);
    }
  };
  const actions: TrayActions = {
    open: openDashboard,
    togglePause: guarded(async () => {
      const status = await core.policy.edit({ kind: 'setPaused', paused: !state.paused });
      refresh({ paused: status.policy.paused });
    }),
    connectClaude: guarded(async () => {
      const change = await core.claude.connect();
      refresh({ claudeConnected: true });
      await dialog.showMessageBox({
        type: 'info',
        message: change.changed
          ? 'Gatehouse is now connected to Claude Desktop.'
          : 'Claude Desktop was already connected.',
        detail: change.changed ? 'Restart Claude Desktop to pick up the change.' : '',
      });
    }),
    openLogs: guarded(() => ipc.handlers.openLogsFolder(undefined)),
    toggleStartAtLogin: () => shellActions.setStartAtLogin(!state.startAtLogin),
    quit: () => app.quit(),
  };
  const iconDir = trayIconDir({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath ?? '',
    appRoot: path.resolve(import.meta.dirname, '../..'),
  });
  const tray = createTray(state, actions, { iconDir, platform: process.platform });

  const policyWatch = await core.policy.watch((status) => {
    refresh({ paused: status.policy.paused });
    sendEvent(window?.webContents, 'policyChanged', status);
  });
  core.health.start((snapshot) => {
    refresh({ overall: snapshot.overall, instances: snapshot.instances.length });
    sendEvent(window?.webContents, 'healthChanged', snapshot);
  });
  void core.claude
    .status()
    .then((status) => refresh({ claudeConnected: status.entry === 'current' }))
    .catch(() => {});

  app.on('second-instance', () => void openDashboard());
  // A tray app stays running with its window closed; Quit in the tray menu ends it.
  app.on('window-all-closed', () => {});
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    core.health.stop();
    unregister();
    tray.destroy();
    await Promise.allSettled([policyWatch.close(), ipc.close()]);
  };
  app.on('before-quit', () => void stop());
  if (!options.hidden) openDashboard();
  return { core, openDashboard, dashboard: () => window, state: () => state, stop };
}

// Runs only inside Electron: tests import this module with a fake `electron` and call startShell().
if (process.versions.electron) void startShell({ hidden: process.argv.includes('--hidden') });
