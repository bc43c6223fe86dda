/**
 * How an MCP client starts this installation's server: the same command for the Claude Desktop entry,
 * the snippets for other clients, and the self-test, so what is tested is what clients run.
 */
import { fileURLToPath } from 'node:url';
import type { AdminPaths } from './admin-paths.js';
import { unpackedPath } from './app-layout.js';

/** A stdio server launch, as MCP client configs spell it. */
export interface ServerLaunch {
  command: string;
  args: string[];
  /** Only what the server needs beyond the client's own environment. */
  env: Record<string, string>;
}

/** What the launch is derived from. */
export interface LaunchContext {
  /** The executable that runs the server script: node, or the packaged app's own executable. */
  execPath: string;
  /** Absolute path of the built server entry. */
  serverScript: string;
  /** True when `execPath` is an Electron binary: it runs the script as plain Node only when told to. */
  electron: boolean;
  paths: Pick<AdminPaths, 'home' | 'policyFile' | 'homeFromEnv' | 'policyFromEnv'>;
}

/** The launch for a context. */
export function serverLaunch(context: LaunchContext): ServerLaunch {
  const env: Record<string, string> = {};
  if (context.electron) env.ELECTRON_RUN_AS_NODE = '1';
  // The server finds the default home on its own; a home or policy chosen by environment is passed on
  // so that the client's server and these admin tools look at the same files.
  if (context.paths.homeFromEnv) env.GATEHOUSE_HOME = context.paths.home;
  if (context.paths.policyFromEnv) env.GATEHOUSE_POLICY = context.paths.policyFile;
  return { command: context.execPath, args: [context.serverScript], env };
}

/**
 * The built server next to this module: `dist/electron/core/` -> `dist/server/main.js` from a
 * checkout; in a packaged app the same place under `app.asar.unpacked`, since a client runs it as
 * plain Node, which cannot read inside the asar archive (see app-layout.ts).
 */
export function bundledServerScript(): string {
  return unpackedPath(fileURLToPath(new URL('../../server/main.js', import.meta.url)));
}

/** The launch context of this process: its own executable, Electron or node (an absolute path either way). */
export function processLaunchContext(
  paths: LaunchContext['paths'],
  serverScript = bundledServerScript(),
): LaunchContext {
  return { execPath: process.execPath, serverScript, electron: Boolean(process.versions.electron), paths };
}
