/**
 * The Claude Desktop connection: where its config lives on each OS, whether it looks installed, and
 * adding, updating or removing the `gatehouse` entry in `mcpServers` with every other byte of the file
 * left alone. The file is backed up before each change; a file that is not plain JSON is refused.
 */
import { isDeepStrictEqual } from 'node:util';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GatehouseError } from '../../server/errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { isJsonObject, parseStrictObject, setJsonMember } from './json-edit.js';
import type { ServerLaunch } from './server-launch.js';

/** The name of Gatehouse's entry in a client's `mcpServers`. */
export const ENTRY_NAME = 'gatehouse';
/** How many backups of the Claude config are kept. */
export const BACKUPS_KEPT = 5;

/** Where to look, per OS. */
export interface ClaudeLocations {
  configFile: string;
  /** Places whose existence says Claude Desktop is (or was) installed. */
  installMarkers: string[];
}

/** Claude Desktop's config file and install locations for an OS. */
export function claudeLocations(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): ClaudeLocations {
  if (platform === 'darwin') {
    const dir = path.join(homedir, 'Library', 'Application Support', 'Claude');
    return {
      configFile: path.join(dir, 'claude_desktop_config.json'),
      installMarkers: ['/Applications/Claude.app', path.join(homedir, 'Applications', 'Claude.app'), dir],
    };
  }
  if (platform === 'win32') {
    const appData = env.APPDATA ?? path.win32.join(homedir, 'AppData', 'Roaming');
    const localAppData = env.LOCALAPPDATA ?? path.win32.join(homedir, 'AppData', 'Local');
    const dir = path.win32.join(appData, 'Claude');
    return {
      configFile: path.win32.join(dir, 'claude_desktop_config.json'),
      installMarkers: [path.win32.join(localAppData, 'AnthropicClaude'), dir],
    };
  }
  // Claude Desktop is an Electron app: on Linux its folder follows XDG_CONFIG_HOME like ours.
  const dir = path.join(env.XDG_CONFIG_HOME || path.join(homedir, '.config'), 'Claude');
  return { configFile: path.join(dir, 'claude_desktop_config.json'), installMarkers: [dir] };
}

/** What the Claude Desktop side looks like now. */
export interface ClaudeStatus {
  configFile: string;
  installed: boolean;
  configExists: boolean;
  /** Why the file cannot be edited (not plain JSON...); null when it can. */
  problem: string | null;
  /** `current`: the entry launches this installation as it should; `different`: it launches something else. */
  entry: 'absent' | 'current' | 'different';
  /** Names of the other servers in the file, untouched by Gatehouse. */
  otherServers: string[];
}

/** The outcome of a connect or remove. */
export interface ClaudeChange {
  configFile: string;
  changed: boolean;
  /** The backup of the previous file; null when nothing was written or there was no file. */
  backupFile: string | null;
  /** The new text (also for a dry run, which writes nothing). */
  text: string;
  dryRun: boolean;
}

/** The `mcpServers` entry for a launch: env only when there is some. */
export function claudeEntry(launch: ServerLaunch): Record<string, unknown> {
  const entry: Record<string, unknown> = { command: launch.command, args: launch.args };
  if (Object.keys(launch.env).length > 0) entry.env = launch.env;
  return entry;
}

const WHAT = 'The Claude Desktop config';

/** One Claude Desktop config file. */
export class ClaudeDesktop {
  constructor(
    readonly locations: ClaudeLocations,
    private readonly launch: ServerLaunch,
  ) {}

  /** The file's state and Gatehouse's entry in it. */
  async status(): Promise<ClaudeStatus> {
    const { configFile } = this.locations;
    const installed = (await Promise.all(this.locations.installMarkers.map(exists))).some(Boolean);
    const text = await readIfExists(configFile);
    const base = { configFile, installed, configExists: text !== null };
    let config;
    try {
      config = parseStrictObject(text ?? '', WHAT);
      // Whatever would stop an edit (mcpServers not an object, duplicate keys) is a problem to show now.
      setJsonMember(text ?? '', ['mcpServers', ENTRY_NAME], claudeEntry(this.launch), WHAT);
    } catch (error) {
      const problem = error instanceof GatehouseError ? error.message : String(error);
      return { ...base, problem, entry: 'absent', otherServers: [] };
    }
    const servers = isJsonObject(config.mcpServers) ? config.mcpServers : {};
    const ours = servers[ENTRY_NAME];
    const entry =
      ours === undefined ? 'absent' : isDeepStrictEqual(ours, claudeEntry(this.launch)) ? 'current' : 'different';
    const otherServers = Object.keys(servers).filter((name) => name !== ENTRY_NAME);
    return { ...base, problem: null, entry, otherServers };
  }

  /** Adds or updates the entry. */
  connect(options: { dryRun?: boolean } = {}): Promise<ClaudeChange> {
    return this.change(claudeEntry(this.launch), options.dryRun ?? false);
  }

  /** Removes the entry; nothing else. */
  remove(options: { dryRun?: boolean } = {}): Promise<ClaudeChange> {
    return this.change(undefined, options.dryRun ?? false);
  }

  private async change(entry: Record<string, unknown> | undefined, dryRun: boolean): Promise<ClaudeChange> {
    const { configFile } = this.locations;
    const text = await readIfExists(configFile);
    if (text === null && entry === undefined) return { configFile, changed: false, backupFile: null, text: '', dryRun };
    const current = parseStrictObject(text ?? '', WHAT);
    // Removing from a file that has no mcpServers at all changes nothing, so nothing is written.
    if (entry === undefined && !(isJsonObject(current.mcpServers) && ENTRY_NAME in current.mcpServers)) {
      return { configFile, changed: false, backupFile: null, text: text ?? '', dryRun };
    }
    const next = setJsonMember(text ?? '', ['mcpServers', ENTRY_NAME], entry, WHAT);
    if (next === text || dryRun) return { configFile, changed: next !== text, backupFile: null, text: next, dryRun };
    // Security: Claude Desktop may have rewritten the file since it was read; never write over that.
    if ((await readIfExists(configFile)) !== text) {
      throw new GatehouseError(
        'INVALID_INPUT',
        `${WHAT} changed while Gatehouse was editing it; nothing was written.`,
        {
          category: 'external_error',
          hint: 'Try again.',
        },
      );
    }
    const backupFile = text === null ? null : await this.backup(text);
    await writeFileAtomic(configFile, next, { mode: 0o600 });
    return { configFile, changed: true, backupFile, text: next, dryRun };
  }

  /** Copies the current text beside the file and drops the oldest backups beyond BACKUPS_KEPT. */
  private async backup(text: string): Promise<string> {
    const { configFile } = this.locations;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const backupFile = `${configFile}.gatehouse-${stamp}.bak`;
    await writeFileAtomic(backupFile, text, { mode: 0o600 });
    const dir = path.dirname(configFile);
    const prefix = `${path.basename(configFile)}.gatehouse-`;
    const backups = (await fs.readdir(dir)).filter((name) => name.startsWith(prefix) && name.endsWith('.bak')).sort();
    for (const old of backups.slice(0, -BACKUPS_KEPT)) await fs.rm(path.join(dir, old), { force: true });
    return backupFile;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new GatehouseError('INTERNAL_ERROR', `Cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`, {
      category: 'external_error',
    });
  }
}
