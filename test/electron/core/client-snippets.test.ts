import { describe, expect, it } from 'vitest';
import { clientSnippet, clientSnippets, shellQuote } from '../../../electron/core/client-snippets.js';
import { serverLaunch } from '../../../electron/core/server-launch.js';

const paths = { home: '/home/ana/.config/Gatehouse', policyFile: '/p.json', homeFromEnv: false, policyFromEnv: false };

describe('serverLaunch()', () => {
  it('runs the built server with node from a checkout, passing nothing extra', () => {
    expect(
      serverLaunch({ execPath: '/usr/bin/node', serverScript: '/src/dist/server/main.js', electron: false, paths }),
    ).toEqual({
      command: '/usr/bin/node',
      args: ['/src/dist/server/main.js'],
      env: {},
    });
  });

  it('runs the bundled server with the app itself as Node in a packaged app, and passes on a chosen home', () => {
    const launch = serverLaunch({
      execPath: '/Applications/Gatehouse.app/Contents/MacOS/Gatehouse',
      serverScript: '/Applications/Gatehouse.app/Contents/Resources/app.asar/dist/server/main.js',
      electron: true,
      paths: { ...paths, homeFromEnv: true, policyFromEnv: true },
    });
    expect(launch.env).toEqual({ ELECTRON_RUN_AS_NODE: '1', GATEHOUSE_HOME: paths.home, GATEHOUSE_POLICY: '/p.json' });
  });
});

describe('client snippets', () => {
  const launch = { command: '/opt/node 20/bin/node', args: ['/srv/gh/main.js'], env: { GATEHOUSE_HOME: '/h' } };

  it('gives a claude mcp add command with options before the name and the server after --', () => {
    expect(clientSnippet('claude-code', launch, 'linux').text).toBe(
      "claude mcp add --scope user --env GATEHOUSE_HOME=/h gatehouse -- '/opt/node 20/bin/node' /srv/gh/main.js",
    );
  });

  it('gives Cursor and VS Code mcp.json documents with the same launch', () => {
    const [, cursor, vscode] = clientSnippets(launch, 'linux');
    expect(JSON.parse(cursor!.text)).toEqual({ mcpServers: { gatehouse: launch } });
    expect(JSON.parse(vscode!.text)).toEqual({ servers: { gatehouse: { type: 'stdio', ...launch } } });
  });

  it.each([
    ['a plain path', '/usr/bin/node', '/usr/bin/node'],
    ['a space', 'a b', "'a b'"],
    ['a single quote', "it's", "'it'\\''s'"],
    ['command substitution', '$(rm -rf ~)', "'$(rm -rf ~)'"],
    ['a backtick', '`id`', "'`id`'"],
  ])('quotes %s for a POSIX shell so it stays one word', (_name, word, quoted) => {
    expect(shellQuote(word, 'linux')).toBe(quoted);
  });
});
