/**
 * Turns "call this tool with these arguments" into an Invoke for the runner, for an MCP server (a tool
 * it may not offer yet) or for a command such as `grep -r`.
 */
import { spawn } from 'node:child_process';
import type { Invoke } from './runner.js';
import type { McpTarget, ToolResult } from './servers.js';

/** Something to measure, or the reason it is skipped. */
export type Contender =
  { name: string; pid: number | null; invoke: Invoke } | { name: string; pid: number | null; skipped: string };

/** The first text block of a tool result, for error messages. */
function resultText(result: ToolResult): string {
  const blocks = Array.isArray(result.content) ? (result.content as Array<{ text?: unknown }>) : [];
  const text = blocks.map((block) => (typeof block.text === 'string' ? block.text : '')).join(' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * A tool call on a server, skipped with a clear line when the server does not offer the tool (Gatehouse's
 * tools land on other branches; the scenarios light up as they are merged).
 */
export function mcpContender(target: McpTarget, tool: string, args: (i: number) => Record<string, unknown>): Contender {
  if (!target.tools.has(tool)) {
    return { name: target.name, pid: target.pid, skipped: `skipped: ${target.name} does not offer ${tool} yet` };
  }
  const invoke: Invoke = async (i) => {
    const result = await target.callTool(tool, args(i));
    if (result.isError) throw new Error(`${tool} failed: ${resultText(result)}`);
    if (!Array.isArray(result.content)) throw new Error(`${tool} answered without content`);
  };
  return { name: target.name, pid: target.pid, invoke };
}

/**
 * A command run to completion per call, its output read (not sent to /dev/null: GNU grep stops at the
 * first match when it sees its output is /dev/null, which would flatter it). Exit 0 or 1 are answers.
 */
export function commandContender(name: string, command: string, args: string[]): Contender {
  const invoke: Invoke = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stdout.on('data', () => undefined);
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`${name}: ${stderr}`))));
    });
  return { name, pid: null, invoke };
}
