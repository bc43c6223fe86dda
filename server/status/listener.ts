/**
 * The status listener (CONTRACT §5): `/health`, `/ready` and `/metrics` on 127.0.0.1 and an ephemeral
 * port only, each behind the bearer token. Non-loopback Host or Origin headers are refused first, so
 * a web page that rebinds a DNS name to 127.0.0.1 learns nothing.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthOptions } from './health.js';
import type { HealthResponse, ReadyResponse } from './protocol.js';

/** What the listener serves. */
export interface StatusHandlers {
  /** The current token. */
  token: () => string;
  /** Re-reads the token (the tray may have rotated it); rate limited by the listener. */
  refreshToken?: () => Promise<string>;
  health: (options: HealthOptions) => Promise<HealthResponse>;
  ready: () => ReadyResponse;
  metrics: () => Promise<string>;
}

/** A running listener. */
export interface StatusListener {
  port: number;
  close(): Promise<void>;
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;
const LOOPBACK_ORIGIN = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;
const REFRESH_INTERVAL_MS = 5000;

function digest(text: string): Buffer {
  return crypto.createHash('sha256').update(text).digest();
}

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string, expected: string): boolean {
  // Hashing first makes both sides the same length, so timingSafeEqual never leaks the length.
  return crypto.timingSafeEqual(digest(presented), digest(expected)) && expected.length > 0;
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

/** Starts the listener on 127.0.0.1 with an ephemeral port. */
export async function startStatusListener(handlers: StatusHandlers): Promise<StatusListener> {
  let refreshedAt = 0;
  const authorized = async (header: string | undefined): Promise<boolean> => {
    const presented = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
    if (tokenMatches(presented, handlers.token())) return true;
    if (!presented || !handlers.refreshToken || Date.now() - refreshedAt < REFRESH_INTERVAL_MS) return false;
    refreshedAt = Date.now();
    return tokenMatches(presented, await handlers.refreshToken());
  };

  const server = http.createServer(async (req, res) => {
    try {
      // Security: DNS-rebinding guard; only loopback names may address this listener.
      const origin = req.headers.origin;
      if (!LOOPBACK_HOST.test(req.headers.host ?? '') || (origin !== undefined && !LOOPBACK_ORIGIN.test(origin))) {
        return send(res, 403, { error: 'forbidden' });
      }
      // Security: every endpoint needs the token, compared in constant time.
      if (!(await authorized(req.headers.authorization))) {
        res.setHeader('www-authenticate', 'Bearer');
        return send(res, 401, { error: 'unauthorized' });
      }
      if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/health') {
        // `?quick_check=1` adds PRAGMA quick_check of every database: it reads whole files, so only on demand.
        const quickCheck = ['1', 'true'].includes(url.searchParams.get('quick_check') ?? '');
        return send(res, 200, await handlers.health({ quickCheck }));
      }
      if (url.pathname === '/ready') {
        const ready = handlers.ready();
        return send(res, ready.ready ? 200 : 503, ready);
      }
      if (url.pathname === '/metrics') return send(res, 200, await handlers.metrics(), 'text/plain; version=0.0.4');
      return send(res, 404, { error: 'not found' });
    } catch {
      return send(res, 500, { error: 'internal error' });
    }
  });
  server.headersTimeout = 5000;
  server.requestTimeout = 10_000;
  // Security: loopback only, never 0.0.0.0.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  server.unref();
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
