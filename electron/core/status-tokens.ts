/**
 * The tokens the tray presents to status endpoints: the keychain's (CONTRACT §5), then the token file
 * a server falls back to when it cannot reach the keychain. Values stay in the main process.
 */
import fs from 'node:fs/promises';
import type { SecretStore } from './secret-store.js';

/** The tokens to try, best first, without duplicates; never creates one. */
export async function statusTokens(
  secrets: Pick<SecretStore, 'existingStatusToken'>,
  tokenFile: string,
): Promise<string[]> {
  const [keychain, file] = await Promise.all([
    secrets.existingStatusToken().catch(() => null),
    fs.readFile(tokenFile, 'utf8').then(
      (text) => text.trim() || null,
      () => null,
    ),
  ]);
  return [...new Set([keychain, file].filter((token): token is string => Boolean(token)))];
}
