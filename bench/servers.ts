/**
 * Launches the servers under test as an MCP client sees them: each its own process on stdio, with its pid
 * kept for RSS sampling, driven by the lean client of rpc-client.ts (or, with `--client sdk`, the SDK's).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StdioRpcClient } from './rpc-client.js';

/** The repository root (this file runs from `dist/bench/`). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** How to start one server. */
export interface LaunchSpec {
  /** The label in every report row. */
  name: string;
  /** Arguments to `node`: the script first. */
  args: string[];
  env?: Record<string, string>;
}

/** Which client drives the servers: the lean one, or the SDK's `Client`. */
export type ClientKind = 'lean' | 'sdk';

/** What a tools/call answered. */
export interface ToolResult {
  content?: unknown;
  structuredContent?: unknown;
  isError?: boolean;
}

/** A running server with a connected client. */
export interface McpTarget {
  readonly name: string;
  readonly pid: number;
  /** The tools its tools/list offered at start. */
  readonly tools: ReadonlySet<string>;
  callTool(name: string, args: Record<string, unknown>): Promise<ToolResult>;
  /** The last few KB the server wrote to stderr, to explain a failure. */
  stderrTail(): string;
  /** Protocol errors the client saw, e.g. stdout lines that were not JSON-RPC. */
  protocolErrors(): number;
  close(): Promise<void>;
}

const STDERR_TAIL = 4096;

/** A connected client, whichever kind. */
interface Session {
  pid: number;
  listTools(cursor?: string): Promise<{ tools: Array<{ name: string }>; nextCursor?: string }>;
  callTool(name: string, args: Record<string, unknown>): Promise<ToolResult>;
  protocolErrors(): number;
  close(): Promise<void>;
}

async function leanSession(spec: LaunchSpec, onStderr: (chunk: Buffer) => void): Promise<Session> {
  const rpc = await StdioRpcClient.start({ command: process.execPath, args: spec.args, env: spec.env, onStderr });
  return {
    pid: rpc.pid,
    listTools: async (cursor) =>
      (await rpc.request('tools/list', cursor ? { cursor } : {})) as Awaited<ReturnType<Session['listTools']>>,
    callTool: async (name, args) => (await rpc.request('tools/call', { name, arguments: args })) as ToolResult,
    protocolErrors: () => rpc.protocolErrors(),
    close: () => rpc.close(),
  };
}

async function sdkSession(spec: LaunchSpec, onStderr: (chunk: Buffer) => void): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: spec.args,
    env: spec.env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', onStderr);
  const client = new Client({ name: 'gatehouse-bench', version: '1.0.0' });
  let protocolErrors = 0;
  client.onerror = () => (protocolErrors += 1);
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  const pid = transport.pid;
  if (pid == null) throw new Error('no pid');
  return {
    pid,
    listTools: (cursor) => client.listTools(cursor ? { cursor } : {}),
    callTool: async (name, args) => (await client.callTool({ name, arguments: args })) as ToolResult,
    protocolErrors: () => protocolErrors,
    close: () => client.close(),
  };
}

/** Starts the server and connects a client; throws with the server's stderr if it does not answer. */
export async function launchServer(spec: LaunchSpec, kind: ClientKind = 'lean'): Promise<McpTarget> {
  const script = spec.args[0];
  if (!script || !fs.existsSync(script)) throw new Error(`${spec.name}: ${script} is missing (run npm run build?)`);
  let stderr = '';
  const onStderr = (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
  };
  let session: Session | undefined;
  try {
    session = await (kind === 'sdk' ? sdkSession : leanSession)(spec, onStderr);
    const tools = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await session.listTools(cursor);
      for (const tool of page.tools) tools.add(tool.name);
      cursor = page.nextCursor;
    } while (cursor);
    const { pid, callTool, protocolErrors, close } = session;
    return { name: spec.name, pid, tools, callTool, stderrTail: () => stderr, protocolErrors, close };
  } catch (error) {
    await session?.close().catch(() => undefined);
    throw new Error(`${spec.name} did not start: ${(error as Error).message}\n${stderr}`);
  }
}

/** What a Gatehouse server under test may use. */
export interface GatehouseSetup {
  /** A fresh folder for GATEHOUSE_HOME (policy, logs), removed by the caller. */
  home: string;
  /** Read roots. */
  roots: string[];
  /** Databases by name, read access. */
  databases: Record<string, string>;
}

/**
 * The BUILT Gatehouse server, with a policy naming the tree and the database. The rate limit is raised
 * to its maximum: the benchmark measures speed, not the limiter (issue 5 tests that).
 */
export function gatehouseSpec(setup: GatehouseSetup): LaunchSpec {
  fs.mkdirSync(setup.home, { recursive: true });
  const policy = {
    version: 1,
    roots: setup.roots.map((root) => ({ path: root, access: 'read' })),
    databases: Object.entries(setup.databases).map(([name, file]) => ({ name, path: file, access: 'read' })),
    limits: { callsPerMinute: 1_000_000 },
  };
  fs.writeFileSync(path.join(setup.home, 'policy.json'), JSON.stringify(policy, null, 2));
  return {
    name: 'gatehouse',
    args: [path.join(REPO_ROOT, 'dist/server/main.js')],
    env: { GATEHOUSE_HOME: setup.home },
  };
}

/** The reference filesystem server, sharing `root` as its one allowed directory. */
export function referenceSpec(root: string): LaunchSpec {
  return {
    name: 'reference',
    args: [path.join(REPO_ROOT, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), root],
  };
}

/** The published npm SQLite MCP server we compare with (see BENCHMARKS.md for the version). */
export const SQLITE_PEER = 'mcp-server-sqlite';

/**
 * The peer SQLite server on its own copy of `file`: it switches the file to WAL mode at start, and the
 * database Gatehouse reads must stay as generated. It reads its path from the environment at import
 * time, before its own `--db` flag is parsed, so both are given.
 */
export function sqlitePeerSpec(file: string): LaunchSpec {
  const copy = file.replace(/\.db$/, '') + '-peer.db';
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  fs.copyFileSync(file, copy);
  return {
    name: SQLITE_PEER,
    args: [path.join(REPO_ROOT, 'node_modules/mcp-server-sqlite/dist/cli.js'), '--db', copy],
    env: { SQLITE_DB_PATH: copy },
  };
}

/** The bare SDK server with one no-op tool: the protocol's own ceiling. */
export function noopSpec(): LaunchSpec {
  return { name: 'bare SDK', args: [path.join(import.meta.dirname, 'noop-server.js')] };
}

/** The installed version of a dev dependency, for the report. */
export function packageVersion(name: string): string {
  const file = path.join(REPO_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
