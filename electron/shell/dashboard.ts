/**
 * The dashboard window, locked down: context isolation, sandbox, no Node in the page, a strict CSP,
 * pages served from the app's own scheme (never file://), navigation and new windows blocked,
 * every permission request denied.
 */
import fs from 'node:fs/promises';
import { BrowserWindow, protocol, session, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { APP_SCHEME, APP_START_URL, CONTENT_SECURITY_POLICY, isAppUrl, resolveAppFile } from '../core/app-security.js';

/** The window options: the security-relevant ones are fixed here and tested. */
export function dashboardWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Gatehouse',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/** Must run before the app is ready: the app's scheme behaves like https (secure, standard). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } },
  ]);
}

/** Serves the built renderer on the app's scheme, each answer with the CSP; denies every permission. */
export function secureSession(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const found = resolveAppFile(rendererDir, request.url);
    if (!found) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(found.file);
      return new Response(body, {
        headers: {
          'content-type': found.type,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  // Security: the dashboard needs no camera, notifications, clipboard or anything else a page may ask.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Blocks every way out of the app's page for one window's contents. */
export function lockDownContents(contents: WebContents): void {
  // Security: no navigation away from the app, by link, redirect or script.
  const stay = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame || !isAppUrl(event.url)) event.preventDefault();
  });
  // Security: no new windows, no embedded webviews.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Creates the dashboard window on the app's start page. */
export function createDashboardWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow(dashboardWindowOptions(preload));
  lockDownContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_START_URL);
  return window;
}
