/** Spawns the BUILT server as Claude Desktop would: over stdio, with a temp GATEHOUSE_HOME. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

/** The built server entry. `npm test` builds before it runs the tests. */
export const SERVER_ENTRY = path.resolve(import.meta.dirname, '../../dist/server/main.js');

/** Environment for a server under test: the caller's, minus anything that would leak in. */
export function serverEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GATEHOUSE_')) env[key] = value;
  }
  return { ...env, GATEHOUSE_HOME: home, ...extra };
}

/** An SDK client connected to a spawned server. */
export interface SpawnedClient {
  client: Client;
  /** Protocol errors the client saw, e.g. a stdout line that was not JSON-RPC. */
  errors: Error[];
  listChanged: () => number;
  stderr: () => string;
  pid: number | null;
  close(): Promise<void>;
}

/**
 * Spawns the server and connects an SDK Client over stdio. `prefix` runs it through a command that
 * execs it (e.g. `prlimit --fsize=N --`), so the pid stays the server's.
 */
export async function connectClient(
  home: string,
  args: string[] = [],
  env: Record<string, string> = {},
  prefix: string[] = [],
): Promise<SpawnedClient> {
  const [command, ...before] = [...prefix, process.execPath];
  const transport = new StdioClientTransport({
    command: command!,
    args: [...before, SERVER_ENTRY, ...args],
    env: serverEnv(home, env),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'e2e-client', version: '2.0.0' });
  const errors: Error[] = [];
  client.onerror = (error) => errors.push(error);
  let listChanged = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged += 1;
  });
  await client.connect(transport);
  return {
    client,
    errors,
    listChanged: () => listChanged,
    stderr: () => stderr,
    pid: transport.pid,
    close: () => client.close(),
  };
}

/** A server driven with raw lines, for what an SDK client would never send. */
export interface RawServer {
  child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far, parsed; a line that is not JSON fails the test that reads it. */
  lines: () => unknown[];
  send(line: string): void;
  /** Sends a request and waits for the answer with its id. */
  request(id: number | string, method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  waitForId(id: number | string | null, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Spawns the server with raw stdio and performs the initialize handshake. */
export async function spawnRaw(home: string, args: string[] = []): Promise<RawServer> {
  const child = spawn(process.execPath, [SERVER_ENTRY, ...args], { env: serverEnv(home), stdio: 'pipe' });
  const lines: unknown[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffered.slice(0, newline)));
      buffered = buffered.slice(newline + 1);
    }
  });
  // A server that exits (SIGTERM, stdin closed) while lines are still queued makes the pipe fail: expected.
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForId = async (id: number | string | null, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find(
        (l) => (l as { id?: unknown }).id === id && ('result' in (l as object) || 'error' in (l as object)),
      );
      if (found) return found as Record<string, unknown>;
      if (Date.now() > deadline) throw new Error(`no answer for id ${String(id)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const send = (line: string) => child.stdin.write(line + '\n');
  const request = (id: number | string, method: string, params?: Record<string, unknown>) => {
    send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }));
    return waitForId(id);
  };
  await request('init', 'initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw', version: '0' },
  });
  send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  return { child, lines: () => lines, send, request, waitForId, exited };
}
