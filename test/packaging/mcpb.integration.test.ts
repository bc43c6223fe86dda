/**
 * The Claude Desktop extension: `npm run pack:mcpb`'s archive, its manifest checked with the MCPB
 * package's own schema, and the server started from the unpacked bundle with the command that Claude
 * Desktop derives from the manifest (the MCPB package's getMcpConfigForManifest, which Claude uses).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getMcpConfigForManifest, unpackExtension, v0_3 } from '@anthropic-ai/mcpb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packMcpb } from '../../scripts/pack-mcpb.js';
import { BUNDLE_ENTRY } from '../../scripts/ship/mcpb-manifest.js';
import { TOOL_NAMES } from '../../server/tools/catalog.js';
import { connectEntry, type LaunchEntry } from '../helpers/launch.js';
import { makeSqliteFixture } from '../helpers/sqlite.js';
import { writeFile } from '../helpers/temp.js';

const root = path.resolve(import.meta.dirname, '../..');
let work: string;
let unpacked: string;
let manifest: Record<string, unknown>;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-mcpb-'));
  const archive = await packMcpb(root, path.join(work, 'out'));
  // Unpacked outside the checkout, as Claude Desktop does into its extensions folder.
  unpacked = path.join(work, 'Claude Extensions', 'gatehouse');
  expect(await unpackExtension({ mcpbPath: archive, outputDir: unpacked, silent: true })).toBe(true);
  manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')) as Record<string, unknown>;
}, 60_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The launch Claude Desktop makes for this manifest and these settings. */
async function claudeLaunch(userConfig: Record<string, string[]>): Promise<LaunchEntry> {
  const config = await getMcpConfigForManifest({
    manifest: v0_3.McpbManifestSchema.parse(manifest),
    extensionPath: unpacked,
    systemDirs: { HOME: os.homedir(), DESKTOP: os.homedir(), DOCUMENTS: os.homedir(), DOWNLOADS: os.homedir() },
    userConfig,
    pathSeparator: path.sep,
  });
  return config as LaunchEntry;
}

describe('the .mcpb archive', () => {
  it('holds the manifest, its icon, the server entry and the native modules', () => {
    for (const file of ['manifest.json', 'icon.png', 'package.json', BUNDLE_ENTRY, 'dist/server/main.js']) {
      expect(fs.existsSync(path.join(unpacked, file)), file).toBe(true);
    }
    expect(fs.existsSync(path.join(unpacked, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(
      true,
    );
    expect(fs.existsSync(path.join(unpacked, 'node_modules/electron'))).toBe(false);
  });

  it('has a manifest that the MCPB 0.3 schema accepts, for a node server', () => {
    const parsed = v0_3.McpbManifestSchema.safeParse(manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(manifest).toMatchObject({ manifest_version: '0.3', name: 'gatehouse', server: { type: 'node' } });
    expect((manifest.server as { entry_point: string }).entry_point).toBe(BUNDLE_ENTRY);
  });

  it('asks for folders (directories) and databases (files), several of each, and no secret', () => {
    const options = manifest.user_config as Record<string, { type: string; multiple?: boolean; sensitive?: boolean }>;
    expect(options.allowed_directories).toMatchObject({ type: 'directory', multiple: true });
    expect(options.databases).toMatchObject({ type: 'file', multiple: true });
    // A value that could be a secret must be marked so Claude Desktop keeps it in the OS keychain.
    for (const [name, option] of Object.entries(options)) {
      if (option.type === 'string' && /key|token|secret|password/i.test(name)) expect(option.sensitive).toBe(true);
    }
  });

  it('lists every contract tool', () => {
    expect((manifest.tools as Array<{ name: string }>).map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
  });

  it('runs only on the OS its native modules were built for', () => {
    expect(manifest.compatibility).toMatchObject({ platforms: [process.platform] });
  });
});

describe('the server from the unpacked bundle, as Claude Desktop starts it', () => {
  it('shares the chosen folders and databases', async () => {
    const workspace = fs.mkdtempSync(path.join(work, 'ws-'));
    const notes = path.join(workspace, 'notes');
    writeFile(path.join(notes, 'todo.txt'), 'ship it\n');
    const { shop } = makeSqliteFixture('delete', fs.mkdtempSync(path.join(workspace, 'db-')));
    const launch = await claudeLaunch({ allowed_directories: [notes], databases: [shop] });
    expect(launch.command).toBe('node');
    const server = await connectEntry(launch, path.join(workspace, 'home'), workspace);
    try {
      const dirs = await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
      expect(JSON.stringify(dirs.structuredContent)).toContain(JSON.stringify(notes).slice(1, -1));
      const read = await server.client.callTool({
        name: 'read_text_file',
        arguments: { path: path.join(notes, 'todo.txt') },
      });
      expect(read.content).toEqual([{ type: 'text', text: 'ship it\n' }]);
      const query = await server.client.callTool({
        name: 'read_query',
        arguments: { database: 'shop', sql: 'SELECT count(*) AS n FROM customers' },
      });
      expect(query.isError, server.stderr()).toBeFalsy();
      expect((query.structuredContent as { rows: unknown[] }).rows).toEqual([[3]]);
      // Databases from the extension are read only: no write tool is offered for them.
      const { tools } = await server.client.listTools();
      expect(tools.map((tool) => tool.name)).not.toContain('write_query');
    } finally {
      await server.close();
    }
  });

  it('starts with nothing shared when nothing was chosen', async () => {
    const launch = await claudeLaunch({});
    const server = await connectEntry(launch, fs.mkdtempSync(path.join(work, 'home-')), work);
    try {
      const dirs = await server.client.callTool({ name: 'list_allowed_directories', arguments: {} });
      expect(dirs.isError).toBeFalsy();
      expect(launch.args).not.toContain('${user_config.allowed_directories}');
    } finally {
      await server.close();
    }
  });
});
