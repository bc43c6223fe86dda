/**
 * The admin core: every part the tray and the `gatehouse` command share, built once over one
 * Gatehouse home. Both use this, so a change made in one is what the other (and every server) sees.
 */
import os from 'node:os';
import { adminPathsFromProcess, type AdminPaths } from './admin-paths.js';
import { ClaudeDesktop, claudeLocations, type ClaudeLocations } from './claude-desktop.js';
import { clientSnippets, type ClientSnippet } from './client-snippets.js';
import { HealthMonitor } from './health-monitor.js';
import { LogReader } from './log-reader.js';
import { PolicyStore } from './policy-store.js';
import { SecretStore, type Keychain } from './secret-store.js';
import type { SelfTestReport } from './self-test.js';
import { processLaunchContext, serverLaunch, type ServerLaunch } from './server-launch.js';
import { statusTokens } from './status-tokens.js';

/** The shared parts. */
export interface AdminCore {
  readonly paths: AdminPaths;
  readonly policy: PolicyStore;
  readonly secrets: SecretStore;
  readonly logs: LogReader;
  readonly health: HealthMonitor;
  readonly claude: ClaudeDesktop;
  /** How clients start this installation's server. */
  readonly launch: ServerLaunch;
  snippets(): ClientSnippet[];
  selfTest(): Promise<SelfTestReport>;
}

/** What the core is built from; everything but `paths` has a default for this process. */
export interface AdminCoreOptions {
  paths: AdminPaths;
  launch?: ServerLaunch;
  claude?: ClaudeLocations;
  keychain?: Keychain;
  healthIntervalMs?: number;
}

/** Builds the core. Nothing starts running until asked (watch, follow, start). */
export function createAdminCore(options: AdminCoreOptions): AdminCore {
  const { paths } = options;
  const policy = new PolicyStore(paths.policyFile, paths.policyHistoryDir);
  const secrets = new SecretStore(paths.keychainService, options.keychain);
  const launch = options.launch ?? serverLaunch(processLaunchContext(paths));
  const claude = new ClaudeDesktop(
    options.claude ?? claudeLocations(process.platform, process.env, os.homedir()),
    launch,
  );
  const health = new HealthMonitor({
    home: paths.home,
    tokens: () => statusTokens(secrets, paths.tokenFile),
    paused: async () => (await policy.read()).policy.paused,
    intervalMs: options.healthIntervalMs,
  });
  return {
    paths,
    policy,
    secrets,
    logs: new LogReader(paths.logFile),
    health,
    claude,
    launch,
    snippets: () => clientSnippets(launch),
    // The MCP client is loaded only for a self-test: it is most of a command's start-up time otherwise.
    selfTest: async () => (await import('./self-test.js')).runSelfTest(launch),
  };
}

/** The core of this process, from its environment. */
export function adminCoreFromProcess(overrides: Omit<AdminCoreOptions, 'paths'> = {}): AdminCore {
  return createAdminCore({ paths: adminPathsFromProcess(), ...overrides });
}
