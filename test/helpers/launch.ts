/** Starts a server exactly as a client config entry says (command, args, env) and connects an SDK Client. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serverEnv } from './spawn-server.js';

/** A client config entry: what Claude Desktop's `mcpServers.<name>` or an .mcpb's mcp_config holds. */
export interface LaunchEntry {
  command: string;
  args?: string[];
  env?: Record<string, string>;
}

/** The connected client, the server's stderr so far, and a way to end both. */
export interface LaunchedServer {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

/**
 * Spawns `entry` with a temp GATEHOUSE_HOME and connects. `command` "node" means this test's own Node,
 * as Claude Desktop's built-in Node stands in for it.
 */
export async function connectEntry(entry: LaunchEntry, home: string, cwd?: string): Promise<LaunchedServer> {
  const transport = new StdioClientTransport({
    command: entry.command === 'node' ? process.execPath : entry.command,
    args: entry.args ?? [],
    env: serverEnv(home, entry.env ?? {}),
    stderr: 'pipe',
    ...(cwd ? { cwd } : {}),
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'packaging-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}
