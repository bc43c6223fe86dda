/**
 * What a running server tells the tray (CONTRACT §5), as zod schemas both sides parse with. Pure: the
 * tray, the `gatehouse` command and the dashboard import it.
 */
import { z } from 'zod';

/** The keychain entry that holds the bearer token of the status endpoints. */
export const STATUS_TOKEN_KEYCHAIN = Object.freeze({ service: 'Gatehouse', account: 'status-token' });

/** Where the status files live, relative to `GATEHOUSE_HOME`. */
export const RUN_PATHS = Object.freeze({
  /** One `<pid>.json` per running server. */
  instances: ['run', 'instances'],
  /** Stand-in for the keychain token when no keychain is available (mode 0600). */
  tokenFile: ['run', 'status-token'],
});

/** `$GATEHOUSE_HOME/run/instances/<pid>.json`. */
export const instanceFileSchema = z.object({
  pid: z.int().positive(),
  port: z.int().min(1).max(65535),
  startedAt: z.string(),
  version: z.string(),
  /** The MCP client from `initialize`; null until it has connected. */
  client: z.object({ name: z.string(), version: z.string() }).nullable(),
  /** The policy file this instance follows. */
  policyFile: z.string().optional(),
});
/** A discovery record of one running server. */
export type InstanceFile = z.infer<typeof instanceFileSchema>;

/** Status of one health check and of the whole. */
export const healthStatusSchema = z.enum(['healthy', 'degraded', 'unhealthy']);
/** A health status. */
export type HealthStatus = z.infer<typeof healthStatusSchema>;

/** One health check: what it looked at, how it went, and how long it took. */
export const healthCheckSchema = z.object({
  name: z.string(),
  status: healthStatusSchema,
  message: z.string(),
  durationMs: z.number(),
});
/** A health check result. */
export type HealthCheck = z.infer<typeof healthCheckSchema>;

/** The body of `GET /health`. */
export const healthResponseSchema = z.object({
  status: healthStatusSchema,
  pid: z.int(),
  version: z.string(),
  uptimeSeconds: z.number(),
  checks: z.array(healthCheckSchema),
});
/** A `/health` answer. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** The body of `GET /ready`. */
export const readyResponseSchema = z.object({ ready: z.boolean(), reasons: z.array(z.string()) });
/** A `/ready` answer. */
export type ReadyResponse = z.infer<typeof readyResponseSchema>;

const RANK: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

/** The worst of several statuses; `healthy` for none. */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'healthy';
  for (const status of statuses) if (RANK[status] > RANK[worst]) worst = status;
  return worst;
}
