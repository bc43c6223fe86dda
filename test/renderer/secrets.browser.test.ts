import { randomBytes } from 'node:crypto';
import keytar from 'keytar';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';

const suite = browserSuite();

describe('Secrets (built page, real keychain)', () => {
  it('puts a secret in the real keychain, never shows it again, replaces it, and deletes it after a confirmation', async () => {
    const dashboard = await suite.open();
    const { page, t } = dashboard;
    const name = `api-key-${randomBytes(4).toString('hex')}`;
    const value = `sk-${randomBytes(12).toString('hex')}`;
    await dashboard.go('Secrets');

    const field = page.getByLabel('Value');
    expect(await field.getAttribute('type')).toBe('password');
    await page.getByLabel('Name').fill(name);
    await field.fill(value);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Saved “${name}”.`).waitFor();
    expect(await keytar.getPassword(t.service, name)).toBe(value);
    // Security: once saved, the value is nowhere in the page, not even in the field it was typed into.
    expect(await field.inputValue()).toBe('');
    expect(await page.content()).not.toContain(value);

    const replaced = `sk-${randomBytes(12).toString('hex')}`;
    await page.getByRole('button', { name: `Replace ${name}` }).click();
    await page.getByRole('heading', { name: `Replace “${name}”` }).waitFor();
    await expect.poll(() => field.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await field.fill(replaced);
    await page.getByRole('button', { name: 'Replace', exact: true }).click();
    await expect.poll(() => keytar.getPassword(t.service, name)).toBe(replaced);

    await page.getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “${name}”?` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await keytar.getPassword(t.service, name)).toBe(replaced);

    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText(`Deleted “${name}”.`).waitFor();
    expect(await keytar.getPassword(t.service, name)).toBeNull();
    await page.getByText('No secret is saved.').waitFor();
    expect(dashboard.problems).toEqual([]);
  });

  it('shows the keychain’s refusal of a bad name and stores nothing', async () => {
    const dashboard = await suite.open();
    const { page, t } = dashboard;
    await dashboard.go('Secrets');
    await page.getByLabel('Name').fill('status-token');
    await page.getByLabel('Value').fill('x');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').getByText('reserved for Gatehouse').waitFor();
    expect(await t.core.secrets.list()).toEqual([]);
  });
});
