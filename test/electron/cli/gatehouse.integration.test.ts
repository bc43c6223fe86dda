import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, serverEnv, type SpawnedClient } from '../../helpers/spawn-server.js';
import { tempDir, waitFor, writeFile } from '../../helpers/temp.js';

/** The built `gatehouse` command. `npm test` builds before it runs the tests. */
const CLI = path.resolve(import.meta.dirname, '../../../dist/electron/cli/main.js');
/** User secrets of this run go to their own keychain service, removed afterwards. */
const SERVICE = `Gatehouse-cli-test-${randomBytes(6).toString('hex')}`;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const { account } of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, account);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `gatehouse ARGS` as a subprocess on a home, optionally feeding stdin. */
function gatehouse(home: string, args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: serverEnv(home, { GATEHOUSE_KEYCHAIN_SERVICE: SERVICE }),
    cwd: options.cwd ?? home,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function server(home: string): Promise<SpawnedClient> {
  const spawned = await connectClient(home);
  cleanups.push(() => spawned.close());
  return spawned;
}

const toolNames = async (c: SpawnedClient) => (await c.client.listTools()).tools.map((t) => t.name);

describe('gatehouse (the built command, as a subprocess)', () => {
  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['add-root without --access', ['policy', 'add-root', '/tmp']],
    ['an --access that is neither read nor write', ['policy', 'add-root', '/tmp', '--access', 'all']],
    ['a tool state other than on or off', ['policy', 'tool', 'move_file', 'maybe']],
    ['a secret value on the command line', ['secrets', 'set', 'token', 'hunter2']],
    ['an unknown option', ['status', '--verbose']],
    ['a --since that is not a duration', ['logs', '--since', 'yesterday']],
    ['an unknown snippet client', ['connect', '--print', 'emacs']],
  ])('exits 2 on a usage error: %s', async (_name, args) => {
    const run = await gatehouse(tempDir(), args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^gatehouse: usage: /);
    const json = await gatehouse(tempDir(), [...args, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it.each([
    ['sharing a folder that does not exist', ['policy', 'add-root', '/no/such/dir', '--access', 'read'], 'NOT_FOUND'],
    ['removing a database that is not shared', ['policy', 'remove-db', 'ghost'], 'NOT_FOUND'],
    ['switching an unknown tool', ['policy', 'tool', 'rm_rf', 'off'], 'INVALID_INPUT'],
    ['deleting a secret that does not exist', ['secrets', 'delete', 'ghost'], 'NOT_FOUND'],
  ])('exits 1 with a one-line reason when %s', async (_name, args, code) => {
    const run = await gatehouse(tempDir(), args);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^gatehouse: /);
    const json = await gatehouse(tempDir(), [...args, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code } });
  });

  it('validates a policy file: exit 0 when valid, 1 naming each bad field when not', async () => {
    const dir = tempDir();
    writeFile(path.join(dir, 'good.json'), JSON.stringify({ version: 1, paused: true }));
    writeFile(
      path.join(dir, 'bad.json'),
      JSON.stringify({ version: 1, limits: { maxRows: 0 }, roots: [{ path: 'rel', access: 'read' }] }),
    );
    expect((await gatehouse(dir, ['policy', 'validate', 'good.json'])).code).toBe(0);
    const bad = await gatehouse(dir, ['policy', 'validate', 'bad.json', '--json']);
    expect(bad.code).toBe(1);
    expect(
      JSON.parse(bad.stdout)
        .issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(['limits.maxRows', 'roots.0.path']);
  });

  it('edits the policy so that a running server follows: tools/list, shared folders, pause and resume', async () => {
    const home = tempDir();
    const shared = tempDir();
    const c = await server(home);
    expect(await toolNames(c)).toContain('list_allowed_directories');

    const off = await gatehouse(home, ['policy', 'tool', 'list_allowed_directories', 'off']);
    expect(off.code).toBe(0);
    await waitFor(() => c.listChanged() > 0, 5000, 'list_changed');
    expect(await toolNames(c)).not.toContain('list_allowed_directories');
    expect((await gatehouse(home, ['policy', 'tool', 'list_allowed_directories', 'on'])).code).toBe(0);
    await waitFor(async () => (await toolNames(c)).includes('list_allowed_directories'), 5000, 'tool back on');

    expect((await gatehouse(home, ['policy', 'add-root', path.relative(home, shared), '--access', 'read'])).code).toBe(
      0,
    );
    await waitFor(
      async () => {
        const result = await c.client.callTool({ name: 'list_allowed_directories', arguments: {} });
        return JSON.stringify(result.structuredContent).includes(shared);
      },
      5000,
      'shared folder',
    );

    expect((await gatehouse(home, ['pause'])).code).toBe(0);
    await waitFor(
      async () => {
        const result = await c.client.callTool({ name: 'list_allowed_directories', arguments: {} });
        return (result.structuredContent as { error?: { code: string } }).error?.code === 'PAUSED';
      },
      5000,
      'paused',
    );
    expect((await gatehouse(home, ['resume'])).code).toBe(0);
    await waitFor(
      async () => !(await c.client.callTool({ name: 'list_allowed_directories', arguments: {} })).isError,
      5000,
      'resumed',
    );

    const show = JSON.parse((await gatehouse(home, ['policy', 'show', '--json'])).stdout);
    expect(show.document).toEqual({ version: 1, roots: [{ path: shared, access: 'read' }], paused: false });
  });

  it('keeps secrets in the real keychain: value from stdin, names out, never the value', async () => {
    const home = tempDir();
    const set = await gatehouse(home, ['secrets', 'set', 'github-token'], { stdin: 'ghp_s3cr3t-value\n' });
    expect(set.code).toBe(0);
    expect(await keytar.getPassword(SERVICE, 'github-token')).toBe('ghp_s3cr3t-value');
    const list = await gatehouse(home, ['secrets', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual({ names: ['github-token'] });
    for (const run of [set, list]) expect(run.stdout + run.stderr).not.toContain('s3cr3t');
    expect((await gatehouse(home, ['secrets', 'delete', 'github-token'])).code).toBe(0);
    expect(await keytar.getPassword(SERVICE, 'github-token')).toBeNull();
    const empty = await gatehouse(home, ['secrets', 'set', 'blank'], { stdin: '' });
    expect(empty.code).toBe(1);
  });

  it('connects and removes Claude Desktop on a fixture config, leaving other entries byte for byte', async () => {
    const dir = tempDir();
    const original =
      '{\n  "mcpServers": {\n    "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/x"] }\n  },\n  "globalShortcut": ""\n}\n';
    const config = writeFile(path.join(dir, 'claude_desktop_config.json'), original);
    const dry = await gatehouse(dir, ['connect', 'claude', '--config', config, '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ changed: true, dryRun: true });
    expect(fs.readFileSync(config, 'utf8')).toBe(original);

    const connect = await gatehouse(dir, ['connect', 'claude', '--config', config]);
    expect(connect.code).toBe(0);
    const entry = JSON.parse(fs.readFileSync(config, 'utf8')).mcpServers.gatehouse;
    expect(entry).toEqual({
      command: process.execPath,
      args: [path.resolve(CLI, '../../../server/main.js')],
      env: { GATEHOUSE_HOME: dir },
    });
    expect(fs.readFileSync(config, 'utf8')).toContain(
      '"filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/x"] }',
    );
    const again = await gatehouse(dir, ['connect', 'claude', '--config', config, '--json']);
    expect(JSON.parse(again.stdout).changed).toBe(false);

    expect((await gatehouse(dir, ['connect', 'claude', '--config', config, '--remove'])).code).toBe(0);
    expect(fs.readFileSync(config, 'utf8')).toBe(original);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.bak'))).toHaveLength(2);
  });

  it('refuses a Claude config with comments, exit 1, leaving it byte-identical', async () => {
    const dir = tempDir();
    const original = '{\n  // my servers\n  "mcpServers": {}\n}\n';
    const config = writeFile(path.join(dir, 'claude_desktop_config.json'), original);
    const run = await gatehouse(dir, ['connect', 'claude', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not plain JSON/);
    expect(fs.readFileSync(config, 'utf8')).toBe(original);
  });

  it('prints snippets for other clients that launch the same server', async () => {
    const home = tempDir();
    const code = await gatehouse(home, ['connect', '--print', 'claude-code']);
    expect(code.stdout).toContain(`gatehouse -- ${process.execPath}`);
    const vscode = JSON.parse((await gatehouse(home, ['connect', '--print', 'vscode', '--json'])).stdout);
    expect(JSON.parse(vscode.text).servers.gatehouse).toMatchObject({ type: 'stdio', command: process.execPath });
  });

  it('self-tests the server as Claude Desktop would launch it', async () => {
    const home = tempDir();
    const run = await gatehouse(home, ['selftest', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.steps.map((s: { status: string }) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(report.launch.env).toEqual({ GATEHOUSE_HOME: home });
  });

  it('shows running servers and their health, and the audit trail of their calls', async () => {
    const home = tempDir();
    const c = await server(home);
    await c.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    await c.client.callTool({ name: 'read_text_file', arguments: { path: '/etc/shadow' } });
    await waitFor(() => fs.existsSync(path.join(home, 'run', 'instances', `${c.pid}.json`)), 10_000, 'instance file');
    const status = await gatehouse(home, ['status', '--json']);
    expect(status.code).toBe(0);
    const snapshot = JSON.parse(status.stdout);
    expect(snapshot).toMatchObject({ instances: [{ instance: { pid: c.pid }, problem: null }] });
    expect(['healthy', 'degraded']).toContain(snapshot.overall);

    await waitFor(
      async () =>
        (await gatehouse(home, ['logs', '--decision', 'refused', '--json'])).stdout.includes('read_text_file'),
      5000,
      'audit line',
    );
    const refused = JSON.parse(
      (await gatehouse(home, ['logs', '--decision', 'refused', '--since', '10m', '--json'])).stdout,
    );
    expect(refused.entries.map((e: { tool: string }) => e.tool)).toEqual(['read_text_file']);
    const text = await gatehouse(home, ['logs', '--tool', 'list_allowed_directories']);
    expect(text.stdout).toMatch(/list_allowed_directories allowed/);
  });

  it('follows the log until interrupted, one JSON document per line', async () => {
    const home = tempDir();
    const c = await server(home);
    const child = spawn(process.execPath, [CLI, 'logs', '--follow', '--tool', 'list_allowed_directories', '--json'], {
      env: serverEnv(home),
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // The command takes a moment to start following (longer on a busy machine), and only lines written
    // after that are followed: call until one shows.
    await waitFor(
      async () => {
        await c.client.callTool({ name: 'list_allowed_directories', arguments: {} });
        await new Promise((resolve) => setTimeout(resolve, 200));
        return stdout.includes('\n');
      },
      15_000,
      'followed line',
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({ kind: 'audit', tool: 'list_allowed_directories', decision: 'allowed' });
  });
  it('lists what delete_file put in the trash and restores it, refusing an unknown id', async () => {
    const home = tempDir();
    const root = tempDir();
    const file = writeFile(path.join(root, 'notes.txt'), 'keep me');
    const spawned = await connectClient(home, [root]);
    cleanups.push(() => spawned.close());
    const deleted = await spawned.client.callTool({ name: 'delete_file', arguments: { path: file } });
    expect(deleted.isError).toBeFalsy();
    expect(fs.existsSync(file)).toBe(false);
    const list = await gatehouse(home, ['trash', 'list', '--json']);
    expect(list.code).toBe(0);
    const items = (JSON.parse(list.stdout) as { items: Array<{ id: string; originalPath: string }> }).items;
    expect(items.map((i) => i.originalPath)).toEqual([file]);
    const restored = await gatehouse(home, ['trash', 'restore', items[0]!.id]);
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringMatching(/Restored/) });
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    expect((await gatehouse(home, ['trash', 'list'])).stdout).toMatch(/empty/);
    const unknown = await gatehouse(home, ['trash', 'restore', '../../etc']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No trash item/);
  });
});
