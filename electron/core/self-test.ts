/**
 * Self-test: starts the server exactly as a client's entry says, does the MCP handshake, lists the
 * tools and calls `list_allowed_directories`, timing each step. Proves the entry works before a person
 * finds out from Claude Desktop that it does not.
 */
import fs from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { ServerLaunch } from './server-launch.js';

/** One step: `warn` means it answered, but not as a working setup would (paused, tool switched off). */
export interface SelfTestStep {
  name: 'launch' | 'handshake' | 'list tools' | 'list_allowed_directories';
  status: 'ok' | 'warn' | 'fail';
  durationMs: number;
  detail: string;
}

/** The whole report. */
export interface SelfTestReport {
  ok: boolean;
  launch: ServerLaunch;
  steps: SelfTestStep[];
  /** The end of the server's stderr when something failed. */
  stderrTail: string;
}

/** Options of runSelfTest(). */
export interface SelfTestOptions {
  /** Per step (default 15 s: a cold start on a slow disk is slow). */
  timeoutMs?: number;
}

/**
 * Variables a desktop session gives every app and Claude Desktop passes on; the rest of this process's
 * environment (GATEHOUSE_* among it) must not make the test pass where the real client would fail.
 */
const SESSION_VARIABLES = [
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
  'DBUS_SESSION_BUS_ADDRESS',
  'DISPLAY',
];

function clientEnvironment(launch: ServerLaunch): Record<string, string> {
  const env: Record<string, string> = { ...getDefaultEnvironment() };
  for (const name of SESSION_VARIABLES) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return { ...env, ...launch.env };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs the self-test of a launch. Never throws: every failure is a step. */
export async function runSelfTest(launch: ServerLaunch, options: SelfTestOptions = {}): Promise<SelfTestReport> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const steps: SelfTestStep[] = [];
  let stderr = '';
  const report = (): SelfTestReport => {
    const ok = steps.length === 4 && steps.every((step) => step.status !== 'fail');
    return { ok, launch, steps, stderrTail: ok ? '' : stderr.slice(-2000) };
  };
  const step = async (
    name: SelfTestStep['name'],
    run: () => Promise<{ status?: SelfTestStep['status']; detail: string }>,
  ) => {
    const started = performance.now();
    try {
      const { status = 'ok', detail } = await withTimeout(run(), timeoutMs, name);
      steps.push({ name, status, durationMs: Math.round(performance.now() - started), detail });
      return true;
    } catch (error) {
      steps.push({ name, status: 'fail', durationMs: Math.round(performance.now() - started), detail: message(error) });
      return false;
    }
  };

  const launched = await step('launch', async () => {
    await fs.access(launch.command).catch(() => {
      throw new Error(`the command ${launch.command} does not exist`);
    });
    for (const arg of launch.args.filter((a) => a.endsWith('.js'))) {
      await fs.access(arg).catch(() => {
        throw new Error(`the server script ${arg} does not exist (run npm run build?)`);
      });
    }
    return { detail: `${launch.command} ${launch.args.join(' ')}` };
  });
  if (!launched) return report();

  const transport = new StdioClientTransport({
    command: launch.command,
    args: launch.args,
    env: clientEnvironment(launch),
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  const client = new Client({ name: 'gatehouse-selftest', version: '1.0.0' });
  try {
    const connected = await step('handshake', async () => {
      await client.connect(transport);
      const server = client.getServerVersion();
      return { detail: `${server?.name ?? 'unknown'} ${server?.version ?? ''}`.trim() };
    });
    if (!connected) return report();
    const listed = await step('list tools', async () => {
      const { tools } = await client.listTools();
      const offered = tools.some((tool) => tool.name === 'list_allowed_directories');
      return {
        status: offered ? 'ok' : 'warn',
        detail: `${tools.length} tool${tools.length === 1 ? '' : 's'} offered`,
      };
    });
    if (!listed) return report();
    await step('list_allowed_directories', async () => {
      const result = await client.callTool({ name: 'list_allowed_directories', arguments: {} });
      const content = result.structuredContent as
        { directories?: unknown[]; error?: { code: string; message: string } } | undefined;
      if (result.isError) {
        const error = content?.error;
        return { status: 'warn', detail: `refused: ${error?.code ?? 'error'} (${error?.message ?? ''})` };
      }
      const count = content?.directories?.length ?? 0;
      return { detail: count === 0 ? 'no folders shared yet' : `${count} folder${count === 1 ? '' : 's'} shared` };
    });
  } finally {
    await client.close().catch(() => {});
  }
  return report();
}
