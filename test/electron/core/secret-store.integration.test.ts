import { randomBytes } from 'node:crypto';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretStore } from '../../../electron/core/secret-store.js';

// A fresh keychain service per run: the real keychain, never the user's entries or another test's.
const services: string[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) {
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  }
});

function fresh(): { store: SecretStore; service: string } {
  const service = `Gatehouse-test-${randomBytes(6).toString('hex')}`;
  services.push(service);
  return { store: new SecretStore(service, keytar, { service, account: 'status-token' }), service };
}

describe('SecretStore (real keychain)', () => {
  it('sets, lists by name only, replaces and deletes secrets', async () => {
    const { store, service } = fresh();
    await store.set('github-token', 'ghp_first');
    await store.set('db.password', 's3cret');
    expect(await store.list()).toEqual(['db.password', 'github-token']);
    await store.set('github-token', 'ghp_second');
    expect(await keytar.getPassword(service, 'github-token')).toBe('ghp_second');
    await store.delete('github-token');
    expect(await store.list()).toEqual(['db.password']);
    expect(await keytar.getPassword(service, 'github-token')).toBeNull();
  });

  it('reports a missing secret as NOT_FOUND', async () => {
    const { store } = fresh();
    await expect(store.delete('nothing-here')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    ['an empty name', ''],
    ['a name with a path separator', '../other'],
    ['a name with a newline (log injection)', 'a\nb'],
    ['a name over 64 characters', 'x'.repeat(65)],
    ['the reserved status-token entry', 'status-token'],
  ])('refuses %s', async (_attack, name) => {
    const { store } = fresh();
    await expect(store.set(name, 'value')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.delete(name)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses an empty or oversized value', async () => {
    const { store } = fresh();
    await expect(store.set('x', '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.set('x', 'v'.repeat(16 * 1024 + 1))).rejects.toMatchObject({ code: 'TOO_LARGE' });
  });

  it('creates the status token once, keeps it out of the list, and rotates it', async () => {
    const { store, service } = fresh();
    expect(await store.existingStatusToken()).toBeNull();
    const token = await store.statusToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.statusToken()).toBe(token);
    expect(await keytar.getPassword(service, 'status-token')).toBe(token);
    expect(await store.list()).toEqual([]);
    const rotated = await store.rotateStatusToken();
    expect(rotated).not.toBe(token);
    expect(await store.statusToken()).toBe(rotated);
  });

  it('turns a keychain failure into an external error without the cause in the message', async () => {
    const broken = {
      getPassword: () => Promise.reject(new Error('org.freedesktop.DBus.Error.ServiceUnknown secret=abc')),
      setPassword: () => Promise.reject(new Error('locked')),
      deletePassword: () => Promise.reject(new Error('locked')),
      findCredentials: () => Promise.reject(new Error('locked')),
    };
    const store = new SecretStore('Gatehouse-broken', broken);
    const error = await store.list().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERNAL_ERROR', category: 'external_error' });
    await expect(store.statusToken()).rejects.not.toThrow(/secret=abc/);
  });
});
