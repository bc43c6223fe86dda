/**
 * The server as the packaged app ships it: only the files electron-builder.yml puts outside app.asar,
 * launched exactly as the "Connect to Claude Desktop" entry says, with nothing of this checkout in
 * reach. Plain Node stands in for the app's executable: under ELECTRON_RUN_AS_NODE=1 it is Node.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trayIconDir, unpackedPath } from '../../electron/core/app-layout.js';
import { claudeEntry } from '../../electron/core/claude-desktop.js';
import { serverLaunch } from '../../electron/core/server-launch.js';
import { copyFiles, shippedApp, type ShippedApp } from '../../scripts/ship/file-set.js';
import { packagedApp } from '../../scripts/ship/smoke-packaged.js';
import { connectEntry, type LaunchedServer } from '../helpers/launch.js';
import { makeSqliteFixture } from '../helpers/sqlite.js';
import { writeFile, writePolicy } from '../helpers/temp.js';

const root = path.resolve(import.meta.dirname, '../..');
let shipped: ShippedApp;
let install: string;
let resources: string;
let executable: string;

beforeAll(() => {
  shipped = shippedApp(root);
  // A release folder outside the checkout, laid out as electron-builder leaves it, so module resolution
  // cannot fall back on the repository's node_modules. Node stands in for the app's executable.
  install = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-release-'));
  ({ executable, resources } = packagedApp(install));
  copyFiles(shipped.unpacked, root, path.join(resources, 'app.asar.unpacked'));
  fs.symlinkSync(process.execPath, executable);
});
afterAll(() => fs.rmSync(install, { recursive: true, force: true }));

describe('the shipped file set', () => {
  it('keeps the whole built server, package.json and the native modules outside the archive', () => {
    const server = shipped.files.filter((file) => file.startsWith('dist/server/'));
    expect(server).toContain('dist/server/main.js');
    expect(shipped.unpacked).toEqual(expect.arrayContaining([...server, 'package.json']));
    for (const native of ['better-sqlite3', 'keytar']) {
      expect(shipped.unpacked.some((f) => f.startsWith(`node_modules/${native}/`) && f.endsWith('.node'))).toBe(true);
    }
  });

  it('ships the dashboard and the shell in the archive, and no tests, sources or development tools', () => {
    expect(shipped.files).toEqual(expect.arrayContaining(['dist/electron/main.js', 'dist/renderer/index.html']));
    for (const file of shipped.files) {
      expect(file).not.toMatch(/^(test|server|electron|renderer|bench|scripts)\//);
      expect(file).not.toMatch(/^node_modules\/(electron|electron-builder|vitest|typescript|@anthropic-ai)\//);
      expect(file).not.toMatch(/\.map$/);
    }
  });

  it('puts the tray template images where the packaged shell looks for them', () => {
    const dir = trayIconDir({ packaged: true, resourcesPath: 'RES', appRoot: '/unused' });
    const wanted = path.posix.relative('RES', dir.split(path.sep).join('/'));
    expect([...shipped.resources.keys()]).toEqual(
      expect.arrayContaining([`${wanted}/trayTemplate.png`, `${wanted}/trayTemplate@2x.png`]),
    );
  });
});

describe('the release smoke test (scripts/ship/smoke-packaged.ts)', () => {
  it('starts the server from the release folder with the app executable as Node and gets its tools', () => {
    const smoke = path.join(root, 'dist', 'scripts', 'ship', 'smoke-packaged.js');
    const out = execFileSync(process.execPath, [smoke, install], { encoding: 'utf8', timeout: 20_000 });
    expect(out).toMatch(/^ok: .* served \d+ tools as Node/);
  });
});

describe('the shipped server, launched by the Claude Desktop entry of a packaged app', () => {
  let server: LaunchedServer;
  let workspace: string;
  let shop: string;

  beforeAll(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-ws-'));
    const home = path.join(workspace, 'home');
    writeFile(path.join(workspace, 'notes', 'hello.txt'), 'hello from the package\n');
    shop = makeSqliteFixture('delete', fs.mkdtempSync(path.join(workspace, 'db-'))).shop;
    writePolicy(path.join(home, 'policy.json'), {
      version: 1,
      roots: [{ path: path.join(workspace, 'notes'), access: 'read' }],
      databases: [{ name: 'shop', path: shop, access: 'read' }],
    });
    // What electron/core/server-launch.ts computes inside the app: its own executable, and the server
    // script the shell finds at <resources>/app.asar/dist/electron/core/../../server/main.js.
    const launch = serverLaunch({
      execPath: executable,
      serverScript: unpackedPath(path.join(resources, 'app.asar', 'dist', 'server', 'main.js')),
      electron: true,
      paths: { home, policyFile: path.join(home, 'policy.json'), homeFromEnv: false, policyFromEnv: false },
    });
    const entry = claudeEntry(launch) as { command: string; args: string[]; env: Record<string, string> };
    expect(entry.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    expect(entry.args).toEqual([path.join(resources, 'app.asar.unpacked', 'dist', 'server', 'main.js')]);
    server = await connectEntry(entry, home, workspace);
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('lists the tools', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['read_text_file', 'read_query']));
  });

  it('reads a file of a shared folder', async () => {
    const result = await server.client.callTool({
      name: 'read_text_file',
      arguments: { path: path.join(workspace, 'notes', 'hello.txt') },
    });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: 'hello from the package\n' }]);
  });

  it('queries a database through the shipped better-sqlite3', async () => {
    const result = await server.client.callTool({
      name: 'read_query',
      arguments: { database: 'shop', sql: 'SELECT name FROM customers ORDER BY id' },
    });
    expect(result.isError, server.stderr()).toBeFalsy();
    expect((result.structuredContent as { rows: unknown[] }).rows).toEqual([['Ana'], ['Bo'], ['Cy']]);
  });
});
