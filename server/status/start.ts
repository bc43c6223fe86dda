/**
 * Starts everything the tray sees of one server: the status token, the listener, and the instance
 * file that announces them. Runs after the MCP connection is up, so a slow keychain never delays the
 * client's handshake.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type winston from 'winston';
import type { GatehouseServer } from '../create-server.js';
import type { PolicySource } from '../policy/source.js';
import { checkHealth, type HealthSources } from './health.js';
import { removeInstanceFile, writeInstanceFile } from './instances.js';
import { startStatusListener } from './listener.js';
import type { ServerMetrics } from './metrics.js';
import type { HealthCheck } from './protocol.js';
import { readStatusToken, type Keychain, type StatusToken } from './token.js';

/** What the status side of a server needs. */
export interface StatusDeps {
  home: string;
  version: string;
  policy: PolicySource;
  gatehouse: GatehouseServer;
  metrics: ServerMetrics;
  log: winston.Logger;
  logProblem: () => string | null;
  memoryLimitBytes: number;
  keychain?: () => Promise<Keychain>;
  /** `PRAGMA quick_check` of a policy database, for `/health?quick_check=1`. */
  quickCheck?: HealthSources['quickCheck'];
  extraChecks?: () => Promise<HealthCheck[]>;
}

/** The running status side. */
export interface StatusHandle {
  port: number;
  close(): Promise<void>;
}

/** Starts the listener and registers the instance. */
export async function startStatus(deps: StatusDeps): Promise<StatusHandle> {
  const { home, policy, gatehouse } = deps;
  const startedAt = Date.now();
  let token: StatusToken = await readStatusToken(home, deps.keychain);
  if (token.problem) deps.log.warn('status token kept in a file', { problem: token.problem });
  const eventLoop = monitorEventLoopDelay({ resolution: 20 });
  eventLoop.enable();

  const listener = await startStatusListener({
    token: () => token.value,
    refreshToken: async () => {
      token = await readStatusToken(home, deps.keychain);
      return token.value;
    },
    health: (options) =>
      checkHealth(
        {
          policy: () => policy.current(),
          home,
          version: deps.version,
          startedAt,
          keychainProblem: () => token.problem,
          logProblem: deps.logProblem,
          memoryLimitBytes: deps.memoryLimitBytes,
          eventLoop,
          quickCheck: deps.quickCheck,
          extraChecks: deps.extraChecks,
        },
        options,
      ),
    ready: () => {
      const reasons: string[] = [];
      if (policy.current().state === 'invalid') reasons.push('the policy file is invalid');
      if (!gatehouse.client()) reasons.push('no MCP client has initialized yet');
      return { ready: reasons.length === 0, reasons };
    },
    metrics: () => deps.metrics.render(),
  });

  const register = () =>
    writeInstanceFile(home, {
      pid: process.pid,
      port: listener.port,
      startedAt: new Date(startedAt).toISOString(),
      version: deps.version,
      client: gatehouse.client() ?? null,
      policyFile: policy.current().file,
    });
  register();
  const stopFollowing = gatehouse.onInitialized(register);
  deps.log.info('status listener started', { port: listener.port, token: token.source });

  return {
    port: listener.port,
    async close() {
      stopFollowing();
      removeInstanceFile(home, process.pid);
      eventLoop.disable();
      await listener.close();
    },
  };
}
