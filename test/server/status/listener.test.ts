import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startStatusListener, tokenMatches, type StatusListener } from '../../../server/status/listener.js';

let listener: StatusListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

/** A raw request, so Host and Origin can be set to anything. */
function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function start(token = 'right-token', refreshed = 'rotated-token') {
  listener = await startStatusListener({
    token: () => token,
    refreshToken: async () => (token = refreshed),
    health: async ({ quickCheck }) => ({
      status: 'healthy',
      pid: 1,
      version: 't',
      uptimeSeconds: 0,
      checks: quickCheck ? [{ name: 'quick_check asked', status: 'healthy', message: '', durationMs: 0 }] : [],
    }),
    ready: () => ({ ready: false, reasons: ['not yet'] }),
    metrics: async () => 'mcp_active_calls 0\n',
  });
  return listener.port;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('startStatusListener()', () => {
  it('serves health, ready and metrics with the token', async () => {
    const port = await start();
    expect(await get(port, '/health', auth('right-token'))).toMatchObject({
      status: 200,
      body: expect.stringMatching(/healthy/),
    });
    expect(await get(port, '/ready', auth('right-token'))).toMatchObject({
      status: 503,
      body: expect.stringMatching(/not yet/),
    });
    expect(await get(port, '/metrics', auth('right-token'))).toMatchObject({
      status: 200,
      body: 'mcp_active_calls 0\n',
    });
    expect((await get(port, '/nope', auth('right-token'))).status).toBe(404);
  });

  it('passes ?quick_check=1 on to health, and only that', async () => {
    const port = await start();
    expect((await get(port, '/health?quick_check=1', auth('right-token'))).body).toMatch(/quick_check asked/);
    expect((await get(port, '/health?quick_check=true', auth('right-token'))).body).toMatch(/quick_check asked/);
    expect((await get(port, '/health', auth('right-token'))).body).not.toMatch(/quick_check/);
    expect((await get(port, '/health?quick_check=0', auth('right-token'))).body).not.toMatch(/quick_check/);
  });

  const unauthorized: Array<[string, Record<string, string>]> = [
    ['no Authorization header', {}],
    ['a wrong token', auth('wrong-token')],
    ['a token that is a prefix of the right one', auth('right')],
    ['a basic-auth header', { authorization: 'Basic cmlnaHQtdG9rZW4=' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ];
  it.each(unauthorized)('answers 401 to %s', async (_name, headers) => {
    const port = await start();
    const response = await get(port, '/health', headers);
    expect(response.status).toBe(401);
    expect(response.body).not.toMatch(/healthy/);
  });

  const rebinding: Array<[string, Record<string, string>]> = [
    ['a rebinding Host name', { host: 'evil.example:1234' }],
    ['a Host that only starts with localhost', { host: 'localhost.evil.example' }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['an https loopback-looking Origin on another host', { origin: 'https://127.0.0.1.evil.example' }],
  ];
  it.each(rebinding)('answers 403 to %s, even with the right token', async (_name, headers) => {
    const port = await start();
    expect((await get(port, '/health', { ...auth('right-token'), ...headers })).status).toBe(403);
  });

  it('accepts a rotated token after re-reading it', async () => {
    const port = await start();
    expect((await get(port, '/health', auth('rotated-token'))).status).toBe(200);
    expect((await get(port, '/health', auth('right-token'))).status).toBe(401);
  });

  it('refuses other methods', async () => {
    const port = await start();
    const status = await new Promise<number>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/health', method: 'POST', headers: auth('right-token') },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end();
    });
    expect(status).toBe(405);
  });
});

describe('tokenMatches()', () => {
  it('matches only the exact token, and never an empty one', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('', '')).toBe(false);
  });
});
