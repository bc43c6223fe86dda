import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUPS_KEPT, ClaudeDesktop, claudeLocations } from '../../../electron/core/claude-desktop.js';
import type { ServerLaunch } from '../../../electron/core/server-launch.js';
import { tempDir, writeFile } from '../../helpers/temp.js';

const LAUNCH: ServerLaunch = { command: '/usr/bin/node', args: ['/opt/gatehouse/dist/server/main.js'], env: {} };

/** Real-world shapes of claude_desktop_config.json that Gatehouse must edit without disturbing. */
const EDITABLE: Record<string, string> = {
  'two other servers and other keys': `{
  "globalShortcut": "Ctrl+Space",
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ana/Desktop"]
    },
    "github": { "command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_x" } }
  },
  "preferences": { "quickEntryShortcut": "off", "zoom": 1.50, "big": 12345678901234567890 }
}
`,
  'tabs, CRLF, escapes and no mcpServers':
    '{\r\n\t"theme": "dark",\r\n\t"note": "caf\\u00e9 \\"quoted\\"",\r\n\t"n": 1e3\r\n}',
  'an empty mcpServers on one line': '{"mcpServers":{}}',
  'an empty file': '',
  'four-space indent, no trailing newline':
    '{\n    "mcpServers": {\n        "sqlite": {\n            "command": "uvx",\n            "args": ["mcp-server-sqlite"]\n        }\n    }\n}',
};

/** Files that are not plain JSON: refused, and left byte-identical. */
const REFUSED: Record<string, string> = {
  'a line comment': '{\n  // my servers\n  "mcpServers": {}\n}\n',
  'a block comment': '{ /* keep */ "mcpServers": {} }',
  'trailing garbage after the object': '{ "mcpServers": {} }\n}\n',
  'trailing text': '{ "mcpServers": {} } oops',
  'a trailing comma': '{ "mcpServers": { "a": { "command": "x" }, }, }',
  'a top-level array': '[{ "mcpServers": {} }]',
  'mcpServers that is not an object': '{ "mcpServers": ["filesystem"] }',
  'mcpServers twice (duplicate keys)':
    '{ "mcpServers": { "a": { "command": "a" } }, "mcpServers": { "b": { "command": "b" } } }',
  'half a file (truncated write)': '{ "mcpServers": { "filesystem": { "command": "np',
};

function claude(text: string | null): { desktop: ClaudeDesktop; file: string; dir: string } {
  const dir = tempDir('claude-');
  const file = path.join(dir, 'claude_desktop_config.json');
  if (text !== null) writeFile(file, text);
  return { desktop: new ClaudeDesktop({ configFile: file, installMarkers: [dir] }, LAUNCH), file, dir };
}

const read = (file: string) => fs.readFileSync(file, 'utf8');

describe('claudeLocations()', () => {
  it.each([
    ['darwin', {}, '/Users/ana/Library/Application Support/Claude/claude_desktop_config.json'],
    ['linux', {}, '/Users/ana/.config/Claude/claude_desktop_config.json'],
    ['linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/x/cfg/Claude/claude_desktop_config.json'],
    [
      'win32',
      { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
      'C:\\Users\\ana\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    ],
  ] as const)('finds the config on %s %j', (platform, env, expected) => {
    expect(claudeLocations(platform, env, '/Users/ana').configFile).toBe(expected);
  });
});

describe('ClaudeDesktop', () => {
  it.each(Object.entries(EDITABLE))(
    'adds the entry to a file with %s, touching nothing else',
    async (_name, original) => {
      const { desktop, file } = claude(original);
      const change = await desktop.connect();
      expect(change.changed).toBe(true);
      const after = JSON.parse(read(file)) as Record<string, Record<string, unknown>>;
      const before = original.trim() ? (JSON.parse(original) as Record<string, Record<string, unknown>>) : {};
      expect(after.mcpServers!.gatehouse).toEqual({ command: LAUNCH.command, args: LAUNCH.args });
      const { gatehouse: _ours, ...others } = after.mcpServers!;
      expect(others).toEqual(before.mcpServers ?? {});
      expect({ ...after, mcpServers: undefined }).toEqual({ ...before, mcpServers: undefined });
      // Byte for byte: the other servers' text is still there exactly as written.
      for (const line of original.split(/\r?\n/).filter((l) => l.includes('"command"')))
        expect(read(file)).toContain(line);
      expect((await desktop.status()).entry).toBe('current');
    },
  );

  it.each(Object.entries(EDITABLE))('round-trips a file with %s: connect then remove', async (_name, original) => {
    const { desktop, file } = claude(original);
    await desktop.connect();
    await desktop.remove();
    if (original.includes('"mcpServers"')) {
      // The same bytes, to the last space and line ending.
      expect(read(file)).toBe(original);
    } else {
      // An mcpServers that Gatehouse had to create stays, empty; everything else is as it was.
      expect(JSON.parse(read(file))).toEqual({ ...(original.trim() ? JSON.parse(original) : {}), mcpServers: {} });
    }
  });

  it.each(Object.entries(REFUSED))('refuses a file with %s and leaves it byte-identical', async (_name, original) => {
    const { desktop, file, dir } = claude(original);
    const status = await desktop.status();
    expect(status.problem).toMatch(/left as it is/);
    await expect(desktop.connect()).rejects.toMatchObject({ code: 'INVALID_INPUT', category: 'external_error' });
    // Removing writes nothing either: it fails the same way, or finds no entry of ours to remove.
    const removal = await desktop.remove().catch((error: unknown) => error);
    expect(removal).toMatchObject(removal instanceof Error ? { code: 'INVALID_INPUT' } : { changed: false });
    expect(read(file)).toBe(original);
    expect(fs.readdirSync(dir)).toEqual(['claude_desktop_config.json']);
  });

  it('updates an outdated entry in place and reports it as different first', async () => {
    const { desktop, file } = claude(
      '{\n  "mcpServers": {\n    "gatehouse": { "command": "node", "args": ["/old/main.js"] },\n    "other": { "command": "x" }\n  }\n}\n',
    );
    expect((await desktop.status()).entry).toBe('different');
    await desktop.connect();
    expect(JSON.parse(read(file))).toEqual({
      mcpServers: { gatehouse: { command: LAUNCH.command, args: LAUNCH.args }, other: { command: 'x' } },
    });
    expect((await desktop.status()).otherServers).toEqual(['other']);
  });

  it('creates the file (and its folder) when Claude Desktop has none yet', async () => {
    const dir = tempDir('claude-');
    const file = path.join(dir, 'Claude', 'claude_desktop_config.json');
    const desktop = new ClaudeDesktop(
      { configFile: file, installMarkers: [path.dirname(file)] },
      { ...LAUNCH, env: { GATEHOUSE_HOME: '/h' } },
    );
    expect(await desktop.status()).toMatchObject({
      installed: false,
      configExists: false,
      entry: 'absent',
      problem: null,
    });
    const change = await desktop.connect();
    expect(change.backupFile).toBeNull();
    expect(JSON.parse(read(file))).toEqual({ mcpServers: { gatehouse: { ...LAUNCH, env: { GATEHOUSE_HOME: '/h' } } } });
    expect(await desktop.status()).toMatchObject({ installed: true, configExists: true, entry: 'current' });
  });

  it('backs the file up before each change and keeps only the last few backups', async () => {
    const original = EDITABLE['two other servers and other keys']!;
    const { desktop, file, dir } = claude(original);
    const first = await desktop.connect();
    expect(read(first.backupFile!)).toBe(original);
    for (let i = 0; i < BACKUPS_KEPT + 2; i += 1) {
      await desktop.remove();
      await desktop.connect();
    }
    const backups = fs.readdirSync(dir).filter((name) => name.endsWith('.bak'));
    expect(backups).toHaveLength(BACKUPS_KEPT);
    expect(read(file)).toContain('"gatehouse"');
  });

  it('writes nothing on a dry run and nothing when the entry is already current', async () => {
    const original = EDITABLE['an empty mcpServers on one line']!;
    const { desktop, file, dir } = claude(original);
    const dry = await desktop.connect({ dryRun: true });
    expect(dry).toMatchObject({ changed: true, dryRun: true, backupFile: null });
    expect(JSON.parse(dry.text).mcpServers.gatehouse.command).toBe(LAUNCH.command);
    expect(read(file)).toBe(original);
    await desktop.connect();
    const again = await desktop.connect();
    expect(again.changed).toBe(false);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith('.bak'))).toHaveLength(1);
  });

  it('removing from a file without the entry, or without a file, changes nothing', async () => {
    const original = EDITABLE['tabs, CRLF, escapes and no mcpServers']!;
    const { desktop, file } = claude(original);
    expect((await desktop.remove()).changed).toBe(false);
    expect(read(file)).toBe(original);
    const none = claude(null);
    expect((await none.desktop.remove()).changed).toBe(false);
    expect(fs.existsSync(none.file)).toBe(false);
  });
});
