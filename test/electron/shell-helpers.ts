/** A real admin core over a temp home, for the shell tests, and a way to talk to main as a frame. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import keytar from 'keytar';
import { createAdminCore, type AdminCore } from '../../electron/core/admin-core.js';
import { startShell, type Shell } from '../../electron/main.js';
import { resolveAdminPaths } from '../../electron/core/admin-paths.js';
import { serverLaunch } from '../../electron/core/server-launch.js';
import { methodChannel, type IpcMethod } from '../../electron/ipc-contract.js';
import { SERVER_ENTRY } from '../helpers/spawn-server.js';
import { tempDir, writeFile } from '../helpers/temp.js';
import { invokeMain, resetFakeElectron, type FakeFrame, type FakeWebContents } from '../mocks/electron.js';

/** The app's own page, as the dashboard's main frame reports it. */
export const APP_FRAME: FakeFrame = { url: 'gatehouse://app/index.html', parent: null };

/** A core with its own home, Claude config folder, renderer folder and keychain service. */
export interface TestCore {
  core: AdminCore;
  home: string;
  claudeFile: string;
  rendererDir: string;
  service: string;
  /** Deletes what this core put in the keychain. */
  cleanup(): Promise<void>;
}

/** Builds a real core for the shell; the server it launches is the built one. */
export function testCore(): TestCore {
  const home = tempDir('gatehouse-home-');
  const service = `Gatehouse-shell-test-${randomBytes(6).toString('hex')}`;
  const paths = resolveAdminPaths({
    env: { GATEHOUSE_HOME: home, GATEHOUSE_KEYCHAIN_SERVICE: service },
    platform: process.platform,
    homedir: home,
    cwd: home,
  });
  const claudeDir = tempDir('claude-');
  const claudeFile = path.join(claudeDir, 'claude_desktop_config.json');
  const rendererDir = tempDir('renderer-');
  writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  const core = createAdminCore({
    paths,
    launch: serverLaunch({ execPath: process.execPath, serverScript: SERVER_ENTRY, electron: false, paths }),
    claude: { configFile: claudeFile, installMarkers: [claudeDir] },
    healthIntervalMs: 100,
  });
  return {
    core,
    home,
    claudeFile,
    rendererDir,
    service,
    async cleanup() {
      for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
    },
  };
}

/** A fresh fake electron and the shell started on a new test core, as the app starts it. */
export async function startTestShell(): Promise<{ t: TestCore; shell: Shell }> {
  resetFakeElectron();
  const t = testCore();
  const shell = (await startShell({
    core: t.core,
    rendererDir: t.rendererDir,
    preload: '/app/dist/electron/preload.cjs',
  }))!;
  return { t, shell };
}

/** Calls a method as the renderer would, from a given frame of a given window. */
export function call(
  method: IpcMethod,
  argument: unknown,
  sender: FakeWebContents | object,
  frame: FakeFrame | null = APP_FRAME,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return invokeMain(methodChannel(method), argument, { sender, senderFrame: frame }) as never;
}
