/**
 * A lean MCP client on a server's stdio, for load generation: newline-delimited JSON-RPC, answers matched
 * to calls by id, nothing validated beyond that. The SDK's `Client` parses every message with zod and
 * checks every `structuredContent` against the tool's output schema: about 60 µs of client CPU per call,
 * spent on the same two cores as the server under test, which pulls every ratio toward 1. With it a bare
 * SDK server's no-op tool reached ~6,400 calls/s at concurrency 1 here; the issues' goals were set with a
 * client under which that server answers ~11,000. `npm run bench -- --client sdk` still runs the SDK's.
 */
import { spawn } from 'node:child_process';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { LineReader } from '../server/transport/line-reader.js';

/** A JSON-RPC error answer, as an Error. */
export class RpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (${code})`);
  }
}

interface Waiter {
  method: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Incoming {
  id?: number | string | null;
  method?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** How to start the server. */
export interface RpcSpawn {
  command: string;
  args: readonly string[];
  env?: Record<string, string>;
  /** Each chunk the server writes to stderr. */
  onStderr?(chunk: Buffer): void;
}

/** One server process and the JSON-RPC session on its stdio. */
export class StdioRpcClient {
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  /** The server's own line splitter, without a size cap. */
  private readonly lines = new LineReader(() => Infinity);
  private gone: Error | null = null;
  private readonly exited: Promise<void>;
  private skippedLines = 0;
  readonly pid: number;

  private constructor(private readonly child: ReturnType<typeof spawn>) {
    if (child.pid === undefined) throw new Error('the server did not start');
    this.pid = child.pid;
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const event of this.lines.feed(chunk)) if (event.kind === 'line') this.handleLine(event.text);
    });
    // A server that dies fails its calls at once instead of leaving them waiting.
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.fail(new Error(`the server exited (${signal ?? `code ${code}`})`));
        resolve();
      });
    });
    child.stdin!.on('error', (error) => this.fail(error));
  }

  /** Starts the server and runs the MCP handshake. */
  static async start(spec: RpcSpawn): Promise<StdioRpcClient> {
    const child = spawn(spec.command, [...spec.args], {
      // The environment the SDK's client gives a server (PATH, HOME and the like), so both clients start it alike.
      env: { ...getDefaultEnvironment(), ...spec.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (spec.onStderr) child.stderr.on('data', spec.onStderr);
    else child.stderr.resume();
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const client = new StdioRpcClient(child);
    try {
      await client.request('initialize', {
        protocolVersion: LATEST_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'gatehouse-bench', version: '1.0.0' },
      });
      client.notify('notifications/initialized');
      return client;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** Lines on stdout that were not JSON-RPC (a server that logs to stdout). */
  protocolErrors(): number {
    return this.skippedLines;
  }

  /** Sends a request; resolves with its result, rejects with its error (an RpcError) or the server's end. */
  request(method: string, params?: Record<string, unknown>): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { method, resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method: string, params?: Record<string, unknown>): void {
    if (!this.gone) this.child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  /** Ends stdin (a graceful stop for an MCP server), then kills the server if it is still there after 2 s. */
  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin!.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      await this.exited;
      clearTimeout(timer);
    }
    this.fail(new Error('the client is closed'));
  }

  private fail(error: Error): void {
    this.gone ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.gone);
    this.waiting.clear();
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let message: Incoming;
    try {
      message = JSON.parse(line) as Incoming;
    } catch {
      this.skippedLines += 1;
      return;
    }
    if (typeof message !== 'object' || message === null) {
      this.skippedLines += 1;
      return;
    }
    if (typeof message.method === 'string') {
      // A request from the server (a ping, say): answered, since the client offers no capabilities.
      if (message.id !== undefined && message.id !== null) {
        const answer =
          message.method === 'ping'
            ? { jsonrpc: '2.0', id: message.id, result: {} }
            : { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } };
        this.child.stdin!.write(`${JSON.stringify(answer)}\n`);
      }
      return; // notifications (progress, logging, list changes) are not needed here
    }
    const waiter = typeof message.id === 'number' ? this.waiting.get(message.id) : undefined;
    if (!waiter) {
      this.skippedLines += 1;
      return;
    }
    this.waiting.delete(message.id as number);
    if (message.error) waiter.reject(new RpcError(waiter.method, message.error.code, message.error.message));
    else waiter.resolve(message.result);
  }
}
