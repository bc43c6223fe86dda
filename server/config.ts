/**
 * Operational settings of one server process. This is the only module that reads `process.env` and
 * `process.argv`; everything else gets the frozen result. Precedence: defaults < env < argv.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** Why the command line or environment could not be used; main prints it and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The resolved settings of one server process. */
export interface ServerConfig {
  /** `--help` and `--version` print and exit; everything else serves. */
  readonly action: 'serve' | 'help' | 'version';
  /** `GATEHOUSE_HOME`: policy, logs, run-time files and trash live here. */
  readonly home: string;
  readonly policyPath: string;
  /** Positional DIR arguments, absolute; added to the policy as `write` roots. */
  readonly extraRoots: readonly string[];
  /** `--db FILE` arguments, absolute; added to the policy as `read` databases named after the file. */
  readonly extraDatabases: readonly string[];
  readonly logLevel: LogLevel;
  /** Also write log lines to stderr (never stdout: it carries the protocol). */
  readonly logToStderr: boolean;
  readonly logMaxBytes: number;
  readonly logMaxFiles: number;
  /** Tool calls that may run at once; more wait in a queue of `maxQueuedCalls`. */
  readonly maxInFlightCalls: number;
  readonly maxQueuedCalls: number;
  /** Resident memory above which heavy calls are refused. */
  readonly memoryLimitBytes: number;
}

/** Log levels, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The inputs config is resolved from; tests pass their own. */
export interface ConfigSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  platform: NodeJS.Platform;
  homedir: string;
}

/** Every `GATEHOUSE_*` variable the server reads, with its meaning (shown by `--help`). */
export const ENV_DOCS: Readonly<Record<string, string>> = {
  GATEHOUSE_HOME: 'data folder (policy, logs, run-time files, trash); default: the tray app folder',
  GATEHOUSE_POLICY: 'policy file; default: $GATEHOUSE_HOME/policy.json (--policy wins)',
  GATEHOUSE_LOG_LEVEL: 'error | warn | info | debug; default: info',
  GATEHOUSE_LOG_STDERR: '1 to copy log lines to stderr; default: 0',
  GATEHOUSE_LOG_MAX_BYTES: 'size at which server.log rotates; default: 10485760',
  GATEHOUSE_LOG_MAX_FILES: 'rotated log files kept; default: 5',
  GATEHOUSE_MAX_INFLIGHT: 'tool calls that may run at once; default: 32',
  GATEHOUSE_MAX_QUEUED: 'tool calls that may wait for a slot; default: 4096',
  GATEHOUSE_MEMORY_LIMIT_MB: 'memory above which heavy calls are refused; default: 1024',
};

const envSchema = z.object({
  GATEHOUSE_HOME: z.string().min(1).optional(),
  GATEHOUSE_POLICY: z.string().min(1).optional(),
  GATEHOUSE_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  GATEHOUSE_LOG_STDERR: z.enum(['0', '1', 'true', 'false']).default('0'),
  GATEHOUSE_LOG_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(65_536)
    .max(1 << 30)
    .default(10 * 1024 * 1024),
  GATEHOUSE_LOG_MAX_FILES: z.coerce.number().int().min(1).max(100).default(5),
  GATEHOUSE_MAX_INFLIGHT: z.coerce.number().int().min(1).max(10_000).default(32),
  GATEHOUSE_MAX_QUEUED: z.coerce.number().int().min(0).max(1_000_000).default(4096),
  GATEHOUSE_MEMORY_LIMIT_MB: z.coerce
    .number()
    .int()
    .min(64)
    .max(1 << 20)
    .default(1024),
});

/**
 * The folder Electron's `app.getPath('userData')` gives for an app named Gatehouse, so the tray and
 * every server agree on it without talking (CONTRACT §1).
 */
export function defaultHome(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): string {
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Application Support', 'Gatehouse');
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(homedir, 'AppData', 'Roaming'), 'Gatehouse');
  }
  return path.join(env.XDG_CONFIG_HOME || path.join(homedir, '.config'), 'Gatehouse');
}

/** Resolves the settings from explicit sources; throws UsageError for bad argv or env. */
export function resolveConfig(sources: ConfigSources): ServerConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...sources.argv],
      allowPositionals: true,
      strict: true,
      options: {
        policy: { type: 'string' },
        db: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const env = envSchema.safeParse(sources.env);
  if (!env.success) {
    const issue = env.error.issues[0];
    throw new UsageError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = env.data;
  const home = path.resolve(
    sources.cwd,
    e.GATEHOUSE_HOME ?? defaultHome(sources.platform, sources.env, sources.homedir),
  );
  const policyFile = parsed.values.policy ?? e.GATEHOUSE_POLICY;
  const action = parsed.values.help ? 'help' : parsed.values.version ? 'version' : 'serve';
  return Object.freeze({
    action,
    home,
    policyPath: policyFile ? path.resolve(sources.cwd, policyFile) : path.join(home, 'policy.json'),
    extraRoots: Object.freeze(parsed.positionals.map((dir) => path.resolve(sources.cwd, dir))),
    extraDatabases: Object.freeze((parsed.values.db ?? []).map((file) => path.resolve(sources.cwd, file))),
    logLevel: e.GATEHOUSE_LOG_LEVEL,
    logToStderr: e.GATEHOUSE_LOG_STDERR === '1' || e.GATEHOUSE_LOG_STDERR === 'true',
    logMaxBytes: e.GATEHOUSE_LOG_MAX_BYTES,
    logMaxFiles: e.GATEHOUSE_LOG_MAX_FILES,
    maxInFlightCalls: e.GATEHOUSE_MAX_INFLIGHT,
    maxQueuedCalls: e.GATEHOUSE_MAX_QUEUED,
    memoryLimitBytes: e.GATEHOUSE_MEMORY_LIMIT_MB * 1024 * 1024,
  });
}

/** Resolves the settings of this process from its real argv and environment. */
export function loadConfig(): ServerConfig {
  return resolveConfig({
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    platform: process.platform,
    homedir: os.homedir(),
  });
}

/** The text of `gatehouse-mcp --help`. */
export function usageText(): string {
  const env = Object.entries(ENV_DOCS)
    .map(([name, doc]) => `  ${name.padEnd(26)}${doc}`)
    .join('\n');
  return [
    'Usage: gatehouse-mcp [--policy FILE] [--db FILE ...] [DIR ...]',
    '',
    'Starts one Gatehouse MCP server on stdio. Each DIR is shared with write access, on top of the',
    'folders and databases of the policy file.',
    '',
    'Options:',
    '  --policy FILE             policy file (default: $GATEHOUSE_HOME/policy.json)',
    '  --db FILE                 share a SQLite database, read only, named after the file (repeatable)',
    '  -h, --help                show this help',
    '  -v, --version             show the version',
    '',
    'Environment:',
    env,
    '',
  ].join('\n');
}
