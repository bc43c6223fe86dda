import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { circlePng } from '../../../electron/core/tray-icon.js';
import { TRAY_COLORS } from '../../../electron/core/tray-model.js';
import type { Shell } from '../../../electron/main.js';
import { connectClient } from '../../helpers/spawn-server.js';
import { waitFor, writeFile, writePolicy } from '../../helpers/temp.js';
import { app, dialog, shell as fakeShell, trays, windows, type FakeMenuItem } from '../../mocks/electron.js';
import { call, startTestShell, type TestCore } from '../shell-helpers.js';

let t: TestCore;
let running: Shell;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeEach(async () => {
  ({ t, shell: running } = await startTestShell());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await running?.stop();
  await t.cleanup();
});

const dashboard = () => windows.at(-1)!;
const contents = () => dashboard().webContents;
const menu = () => trays[0]!.menu!.items;
const item = (label: RegExp) => menu().find((i: FakeMenuItem) => i.label && label.test(i.label))!;
const policyOnDisk = () =>
  JSON.parse(fs.readFileSync(path.join(t.home, 'policy.json'), 'utf8')) as Record<string, unknown>;

describe('the tray (menu items call the real core)', () => {
  it('has the menu of issue 6', () => {
    const labels = menu()
      .filter((i) => i.type !== 'separator' && i.enabled !== false)
      .map((i) => i.label);
    expect(labels).toEqual([
      'Open Gatehouse',
      'Pause all tools',
      'Connect to Claude Desktop',
      'Open logs folder',
      'Start at login',
      'Quit',
    ]);
  });

  it('pauses and resumes every server through the policy file, and the icon turns the paused colour', async () => {
    item(/^Pause all tools$/).click!();
    await waitFor(
      () => fs.existsSync(path.join(t.home, 'policy.json')) && policyOnDisk().paused === true,
      5000,
      'paused',
    );
    await waitFor(() => item(/^Resume$/), 5000, 'Resume item');
    expect(trays[0]!.image.representations[0]!.buffer).toEqual(circlePng(16, TRAY_COLORS.paused));
    item(/^Resume$/).click!();
    await waitFor(() => policyOnDisk().paused === false, 5000, 'resumed');
  });

  it('connects Claude Desktop, keeping the other servers', async () => {
    writeFile(t.claudeFile, '{"mcpServers":{"other":{"command":"x"}}}');
    item(/^Connect to Claude Desktop$/).click!();
    await waitFor(() => dialog.messages.length === 1, 5000, 'message box');
    const config = JSON.parse(fs.readFileSync(t.claudeFile, 'utf8'));
    expect(Object.keys(config.mcpServers)).toEqual(['other', 'gatehouse']);
    expect(item(/Claude Desktop/).label).toBe('Connected to Claude Desktop');
  });

  it('shows a refused Claude config as an error instead of writing it', async () => {
    writeFile(t.claudeFile, '{ // comment\n}');
    item(/^Connect to Claude Desktop$/).click!();
    await waitFor(() => dialog.errors.length === 1, 5000, 'error box');
    expect(dialog.errors[0]).toMatch(/not plain JSON/);
    expect(fs.readFileSync(t.claudeFile, 'utf8')).toBe('{ // comment\n}');
  });

  it('opens the logs folder, toggles start at login, opens the dashboard and quits', async () => {
    item(/^Open logs folder$/).click!();
    await waitFor(() => fakeShell.opened.length === 1, 5000, 'opened');
    expect(fakeShell.opened[0]).toBe(path.join(t.home, 'logs'));
    item(/^Start at login$/).click!();
    expect(app.loginItem).toEqual({ openAtLogin: true, args: ['--hidden'] });
    expect(item(/^Start at login$/).checked).toBe(true);
    dashboard().close();
    item(/^Open Gatehouse$/).click!();
    expect(windows).toHaveLength(2);
    item(/^Quit$/).click!();
    expect(app.quitCalls).toBe(1);
  });

  it("follows a running server: the icon takes its health's colour and the dashboard gets health and policy events", async () => {
    writePolicy(path.join(t.home, 'policy.json'), { version: 1 });
    const server = await connectClient(t.home);
    cleanups.push(() => server.close());
    await waitFor(() => running.state().instances === 1, 10_000, 'server seen');
    // Healthy, or degraded by a busy test machine; either way the icon says which.
    const { overall } = running.state();
    expect(['healthy', 'degraded']).toContain(overall);
    expect(trays[0]!.tooltip).toBe(`Gatehouse: ${overall} (1 server)`);
    expect(trays[0]!.image.representations[0]!.buffer).toEqual(circlePng(16, TRAY_COLORS[overall]));
    expect(contents().sent.some((m) => m.channel === 'gatehouse:event:healthChanged')).toBe(true);
    writePolicy(path.join(t.home, 'policy.json'), { version: 1, paused: true });
    await waitFor(
      () =>
        contents().sent.some(
          (m) =>
            m.channel === 'gatehouse:event:policyChanged' &&
            (m.payload as { policy: { paused: boolean } }).policy.paused,
        ),
      5000,
      'policyChanged',
    );
    expect(running.state().paused).toBe(true);
  });

  it('streams followed log lines to the dashboard in batches', async () => {
    const server = await connectClient(t.home);
    cleanups.push(() => server.close());
    expect(await call('followLogs', { filter: { kind: 'audit' } }, contents())).toEqual({ ok: true, value: null });
    await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    await waitFor(() => contents().sent.find((m) => m.channel === 'gatehouse:event:logEntries'), 10_000, 'logEntries');
    const batch = contents().sent.find((m) => m.channel === 'gatehouse:event:logEntries')!.payload as {
      entries: Array<{ tool: string }>;
      dropped: number;
    };
    expect(batch).toMatchObject({ dropped: 0, entries: [{ tool: 'list_allowed_directories' }] });
  });
});
