/**
 * The BUILT dashboard in real headless Chromium, wired to a real admin core. The shell's main process
 * runs as it does in the app (startShell, with the one fake `electron`); the page gets the real preload,
 * whose `ipcRenderer` crosses to main's own IPC gate through a Playwright binding, and main's events come
 * back the same way. Pages are served from 127.0.0.1 by the shell's own protocol handler (with its CSP),
 * so nothing the page sees is canned. Only Electron's own APIs are faked: the pickers answer what a test
 * queues with pickNext().
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { APP_START_URL } from '../../electron/core/app-security.js';
import { startShell, type Shell } from '../../electron/main.js';
import { testCore, type TestCore } from '../electron/shell-helpers.js';
import {
  dialog,
  invokeMain,
  protocol,
  resetFakeElectron,
  type FakeFrame,
  type FakeWebContents,
} from '../mocks/electron.js';

/** The built renderer; `npm test` builds before it runs the tests. */
export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../dist/renderer');
const PRELOAD = path.resolve(import.meta.dirname, '../../electron/preload.ts');
const PAGE_ELECTRON = path.resolve(import.meta.dirname, '../mocks/electron-renderer.ts');
/** Where the tests leave screenshots (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/** The window size the shell opens the dashboard with. */
export const WINDOW = { width: 1100, height: 760 } as const;

/** A Chromium with a fresh profile; close() removes the profile too. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Debian's chromium headless with a fresh user data dir. */
export async function launchBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-chromium-'));
  // launchPersistentContext passes the fresh profile as --user-data-dir (launch() refuses that flag).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: WINDOW,
    reducedMotion: 'reduce',
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

let preloadBundle: Promise<string> | undefined;

/** The real preload, bundled for a page with the renderer half of the fake electron. */
function preloadForPage(): Promise<string> {
  preloadBundle ??= build({
    entryPoints: [PRELOAD],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome140',
    alias: { electron: PAGE_ELECTRON },
    logLevel: 'warning',
  }).then((result) => result.outputFiles[0]!.text);
  return preloadBundle;
}

/** Serves the shell's protocol handler (the app's files, with its CSP) over HTTP on 127.0.0.1. */
async function serveApp(): Promise<{ origin: string; close(): Promise<void> }> {
  const handler = protocol.handlers.get('gatehouse')!;
  const server = http.createServer((request, response) => {
    void (async () => {
      const answer = await handler(new Request(new URL(request.url ?? '/', APP_START_URL)));
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Chromium keeps idle keep-alive sockets for the origin; close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}

/** The frame as Electron would report it: our origin stands for the app scheme, anything else stays foreign. */
function senderFrame(frame: Frame, origin: string): FakeFrame {
  const url = frame.url();
  const parent = frame.parentFrame();
  return {
    url: url.startsWith(`${origin}/`) ? `gatehouse://app/${url.slice(origin.length + 1)}` : url,
    parent: parent ? senderFrame(parent, origin) : null,
  };
}

/** An open dashboard over its own Gatehouse home. */
export interface Dashboard {
  page: Page;
  t: TestCore;
  shell: Shell;
  /** Console errors, failed loads and uncaught exceptions of the page (a CSP violation lands here). */
  problems: string[];
  /** The next native folder or file picker answers this path (or a cancel for null). */
  pickNext(path: string | null): void;
  /** Shows a page by its navigation button. */
  go(name: 'Overview' | 'Permissions' | 'Secrets' | 'Logs' | 'Connect'): Promise<void>;
  close(): Promise<void>;
}

/** How a dashboard is opened. */
export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  /** Runs on the fresh core before the shell starts: write a policy, a Claude config, a secret... */
  prepare?: (t: TestCore) => void | Promise<void>;
}

/** Starts the shell over a fresh core and opens its dashboard in a new page of `browser`. */
export async function openDashboard(browser: Browser, options: OpenOptions = {}): Promise<Dashboard> {
  resetFakeElectron();
  const t = testCore();
  await options.prepare?.(t);
  const shell = (await startShell({ core: t.core, rendererDir: RENDERER_DIR, preload: 'bundled-for-the-page' }))!;
  const contents = shell.dashboard()!.webContents as unknown as FakeWebContents;
  const served = await serveApp();
  const page = await browser.context.newPage();
  // Shorter than the test's own timeout, so a missing element fails with its locator, not a bare timeout.
  page.setDefaultTimeout(10_000);
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light' });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.exposeBinding('__electronInvoke', ({ frame }, channel: string, argument: unknown) =>
    invokeMain(channel, argument, { sender: contents, senderFrame: senderFrame(frame, served.origin) }),
  );
  let open = true;
  // Events reach the page in the order main sent them, as over Electron's IPC: whatever queued up while
  // one delivery was under way goes in the next one, so a busy machine never builds a backlog.
  let queued: Array<[string, unknown]> = [];
  let delivering = false;
  const deliver = async () => {
    if (delivering) return;
    delivering = true;
    while (open && queued.length > 0) {
      const batch = queued;
      queued = [];
      const emit = (events: Array<[string, unknown]>) => {
        const target = globalThis as { __electronEmit?: (channel: string, payload: unknown) => void };
        for (const [channel, payload] of events) target.__electronEmit?.(channel, payload);
      };
      await page.evaluate(emit, batch).catch(() => {});
    }
    delivering = false;
  };
  contents.send = (channel: string, payload: unknown) => {
    if (!open) return;
    queued.push([channel, payload]);
    void deliver();
  };
  await page.addInitScript({ content: await preloadForPage() });
  await page.goto(`${served.origin}/index.html`);
  // The profile's first tab stays open: the dashboard must be the focused page (clipboard, focus tests).
  await page.bringToFront();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  return {
    page,
    t,
    shell,
    problems,
    pickNext(picked) {
      dialog.nextOpenResult =
        picked === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [picked] };
    },
    async go(name) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
    },
    async close() {
      open = false;
      await page.close();
      await served.close();
      await shell.stop();
      await t.cleanup();
    },
  };
}

/**
 * Saves the whole page as test-results/screenshots/<name>.png, `width` pixels wide (the window's by
 * default). The content column scrolls on its own, so the window is made as tall as that content for
 * the picture, then put back.
 */
export async function screenshot(page: Page, name: string, width: number = WINDOW.width): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.setViewportSize({ width, height: WINDOW.height });
  const height = await page.evaluate<number>("document.querySelector('main')?.scrollHeight ?? 0");
  await page.setViewportSize({ width, height: Math.max(WINDOW.height, Math.ceil(height)) });
  await page.screenshot({ path: file });
  await page.setViewportSize(WINDOW);
  return file;
}

/** The narrowest window the shell allows (electron/shell/dashboard.ts). */
export const NARROW_WINDOW = { width: 720, height: 480 } as const;
