import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { shell } from '../mocks/electron.js';

const suite = browserSuite();

describe('Logs (built page, real server log)', () => {
  it('tails real tool calls live, filters them, and copies and exports exactly the lines shown', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await dashboard.go('Logs');
    const server = await suite.server(dashboard);
    await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    // Outside every shared folder: refused with ACCESS_DENIED.
    await server.client.callTool({ name: 'read_text_file', arguments: { path: '/etc/passwd' } });

    const table = page.getByRole('table', { name: 'Log lines, newest first' });
    const allowed = table.getByRole('row', { name: /list_allowed_directories allowed/ });
    const refused = table.getByRole('row', { name: /read_text_file refused ACCESS_DENIED .* paths=\/etc\/passwd/ });
    await allowed.waitFor({ timeout: 10_000 });
    await refused.waitFor({ timeout: 10_000 });
    await allowed.getByText('allowed', { exact: true }).waitFor();
    await table
      .getByRole('row', { name: /status listener started/ })
      .first()
      .waitFor();

    await page.getByLabel('Decision').selectOption('refused');
    await allowed.waitFor({ state: 'detached' });
    await refused.waitFor();
    await page.getByLabel('Decision').selectOption('');
    await page.getByLabel('Text').fill('list_allowed');
    await refused.waitFor({ state: 'detached' });
    await allowed.waitFor();
    expect(await table.getByRole('row').count()).toBe(2); // the header and the one call

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export…' }).click();
    const exported = fs
      .readFileSync((await (await download).path())!, 'utf8')
      .trim()
      .split('\n');
    expect(exported.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        kind: 'audit',
        tool: 'list_allowed_directories',
        decision: 'allowed',
        pid: server.pid,
      }),
    ]);

    await browserPermissions(dashboard.page);
    await page.getByRole('button', { name: 'Copy lines' }).click();
    await page.getByText('Copied 1 line.').waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toMatch(/^\S+Z INFO pid=\d+ list_allowed_directories allowed [\d.]+ ms client=e2e-client/);

    await page.getByRole('button', { name: 'Open logs folder' }).click();
    await expect.poll(() => shell.opened).toEqual([`${dashboard.t.home}/logs`]);
    expect(dashboard.problems).toEqual([]);
  });
});

/** Lets the test read the clipboard back (the page itself never needs to). */
async function browserPermissions(page: import('playwright-core').Page): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
}
