/** Starts the built server, reads its instance file and queries its status listener. */
import fs from 'node:fs';
import http from 'node:http';
import { afterEach } from 'vitest';
import { instanceFilePath } from '../../server/status/instances.js';
import {
  healthResponseSchema,
  instanceFileSchema,
  STATUS_TOKEN_KEYCHAIN,
  type HealthCheck,
  type HealthResponse,
  type InstanceFile,
} from '../../server/status/protocol.js';
import { loadKeytar, statusTokenFile } from '../../server/status/token.js';
import { connectClient, type SpawnedClient } from './spawn-server.js';
import { waitFor } from './temp.js';

/** Waits for the instance file of `pid` (optionally until `until` holds for it). */
export function waitForInstance(
  home: string,
  pid: number,
  until: (record: InstanceFile) => boolean = () => true,
): Promise<InstanceFile> {
  return waitFor(
    () => {
      try {
        const record = instanceFileSchema.parse(JSON.parse(fs.readFileSync(instanceFilePath(home, pid), 'utf8')));
        return until(record) ? record : undefined;
      } catch {
        return undefined;
      }
    },
    10_000,
    `instance file of ${pid}`,
  );
}

/** The status token as a server of this home would use it: keychain first, then the file. */
export async function currentToken(home: string, source: 'keychain' | 'file' = 'keychain'): Promise<string> {
  if (source === 'file') return fs.readFileSync(statusTokenFile(home), 'utf8').trim();
  const keytar = await loadKeytar();
  const token = await keytar.getPassword(STATUS_TOKEN_KEYCHAIN.service, STATUS_TOKEN_KEYCHAIN.account);
  if (!token) throw new Error('no status token in the keychain');
  return token;
}

/** GET on the status listener. */
export function statusGet(
  port: number,
  path: string,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; json: () => unknown }> {
  return new Promise((resolve, reject) => {
    const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const req = http.request({ host: '127.0.0.1', port, path, headers: { ...auth, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) as unknown }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A built server over stdio, with its instance file and its health at hand. */
export interface ObservedServer extends SpawnedClient {
  instance: InstanceFile;
  /** GET /health (optionally `?quick_check=1`) with the token from the keychain or the file. */
  health(options?: { token?: 'keychain' | 'file'; quickCheck?: boolean }): Promise<HealthResponse>;
  /** True while a cheap tool call still succeeds. */
  stillServes(): Promise<boolean>;
}

/** Options of startObserved(). */
export interface ObservedOptions {
  env?: Record<string, string>;
  /** Waits until the instance file satisfies this (e.g. the client recorded). */
  until?: (record: InstanceFile) => boolean;
  /** A command that execs the server (see connectClient()). */
  prefix?: string[];
}

const observed: SpawnedClient[] = [];
afterEach(async () => {
  for (const server of observed.splice(0)) await server.close();
});

/** Starts the built server, waits for its instance file; the client is closed after the test. */
export async function startObserved(
  home: string,
  args: string[] = [],
  options: ObservedOptions = {},
): Promise<ObservedServer> {
  const spawned = await connectClient(home, args, options.env, options.prefix);
  let closed: Promise<void> | undefined;
  const server = { ...spawned, close: () => (closed ??= spawned.close()) };
  observed.push(server);
  const instance = await waitForInstance(home, spawned.pid!, options.until);
  return {
    ...server,
    instance,
    async health({ token = 'keychain', quickCheck = false } = {}) {
      const url = quickCheck ? '/health?quick_check=1' : '/health';
      return healthResponseSchema.parse((await statusGet(instance.port, url, await currentToken(home, token))).json());
    },
    async stillServes() {
      return (await spawned.client.callTool({ name: 'list_allowed_directories', arguments: {} })).isError !== true;
    },
  };
}

/** One check of a health answer, by name. */
export function checkNamed(health: HealthResponse, name: string): HealthCheck | undefined {
  return health.checks.find((c) => c.name === name);
}
