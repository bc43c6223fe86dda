import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type SpawnedClient } from '../helpers/spawn-server.js';
import {
  launchBrowser,
  NARROW_WINDOW,
  openDashboard,
  screenshot,
  type Browser,
  type Dashboard,
} from '../helpers/dashboard.js';
import { tempDir, writeFile, writePolicy } from '../helpers/temp.js';

let browser: Browser;
let dashboard: Dashboard | undefined;
let server: SpawnedClient | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser?.close());
afterEach(async () => {
  await server?.close();
  await dashboard?.close();
  server = dashboard = undefined;
});

describe('every page, light and dark', () => {
  it.each(['light', 'dark'] as const)(
    'is drawn with real data in the %s theme (test-results/screenshots/)',
    async (scheme) => {
      const secret = `screenshot-${scheme}-${process.pid}`;
      dashboard = await openDashboard(browser, {
        colorScheme: scheme,
        prepare: async (t) => {
          const notes = tempDir('notes-');
          const site = tempDir('site-');
          const db = writeFile(path.join(notes, 'notes.db'), '');
          writePolicy(path.join(t.home, 'policy.json'), {
            version: 1,
            roots: [
              { path: notes, access: 'read' },
              { path: site, access: 'write' },
            ],
            databases: [{ name: 'notes', path: db, access: 'read' }],
            tools: { move_file: false, list_allowed_directories: true },
          });
          await t.core.secrets.set(secret, 'not shown anywhere');
          await t.core.claude.connect();
        },
      });
      const { page, go } = dashboard;
      server = await connectClient(dashboard.t.home);
      for (let i = 0; i < 40; i += 1) {
        await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
        // Outside every shared folder: refused with ACCESS_DENIED.
        if (i % 10 === 0) await server.client.callTool({ name: 'read_text_file', arguments: { path: '/etc/passwd' } });
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      const card = page.getByRole('article').first();
      await card.getByText('e2e-client 2.0.0').waitFor();
      await page.getByRole('region', { name: 'Recent refusals' }).getByRole('listitem').first().waitFor();
      const files = [await screenshot(page, `overview-${scheme}`)];

      await go('Permissions');
      files.push(await screenshot(page, `permissions-${scheme}`));
      await page.getByRole('switch', { name: 'Copy file' }).click();
      await page.getByLabel('Rows per query').fill('0');
      await page.getByText('Fix 1 problem before saving').waitFor();
      files.push(await screenshot(page, `permissions-unsaved-${scheme}`));
      await page.getByRole('button', { name: 'Discard' }).click();

      await go('Secrets');
      await page.getByText(secret).waitFor();
      files.push(await screenshot(page, `secrets-${scheme}`));

      await go('Logs');
      await page
        .getByRole('cell', { name: /list_allowed_directories allowed/ })
        .first()
        .waitFor();
      files.push(await screenshot(page, `logs-${scheme}`));

      await go('Connect');
      await page.getByText('present and current').waitFor();
      await page.getByRole('button', { name: 'Run self-test' }).click();
      await page.getByText('passed').waitFor({ timeout: 20_000 });
      files.push(await screenshot(page, `connect-${scheme}`));

      // The narrowest window the shell allows: the pages reflow instead of clipping.
      const ready = {
        Overview: () => page.getByRole('region', { name: 'Recent refusals' }).getByRole('listitem').first(),
        Permissions: () => page.getByRole('switch', { name: 'Copy file' }),
        Logs: () => page.getByRole('row', { name: /read_text_file refused/ }).first(),
      };
      for (const [name, content] of Object.entries(ready)) {
        await go(name as keyof typeof ready);
        await content().waitFor();
        files.push(await screenshot(page, `${name.toLowerCase()}-narrow-${scheme}`, NARROW_WINDOW.width));
      }

      for (const file of files) expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      expect(dashboard.problems).toEqual([]);
      await dashboard.t.core.secrets.delete(secret);
    },
    90_000,
  );
});
