/**
 * The dashboard's security rules as plain data and functions, so they are tested without Electron:
 * the one origin the app's own page has, the content security policy, and the mapping from an app
 * URL to a file of the built renderer that can never leave its folder.
 */
import path from 'node:path';

/** The custom scheme the dashboard is served from (not file://, which would let it read any file). */
export const APP_SCHEME = 'gatehouse';
/** The host of every app URL. */
export const APP_HOST = 'app';
/** The dashboard's start page. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Scripts, styles, images and fonts from the app itself only; no inline scripts, no eval, no network
 * (the dashboard talks only through the preload), no frames, no plugins, no forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** True only for a URL of the app's own page (scheme, host, and nothing smuggled in the authority). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Security: `gatehouse://app@evil/` has host `evil`; `gatehouse://app:1/` a port: neither is ours.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}

/** Content types of the files a built renderer has. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The file an app URL names inside `root`, with its content type; null for anything else. */
export function resolveAppFile(root: string, url: string): { file: string; type: string } | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  // Security: a NUL or a backslash has no business in a renderer path (the latter is a separator on Windows).
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  // Security: after resolving `..` the file must still lie inside the renderer folder.
  if (file !== root && !file.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`)) return null;
  const type = TYPES[path.extname(file).toLowerCase()];
  return type ? { file, type } : null;
}
