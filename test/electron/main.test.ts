import fs from 'node:fs';
import path from 'node:path';
import keytar from 'keytar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IPC_METHOD_NAMES, IPC_METHODS, methodChannel, type IpcMethod } from '../../electron/ipc-contract.js';
import { startShell, type Shell } from '../../electron/main.js';
import { tempDir, writeFile } from '../helpers/temp.js';
import {
  app,
  FakeWebContents,
  handledChannels,
  protocol,
  resetFakeElectron,
  session,
  windows,
} from '../mocks/electron.js';
import { APP_FRAME, call, startTestShell, testCore, type TestCore } from './shell-helpers.js';

let t: TestCore;
let running: Shell;

beforeEach(async () => {
  ({ t, shell: running } = await startTestShell());
});
afterEach(async () => {
  await running?.stop();
  await t.cleanup();
});

const dashboard = () => windows.at(-1)!;
const contents = () => dashboard().webContents;

/** A valid argument for every method: the table must name them all (the compiler checks). */
function validArguments(): Record<IpcMethod, unknown> {
  const folder = tempDir();
  const db = writeFile(path.join(folder, 'notes.db'), '');
  return {
    getPolicy: undefined,
    validatePolicy: { document: { version: 1 } },
    savePolicy: { document: { version: 1, paused: false }, baseRevision: null },
    addRoot: { path: folder, access: 'read' },
    removeRoot: { path: folder },
    addDatabase: { name: 'notes', path: db, access: 'read' },
    removeDatabase: { name: 'notes' },
    setToolEnabled: { tool: 'list_allowed_directories', enabled: false },
    setPaused: { paused: false },
    listPolicyVersions: undefined,
    undoPolicy: undefined,
    restorePolicyVersion: { id: 'placeholder' },
    chooseFolder: undefined,
    chooseDatabaseFile: undefined,
    listSecrets: undefined,
    setSecret: { name: 'api-key', value: 'sk-test' },
    deleteSecret: { name: 'api-key' },
    queryLogs: { filter: {}, limit: 10 },
    followLogs: { filter: { kind: 'audit' } },
    unfollowLogs: undefined,
    openLogsFolder: undefined,
    getHealth: undefined,
    getClaudeStatus: undefined,
    connectClaude: undefined,
    disconnectClaude: undefined,
    runSelfTest: undefined,
    getClientSnippets: undefined,
    getAppInfo: undefined,
    setStartAtLogin: { enabled: false },
  };
}

describe('the shell (main process, fake electron, real admin core)', () => {
  it('registers a handler for every contract method and nothing else', () => {
    expect(handledChannels().sort()).toEqual(IPC_METHOD_NAMES.map(methodChannel).sort());
  });

  it('answers every method with a reply that matches its schema, in contract order', async () => {
    const args = validArguments();
    for (const method of IPC_METHOD_NAMES) {
      if (method === 'restorePolicyVersion') {
        const [version] = (await t.core.policy.versions()) ?? [];
        args.restorePolicyVersion = { id: version!.id };
      }
      const result = await call(method, args[method], contents());
      expect({ method, result }).toMatchObject({ method, result: { ok: true } });
      expect(() => IPC_METHODS[method].reply.parse(result.value)).not.toThrow();
    }
  });

  it.each(IPC_METHOD_NAMES)(
    'validates the argument of %s: a wrong one is INVALID_INPUT and runs nothing',
    async (method) => {
      const before = fs.existsSync(path.join(t.home, 'policy.json'));
      const wrong = IPC_METHODS[method].request.safeParse(undefined).success ? { unexpected: true } : 'not an object';
      const result = await call(method, wrong, contents());
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(fs.existsSync(path.join(t.home, 'policy.json'))).toBe(before);
    },
  );

  it.each([
    ['a relative path (resolved against main)', 'addRoot', { path: 'Documents', access: 'write' }],
    ['a NUL byte in a path', 'addRoot', { path: '/tmp/\0/etc', access: 'read' }],
    ['an access level beyond write', 'addRoot', { path: '/tmp', access: 'admin' }],
    ['an extra key (prototype pollution)', 'setPaused', { paused: true, __proto__: { polluted: true }, extra: 1 }],
    ['a secret value that is not text', 'setSecret', { name: 'x', value: { toString: 'evil' } }],
    ['a 1 MB secret', 'setSecret', { name: 'x', value: 'v'.repeat(1 << 20) }],
    ['a log page of a million lines', 'queryLogs', { filter: {}, limit: 1_000_000 }],
    ['a negative log cursor', 'queryLogs', { filter: {}, limit: 5, before: { file: 'x', offset: -1 } }],
    ['a time filter that is not a time', 'queryLogs', { filter: { since: 'yesterday' }, limit: 5 }],
  ] as const)('refuses %s', async (_attack, method, argument) => {
    const result = await call(method, argument, contents());
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(fs.existsSync(path.join(t.home, 'policy.json'))).toBe(false);
  });

  it.each([
    ['another site in the main frame', () => contents(), { url: 'https://evil.example/', parent: null }],
    ['a file:// page', () => contents(), { url: 'file:///tmp/evil.html', parent: null }],
    ['a look-alike host', () => contents(), { url: 'gatehouse://app.evil/index.html', parent: null }],
    [
      'credentials smuggled into the authority',
      () => contents(),
      { url: 'gatehouse://app@evil/index.html', parent: null },
    ],
    ['a subframe of the app page', () => contents(), { url: 'gatehouse://app/index.html', parent: APP_FRAME }],
    ['a frame that is gone', () => contents(), null],
    ['the app URL in a window that is not the dashboard', () => new FakeWebContents(), APP_FRAME],
  ] as const)('rejects a message from %s and runs nothing', async (_name, sender, frame) => {
    const result = await call('setPaused', { paused: true }, sender(), frame);
    expect(result).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } });
    expect(fs.existsSync(path.join(t.home, 'policy.json'))).toBe(false);
  });

  it('opens the dashboard locked down: isolation, sandbox, no Node, the preload, the app scheme', () => {
    const { webPreferences } = dashboard().options as { webPreferences: Record<string, unknown> };
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/dist/electron/preload.cjs',
    });
    expect(dashboard().loadedUrl).toBe('gatehouse://app/index.html');
    expect(protocol.privileged).toEqual([
      expect.objectContaining({
        scheme: 'gatehouse',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
  });

  it('blocks navigation away, new windows and webviews', () => {
    const prevented = (event: string, ...args: unknown[]) => {
      let stopped = false;
      contents().emit(event, { preventDefault: () => (stopped = true), ...(args[1] as object) }, args[0]);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'gatehouse://app/settings.html')).toBe(false);
    expect(prevented('will-frame-navigate', undefined, { isMainFrame: false, url: 'gatehouse://app/x.html' })).toBe(
      true,
    );
    expect(prevented('will-attach-webview')).toBe(true);
    expect(contents().windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      session.defaultSession.permissionRequestHandler!(contents(), permission, (granted: boolean) =>
        answers.push(granted),
      );
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(session.defaultSession.permissionCheckHandler!(contents(), 'media', 'gatehouse://app', {})).toBe(false);
  });

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const handler = protocol.handlers.get('gatehouse')!;
    const page = await handler(new Request('gatehouse://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'/);
    expect(await page.text()).toContain('<title>Gatehouse</title>');
    writeFile(path.join(path.dirname(t.rendererDir), 'secret.html'), 'secret');
    for (const url of [
      'gatehouse://app/../secret.html',
      'gatehouse://app/%2e%2e/secret.html',
      'gatehouse://app/..%2fsecret.html',
    ]) {
      expect((await handler(new Request(url))).status).toBe(404);
    }
  });

  it('keeps a secret value out of every reply once saved', async () => {
    const saved = await call('setSecret', { name: 'github-token', value: 'ghp_never_shown' }, contents());
    expect(saved).toEqual({ ok: true, value: null });
    expect(await keytar.getPassword(t.service, 'github-token')).toBe('ghp_never_shown');
    const listed = await call('listSecrets', undefined, contents());
    expect(listed).toEqual({ ok: true, value: ['github-token'] });
    expect(JSON.stringify(listed)).not.toContain('ghp_never_shown');
  });

  it("never sends the Claude config's text (other servers' tokens) to the dashboard", async () => {
    writeFile(t.claudeFile, JSON.stringify({ mcpServers: { github: { command: 'x', env: { TOKEN: 'ghp_other' } } } }));
    const result = await call('connectClaude', undefined, contents());
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('ghp_other');
  });

  it('refuses a second instance and shows the first one its window', async () => {
    resetFakeElectron();
    app.singleInstance = false;
    expect(await startShell({ core: testCore().core })).toBeNull();
    expect(app.quitCalls).toBe(1);
    expect(windows).toHaveLength(0);
  });

  it('brings the dashboard back when a second instance starts, and stays in the tray when it is closed', () => {
    dashboard().close();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(0);
    app.emit('second-instance');
    expect(windows).toHaveLength(2);
    expect(running.dashboard()).toBe(windows[1]);
  });
});
