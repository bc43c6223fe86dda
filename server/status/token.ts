/**
 * The bearer token of the status endpoints. It lives in the OS keychain (keytar, CONTRACT §5) and is
 * created on first use; when no keychain can be reached, a 0600 file under `$GATEHOUSE_HOME/run/`
 * stands in and health reports it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RUN_PATHS, STATUS_TOKEN_KEYCHAIN } from './protocol.js';

/** The part of keytar the server uses; injectable so tests can point at a broken keychain. */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
}

/** Where the token came from, and why not the keychain when it did not. */
export interface StatusToken {
  value: string;
  source: 'keychain' | 'file';
  /** Why the keychain was not used. */
  problem: string | null;
}

const KEYCHAIN_TIMEOUT_MS = 3000;

/** Loads keytar lazily: a missing native module or Secret Service must not stop the server. */
export async function loadKeytar(): Promise<Keychain> {
  const keytar = (await import('keytar')) as unknown as { default?: Keychain } & Keychain;
  return keytar.default ?? keytar;
}

/** A new random token. */
export function newStatusToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** The token file that stands in for the keychain. */
export function statusTokenFile(home: string): string {
  return path.join(home, ...RUN_PATHS.tokenFile);
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out`)), KEYCHAIN_TIMEOUT_MS);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function fromKeychain(keychain: () => Promise<Keychain>): Promise<string> {
  const { service, account } = STATUS_TOKEN_KEYCHAIN;
  const kc = await withTimeout(keychain(), 'loading the keychain');
  const existing = await withTimeout(kc.getPassword(service, account), 'reading the keychain');
  if (existing) return existing;
  const created = newStatusToken();
  await withTimeout(kc.setPassword(service, account, created), 'writing the keychain');
  return created;
}

function fromFile(home: string): string {
  const file = statusTokenFile(home);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch {
    // Missing or unreadable: write a new one below.
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const created = newStatusToken();
  // Security: readable by the owner only; the token guards the status endpoints.
  fs.writeFileSync(file, created, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return created;
}

/** Reads (or creates) the status token: the keychain first, the run-folder file if that fails. */
export async function readStatusToken(
  home: string,
  keychain: () => Promise<Keychain> = loadKeytar,
): Promise<StatusToken> {
  try {
    return { value: await fromKeychain(keychain), source: 'keychain', problem: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { value: fromFile(home), source: 'file', problem: `keychain unavailable (${reason})` };
  }
}
