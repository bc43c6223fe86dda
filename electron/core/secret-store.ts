/**
 * SecretStore: named secrets in the OS keychain (keytar). Names go anywhere; a value goes in, and out
 * only to the process that needs it, never back to the dashboard. Also owns the status-token that
 * guards every server's status endpoint (CONTRACT §5).
 */
import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../../server/errors.js';
import { STATUS_TOKEN_KEYCHAIN } from '../../server/status/protocol.js';

/** Names: what a person would type, safe in a keychain account field and a log line. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Largest value accepted (keychains cap entries; nothing Gatehouse stores is larger). */
export const MAX_SECRET_BYTES = 16 * 1024;

/** The keychain calls the store makes; keytar in production. */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

/** Loads keytar on first use: a machine without a keychain library can still run every other command. */
export async function loadKeychain(): Promise<Keychain> {
  const module = (await import('keytar')) as unknown as { default?: Keychain } & Keychain;
  return module.default ?? module;
}

/** Runs a keychain call; a failure of the keychain itself is an external error, never a crash. */
async function keychainCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof GatehouseError) throw error;
    throw new GatehouseError('INTERNAL_ERROR', `The system keychain could not ${what}.`, {
      category: 'external_error',
      hint: 'Check that the keychain (Secret Service, Keychain Access or Credential Manager) is available and unlocked.',
      cause: error,
    });
  }
}

function checkName(name: string): void {
  // Security: the name becomes a keychain account and appears in logs: keep it plain.
  if (!SECRET_NAME_PATTERN.test(name)) {
    throw new GatehouseError('INVALID_INPUT', 'A secret name is 1-64 letters, digits, "_", "." or "-".');
  }
  // Security: the status token is not a user secret; it is rotated, never set or removed by hand.
  if (name === STATUS_TOKEN_KEYCHAIN.account) {
    throw new GatehouseError('INVALID_INPUT', `"${name}" is reserved for Gatehouse's status token.`);
  }
}

/** The secrets of one keychain service. */
export class SecretStore {
  private keychainPromise: Promise<Keychain> | undefined;

  constructor(
    private readonly service: string,
    private readonly keychainSource: Keychain | (() => Promise<Keychain>) = loadKeychain,
    /** Where the status token lives; always the contract's entry outside tests. */
    private readonly tokenEntry: { service: string; account: string } = STATUS_TOKEN_KEYCHAIN,
  ) {}

  private keychain(): Promise<Keychain> {
    const source = this.keychainSource;
    this.keychainPromise ??= typeof source === 'function' ? source() : Promise.resolve(source);
    return this.keychainPromise;
  }

  /** Names of the stored secrets, sorted; never their values. */
  async list(): Promise<string[]> {
    const credentials = await keychainCall('list the secrets', async () =>
      (await this.keychain()).findCredentials(this.service),
    );
    return credentials
      .map((credential) => credential.account)
      .filter((account) => account !== this.tokenEntry.account)
      .sort();
  }

  /** Creates or replaces a secret. */
  async set(name: string, value: string): Promise<void> {
    checkName(name);
    if (value.length === 0) throw new GatehouseError('INVALID_INPUT', 'A secret cannot be empty.');
    if (Buffer.byteLength(value) > MAX_SECRET_BYTES) {
      throw new GatehouseError('TOO_LARGE', `A secret is at most ${MAX_SECRET_BYTES} bytes.`);
    }
    await keychainCall('save the secret', async () => (await this.keychain()).setPassword(this.service, name, value));
  }

  /** Deletes a secret; NOT_FOUND when there is none by that name. */
  async delete(name: string): Promise<void> {
    checkName(name);
    const deleted = await keychainCall('delete the secret', async () =>
      (await this.keychain()).deletePassword(this.service, name),
    );
    if (!deleted) throw new GatehouseError('NOT_FOUND', `There is no secret named "${name}".`);
  }

  /** Whether a secret exists, without reading it out. */
  async has(name: string): Promise<boolean> {
    return (await this.list()).includes(name);
  }

  /**
   * The value, for the main process to hand to the server that needs it. Never exposed over IPC: the
   * contract has no method that returns it.
   */
  async reveal(name: string): Promise<string | null> {
    checkName(name);
    return keychainCall('read the secret', async () => (await this.keychain()).getPassword(this.service, name));
  }

  /** The status token, created on first use. */
  async statusToken(): Promise<string> {
    const { service, account } = this.tokenEntry;
    const existing = await keychainCall('read the status token', async () =>
      (await this.keychain()).getPassword(service, account),
    );
    if (existing) return existing;
    return this.rotateStatusToken();
  }

  /** The status token if one exists; never creates one. */
  async existingStatusToken(): Promise<string | null> {
    const { service, account } = this.tokenEntry;
    return keychainCall('read the status token', async () => (await this.keychain()).getPassword(service, account));
  }

  /** Replaces the status token with a fresh random one. */
  async rotateStatusToken(): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const { service, account } = this.tokenEntry;
    await keychainCall('save the status token', async () =>
      (await this.keychain()).setPassword(service, account, token),
    );
    return token;
  }
}
