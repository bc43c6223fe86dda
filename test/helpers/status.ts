/** Reads a spawned server's instance file and queries its status listener. */
import fs from 'node:fs';
import http from 'node:http';
import { instanceFilePath } from '../../server/status/instances.js';
import { instanceFileSchema, STATUS_TOKEN_KEYCHAIN, type InstanceFile } from '../../server/status/protocol.js';
import { loadKeytar, statusTokenFile } from '../../server/status/token.js';
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
