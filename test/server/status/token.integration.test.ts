import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATUS_TOKEN_KEYCHAIN } from '../../../server/status/protocol.js';
import { loadKeytar, readStatusToken, statusTokenFile } from '../../../server/status/token.js';
import { tempDir } from '../../helpers/temp.js';

describe('readStatusToken()', () => {
  it('keeps the token in the real keychain and hands out the same one again', async () => {
    const first = await readStatusToken(tempDir());
    expect(first).toMatchObject({ source: 'keychain', problem: null });
    expect(first.value.length).toBeGreaterThanOrEqual(32);
    const keytar = await loadKeytar();
    expect(await keytar.getPassword(STATUS_TOKEN_KEYCHAIN.service, STATUS_TOKEN_KEYCHAIN.account)).toBe(first.value);
    expect((await readStatusToken(tempDir())).value).toBe(first.value);
  });

  it('falls back to a 0600 token file when the keychain fails, and reuses it', async () => {
    const home = tempDir();
    const broken = async () => {
      throw new Error('no Secret Service');
    };
    const first = await readStatusToken(home, broken);
    expect(first).toMatchObject({ source: 'file', problem: expect.stringMatching(/no Secret Service/) });
    expect(fs.statSync(statusTokenFile(home)).mode & 0o777).toBe(0o600);
    expect((await readStatusToken(home, broken)).value).toBe(first.value);
  });

  it('gives up on a keychain that never answers', async () => {
    const hanging = async () => ({
      getPassword: () => new Promise<string | null>(() => {}),
      setPassword: () => new Promise<void>(() => {}),
    });
    const token = await readStatusToken(tempDir(), hanging);
    expect(token).toMatchObject({ source: 'file', problem: expect.stringMatching(/timed out/) });
  });
});
