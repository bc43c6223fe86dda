import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser-suite.js';
import { writeFile } from '../helpers/temp.js';
import { app } from '../mocks/electron.js';

const suite = browserSuite();

const OTHERS = { theme: 'dark', mcpServers: { other: { command: 'other-server', env: { TOKEN: 'keep-me' } } } };

describe('Connect (built page, real Claude config, real server)', () => {
  it('connects Claude Desktop in one click, and removes only its own entry after a confirmation', async () => {
    const dashboard = await suite.open({
      prepare: (t) => void writeFile(t.claudeFile, JSON.stringify(OTHERS, null, 2)),
    });
    const { page, t } = dashboard;
    const config = () => JSON.parse(fs.readFileSync(t.claudeFile, 'utf8')) as typeof OTHERS;
    await dashboard.go('Connect');
    const card = page.getByRole('region', { name: 'Claude Desktop' });
    await card.getByText('not present').waitFor();
    await card.getByText('yes', { exact: true }).waitFor();
    await card.getByText('other', { exact: true }).waitFor();
    // Security: another server's settings (its token) never reach the page.
    expect(await page.content()).not.toContain('keep-me');

    await card.getByRole('button', { name: 'Connect' }).click();
    await card.getByText('present and current').waitFor();
    await card.getByText(/Connected\. Restart Claude Desktop.*backed up to/).waitFor();
    expect(config()).toMatchObject({ ...OTHERS, mcpServers: { ...OTHERS.mcpServers, gatehouse: expect.any(Object) } });

    await card.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove Gatehouse from Claude Desktop?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(config().mcpServers).toHaveProperty('gatehouse');
    await card.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await card.getByText('not present').waitFor();
    expect(config()).toEqual(OTHERS);
  });

  it('runs the self-test and shows each step with its result', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await dashboard.go('Connect');
    await page.getByRole('button', { name: 'Run self-test' }).click();
    const steps = page.getByRole('table', { name: 'Self-test steps' });
    await steps.waitFor({ timeout: 20_000 });
    for (const step of ['launch', 'handshake', 'list tools', 'list_allowed_directories']) {
      await steps.getByRole('row', { name: new RegExp(`^${step} ok`) }).waitFor();
    }
    await page.getByText('passed', { exact: true }).waitFor();
  });

  it('copies a snippet for another client, and switches start at login', async () => {
    const dashboard = await suite.open();
    const { page } = dashboard;
    await dashboard.go('Connect');
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    const copy = page.getByRole('button', { name: 'Copy the Claude Code snippet' });
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toContain('claude mcp add');

    await page.getByRole('switch', { name: 'Start Gatehouse at login' }).click();
    await expect.poll(() => app.loginItem.openAtLogin).toBe(true);
  });
});
