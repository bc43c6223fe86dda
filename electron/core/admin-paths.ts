/**
 * Where the admin core finds everything. The one reader of the environment on the tray side, so the
 * tray, the `gatehouse` command and every server agree on `GATEHOUSE_HOME` (CONTRACT §1).
 */
import os from 'node:os';
import path from 'node:path';
import { defaultHome } from '../../server/config.js';
import { logFilePath } from '../../server/logging.js';
import { RUN_PATHS, STATUS_TOKEN_KEYCHAIN } from '../../server/status/protocol.js';

/** Every file and keychain name the admin core uses. */
export interface AdminPaths {
  readonly home: string;
  readonly policyFile: string;
  /** True when `GATEHOUSE_HOME` or `GATEHOUSE_POLICY` was set: a client entry must pass them on. */
  readonly homeFromEnv: boolean;
  readonly policyFromEnv: boolean;
  /** Earlier versions of the policy file, for undo. */
  readonly policyHistoryDir: string;
  readonly logsDir: string;
  readonly logFile: string;
  readonly instancesDir: string;
  readonly tokenFile: string;
  /** Keychain service of the user's secrets; `Gatehouse` unless a test or a side-by-side install says. */
  readonly keychainService: string;
}

/** The inputs the paths are resolved from; tests pass their own. */
export interface AdminPathSources {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homedir: string;
  cwd: string;
}

/** Resolves the admin paths from explicit sources. */
export function resolveAdminPaths(sources: AdminPathSources): AdminPaths {
  const { env } = sources;
  const home = path.resolve(sources.cwd, env.GATEHOUSE_HOME || defaultHome(sources.platform, env, sources.homedir));
  const policyFile = env.GATEHOUSE_POLICY
    ? path.resolve(sources.cwd, env.GATEHOUSE_POLICY)
    : path.join(home, 'policy.json');
  const logFile = logFilePath(home);
  return Object.freeze({
    home,
    policyFile,
    homeFromEnv: Boolean(env.GATEHOUSE_HOME),
    policyFromEnv: Boolean(env.GATEHOUSE_POLICY),
    policyHistoryDir: path.join(home, 'policy-history'),
    logsDir: path.dirname(logFile),
    logFile,
    instancesDir: path.join(home, ...RUN_PATHS.instances),
    tokenFile: path.join(home, ...RUN_PATHS.tokenFile),
    keychainService: env.GATEHOUSE_KEYCHAIN_SERVICE || STATUS_TOKEN_KEYCHAIN.service,
  });
}

/** The admin paths of this process. */
export function adminPathsFromProcess(): AdminPaths {
  return resolveAdminPaths({ env: process.env, platform: process.platform, homedir: os.homedir(), cwd: process.cwd() });
}
