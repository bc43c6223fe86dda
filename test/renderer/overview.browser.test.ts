import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { writePolicy } from '../helpers/temp.js';

const suite = browserSuite();

describe('Overview (built page, real servers)', () => {
  it('shows each running server with its client, start, health checks and live charts', async () => {
    const dashboard = await suite.open();
    const server = await suite.server(dashboard);
    const { page } = dashboard;
    const card = page.getByRole('article', { name: 'e2e-client 2.0.0' });
    await card.waitFor();
    await card.getByText(`pid ${server.pid}`).waitFor();
    await card.getByText(/since \d\d:\d\d:\d\d/).waitFor();
    await card.getByRole('list', { name: 'Health checks' }).getByText('policy', { exact: true }).waitFor();
    for (let i = 0; i < 30; i += 1) await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    // The charts come from the monitor's history: a line appears once two scrapes saw calls.
    const calls = card.getByRole('img', { name: /^Calls per minute/ }).locator('path');
    await expect.poll(() => calls.getAttribute('d'), { timeout: 10_000 }).toMatch(/^M[\d.]+ [\d.]+L/);
    await card.getByText(/3\d calls · 0 refused/).waitFor();
    await page.getByText('1 server running').waitFor();
  });

  it('shows a refused call with its reason, live', async () => {
    const dashboard = await suite.open({
      prepare: (t) =>
        writePolicy(path.join(t.home, 'policy.json'), { version: 1, tools: { list_allowed_directories: false } }),
    });
    const server = await suite.server(dashboard);
    const refusals = dashboard.page.getByRole('region', { name: 'Recent refusals' });
    await refusals.getByText('No refused calls').waitFor();
    const result = await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    expect(result.isError).toBe(true);
    const item = refusals.getByRole('listitem').first();
    await item.getByText('TOOL_DISABLED').waitFor({ timeout: 10_000 });
    await item.getByText('list_allowed_directories').waitFor();
    await item.getByText('The tool is switched off in Permissions.').waitFor();
    await item.getByText(`e2e-client · pid ${server.pid}`).waitFor();
  });

  it('shows a path refused outside every shared folder, with the path and the reason', async () => {
    const dashboard = await suite.open({
      prepare: (t) =>
        writePolicy(path.join(t.home, 'policy.json'), { version: 1, roots: [{ path: t.home, access: 'read' }] }),
    });
    const server = await suite.server(dashboard);
    await server.client.callTool({ name: 'read_text_file', arguments: { path: '/etc/passwd' } });
    const item = dashboard.page.getByRole('region', { name: 'Recent refusals' }).getByRole('listitem').first();
    await item.getByText('ACCESS_DENIED').waitFor({ timeout: 10_000 });
    await item.getByText('read_text_file').waitFor();
    await item.getByText('Outside every shared folder, or hidden by a deny pattern.').waitFor();
    await item.getByText('/etc/passwd').waitFor();
  });

  it('shows the paused banner when the tray pauses everything, and the refusals it causes', async () => {
    const dashboard = await suite.open();
    const server = await suite.server(dashboard);
    const { page, t } = dashboard;
    await t.core.policy.edit({ kind: 'setPaused', paused: true });
    await page.getByRole('status').getByText('All tools are paused.').waitFor();
    await page.getByRole('navigation').getByText('paused').waitFor();
    // The server follows the file on its own; once it has, a call is refused with PAUSED.
    await expect
      .poll(async () => (await server.client.callTool({ name: 'list_allowed_directories', arguments: {} })).isError)
      .toBe(true);
    await page.getByRole('region', { name: 'Recent refusals' }).getByText('PAUSED').first().waitFor();
  });
});
