import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, readPolicyFile } from '../helpers/browser-suite.js';
import type { Dashboard } from '../helpers/dashboard.js';
import type { SpawnedClient } from '../helpers/spawn-server.js';
import { tempDir, waitFor, writeFile, writePolicy } from '../helpers/temp.js';

const suite = browserSuite();

const offered = async (server: SpawnedClient) => (await server.client.listTools()).tools.map((tool) => tool.name);
const save = (dashboard: Dashboard) => dashboard.page.getByRole('button', { name: 'Save', exact: true }).click();
const saved = (dashboard: Dashboard) =>
  dashboard.page.getByRole('status').getByText('All changes are saved.').waitFor();

describe('Permissions (built page, real core, real server)', () => {
  it('switching a tool off and saving rewrites policy.json, and the running server stops offering it', async () => {
    const folder = tempDir('shared-');
    const start = { version: 1, roots: [{ path: folder, access: 'read' }] };
    const dashboard = await suite.open({ prepare: (t) => writePolicy(path.join(t.home, 'policy.json'), start) });
    const server = await suite.server(dashboard);
    expect(await offered(server)).toContain('list_allowed_directories');
    await dashboard.go('Permissions');
    const { page } = dashboard;

    await page.getByRole('switch', { name: 'Allowed folders' }).click();
    await page.getByRole('heading', { name: '1 unsaved change' }).waitFor();
    await page.getByText('What will change').click();
    await page.getByText('Switch off Allowed folders (list_allowed_directories)').waitFor();
    expect(readPolicyFile(dashboard)).toEqual(start);

    await save(dashboard);
    await saved(dashboard);
    expect(readPolicyFile(dashboard)).toEqual({ ...start, tools: { list_allowed_directories: false } });
    await waitFor(() => server.listChanged() > 0, 10_000, 'notifications/tools/list_changed');
    expect(await offered(server)).not.toContain('list_allowed_directories');
    expect(dashboard.problems).toEqual([]);
  });

  it('adding a folder through the native picker makes a file in it readable through the running server', async () => {
    const dashboard = await suite.open();
    const server = await suite.server(dashboard);
    const folder = tempDir('picked-');
    const file = writeFile(path.join(folder, 'notes.txt'), 'hello from a picked folder\n');
    const read = () => server.client.callTool({ name: 'read_text_file', arguments: { path: file } });
    expect(await read()).toMatchObject({ isError: true, structuredContent: { error: { code: 'ACCESS_DENIED' } } });
    await dashboard.go('Permissions');
    const { page } = dashboard;

    // A cancelled picker changes nothing.
    dashboard.pickNext(null);
    await page.getByRole('button', { name: 'Add folder…' }).click();
    await page.getByText('No folder is shared.').waitFor();

    dashboard.pickNext(folder);
    await page.getByRole('button', { name: 'Add folder…' }).click();
    await page
      .getByRole('radiogroup', { name: `Access to ${folder}` })
      .getByText('Read & write')
      .click();
    await page.getByText(`Share ${folder} (read & write)`).waitFor({ state: 'attached' });
    expect(await read()).toMatchObject({ isError: true });
    await save(dashboard);
    await saved(dashboard);
    expect(readPolicyFile(dashboard)).toEqual({ version: 1, roots: [{ path: folder, access: 'write' }] });

    // The running server follows the file on its own: the same read now answers the file's text.
    await expect
      .poll(async () => (await read()).content, { timeout: 10_000 })
      .toEqual([{ type: 'text', text: 'hello from a picked folder\n' }]);
  });

  it('adds a SQLite file through the native picker and makes it read & write', async () => {
    const dashboard = await suite.open();
    const db = writeFile(path.join(tempDir(), 'Sales 2024.sqlite'), '');
    await dashboard.go('Permissions');
    const { page } = dashboard;
    dashboard.pickNext(db);
    await page.getByRole('button', { name: 'Add SQLite file…' }).click();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Sales-2024');
    await page.getByRole('radiogroup', { name: 'Access to database Sales-2024' }).getByText('Read & write').click();
    await save(dashboard);
    await saved(dashboard);
    expect(readPolicyFile(dashboard)).toEqual({
      version: 1,
      databases: [{ name: 'Sales-2024', path: db, access: 'write' }],
    });
  });

  it('shows the schema’s problems at their fields, and saves nothing while they stand', async () => {
    const dashboard = await suite.open();
    await dashboard.go('Permissions');
    const { page } = dashboard;
    const rows = page.getByLabel('Rows per query');
    await rows.fill('0');
    await page.getByText('Too small: expected number to be >=1', { exact: true }).waitFor();
    expect(await rows.getAttribute('aria-invalid')).toBe('true');
    expect(await rows.getAttribute('aria-describedby')).toContain('field-limits.maxRows-error');

    await save(dashboard);
    await page.getByText('Fix 1 problem before saving').waitFor();
    await expect.poll(() => rows.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(readPolicyFile(dashboard)).toBeUndefined();

    await rows.fill('500');
    await expect.poll(() => rows.getAttribute('aria-invalid')).toBeNull();
    await save(dashboard);
    await saved(dashboard);
    expect(readPolicyFile(dashboard)).toEqual({ version: 1, limits: { maxRows: 500 } });
  });

  it('undoes the last save', async () => {
    const start = { version: 1, tools: { copy_file: false } };
    const dashboard = await suite.open({ prepare: (t) => writePolicy(path.join(t.home, 'policy.json'), start) });
    await dashboard.go('Permissions');
    const { page } = dashboard;
    await page.getByRole('switch', { name: 'Copy file' }).click();
    await page.getByRole('switch', { name: 'Write file' }).click();
    await save(dashboard);
    await saved(dashboard);
    expect(readPolicyFile(dashboard)).toEqual({ version: 1, tools: { write_file: false } });

    await page.getByRole('button', { name: 'Undo last save' }).click();
    await expect.poll(() => readPolicyFile(dashboard)).toEqual(start);
    // The page learns of the restored file through the policy watch, a moment after it is written.
    await expect.poll(() => page.getByRole('switch', { name: 'Copy file' }).isChecked()).toBe(false);
    await expect.poll(() => page.getByRole('switch', { name: 'Write file' }).isChecked()).toBe(true);
  });

  it('keeps an unsaved draft when the file changes on disk, and saves both', async () => {
    const dashboard = await suite.open();
    await dashboard.go('Permissions');
    const { page, t } = dashboard;
    await page.getByRole('switch', { name: 'Copy file' }).click();
    // The tray's menu pauses everything meanwhile.
    await t.core.policy.edit({ kind: 'setPaused', paused: true });
    await page.getByText('All tools are paused.').waitFor();
    await page.getByRole('heading', { name: '1 unsaved change' }).waitFor();
    await save(dashboard);
    await saved(dashboard);
    expect(readPolicyFile(dashboard)).toEqual({ version: 1, paused: true, tools: { copy_file: false } });
  });

  it('reports a change on disk that clashes with the draft, and loads the file on request', async () => {
    const dashboard = await suite.open();
    await dashboard.go('Permissions');
    const { page, t } = dashboard;
    await page.getByRole('switch', { name: 'Copy file' }).click();
    await t.core.policy.edit({ kind: 'setTool', tool: 'move_file', enabled: false });
    await page.getByText('The policy file changed on disk').waitFor();
    await page.getByRole('button', { name: 'Discard mine, load the file' }).click();
    expect(await page.getByRole('switch', { name: 'Copy file' }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Move or rename' }).isChecked()).toBe(false);
    expect(readPolicyFile(dashboard)).toEqual({ version: 1, tools: { move_file: false } });
  });

  it('pauses every tool at once, without Save, and the banner resumes them', async () => {
    const dashboard = await suite.open();
    await dashboard.go('Permissions');
    const { page } = dashboard;
    await page.getByRole('switch', { name: 'Pause all tools' }).click();
    await page.getByText('All tools are paused.').waitFor();
    expect(readPolicyFile(dashboard)).toEqual({ version: 1, paused: true });
    await dashboard.go('Overview');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('All tools are paused.').waitFor({ state: 'detached' });
    expect(readPolicyFile(dashboard)).toEqual({ version: 1, paused: false });
  });
});
