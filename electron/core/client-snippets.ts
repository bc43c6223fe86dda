/**
 * Ready-to-paste setup for other MCP clients, from the same launch as the Claude Desktop entry:
 * Claude Code (`claude mcp add`), Cursor (`~/.cursor/mcp.json`) and VS Code (`.vscode/mcp.json`).
 */
import type { ServerLaunch } from './server-launch.js';

/** The clients a snippet exists for. */
export const SNIPPET_CLIENTS = ['claude-code', 'cursor', 'vscode'] as const;
/** A client a snippet exists for. */
export type SnippetClient = (typeof SNIPPET_CLIENTS)[number];

/** One snippet: what to do with it, and the text. */
export interface ClientSnippet {
  client: SnippetClient;
  title: string;
  /** Where it goes: a shell, or a file. */
  where: string;
  text: string;
}

/** Quotes a word for a POSIX shell, or for cmd/PowerShell on Windows, only where needed. */
export function shellQuote(word: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[A-Za-z0-9_@%+=:,./\\-]+$/.test(word)) return word;
  if (platform === 'win32') return `"${word.replace(/"/g, '\\"')}"`;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The snippet for one client. */
export function clientSnippet(client: SnippetClient, launch: ServerLaunch, platform = process.platform): ClientSnippet {
  const env = Object.keys(launch.env).length > 0 ? { env: launch.env } : {};
  switch (client) {
    case 'claude-code': {
      const envFlags = Object.entries(launch.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
      const words = [
        'claude',
        'mcp',
        'add',
        '--scope',
        'user',
        ...envFlags,
        'gatehouse',
        '--',
        launch.command,
        ...launch.args,
      ];
      return {
        client,
        title: 'Claude Code',
        where: 'Run in a terminal',
        text: words.map((word) => shellQuote(word, platform)).join(' '),
      };
    }
    case 'cursor':
      return {
        client,
        title: 'Cursor',
        where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
        text: JSON.stringify(
          { mcpServers: { gatehouse: { command: launch.command, args: launch.args, ...env } } },
          null,
          2,
        ),
      };
    case 'vscode':
      return {
        client,
        title: 'VS Code',
        where: '.vscode/mcp.json in a workspace (or "MCP: Open User Configuration")',
        text: JSON.stringify(
          { servers: { gatehouse: { type: 'stdio', command: launch.command, args: launch.args, ...env } } },
          null,
          2,
        ),
      };
  }
}

/** Every snippet. */
export function clientSnippets(launch: ServerLaunch, platform = process.platform): ClientSnippet[] {
  return SNIPPET_CLIENTS.map((client) => clientSnippet(client, launch, platform));
}
