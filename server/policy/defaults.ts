/**
 * The policy's defaults and ranges as plain data, without zod, so the dashboard can show them without
 * bundling the schema. schema.ts builds the schema from these and re-exports them.
 */

/** The deny globs that apply when the policy has no `deny` key. */
export const DEFAULT_DENY: readonly string[] = Object.freeze([
  '**/.git/**',
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.key',
  '**/.ssh/**',
]);

const MIB = 1024 * 1024;

/** Each limit's default and allowed range; out of range makes the file invalid. */
export const LIMIT_RANGES = {
  maxReadBytes: { default: 10 * MIB, min: 1, max: 1024 * MIB },
  maxWriteBytes: { default: 10 * MIB, min: 1, max: 256 * MIB },
  maxRows: { default: 1000, min: 1, max: 100_000 },
  queryTimeoutMs: { default: 5000, min: 100, max: 600_000 },
  callsPerMinute: { default: 600, min: 1, max: 1_000_000 },
} as const;
