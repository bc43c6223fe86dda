/**
 * Policy file v1 (CONTRACT §2) as one zod schema. Pure: the tray and the dashboard validate with this
 * very schema, so a file the tray accepts is a file every server accepts.
 */
import { z } from 'zod';
import { TOOL_NAMES, type ToolName } from '../tools/catalog.js';
import { DEFAULT_DENY, LIMIT_RANGES } from './defaults.js';
import type { PolicyIssue } from './issues.js';

export { DEFAULT_DENY, LIMIT_RANGES } from './defaults.js';
export { formatPolicyIssues, type PolicyIssue } from './issues.js';

type LimitName = keyof typeof LIMIT_RANGES;

const limit = (name: LimitName) => {
  const { default: fallback, min, max } = LIMIT_RANGES[name];
  return z.int().min(min).max(max).default(fallback);
};

/** Absolute on POSIX (`/x`), on Windows (`C:\x`, `C:/x`) or a UNC share (`\\host\share`). */
export function isAbsolutePathText(text: string): boolean {
  return text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text) || /^\\\\[^\\]+\\[^\\]+/.test(text);
}

const absolutePath = z
  .string()
  .min(1)
  // Security: a NUL byte truncates paths in C APIs; refuse it before any file system call sees it.
  .refine((p) => !p.includes('\0'), 'must not contain a NUL byte')
  .refine(isAbsolutePathText, 'must be an absolute path');

const access = z.enum(['read', 'write']);

const rootSchema = z.strictObject({ path: absolutePath, access });

const databaseSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
  path: absolutePath,
  access,
});

const toolSwitches = z.strictObject(
  Object.fromEntries(TOOL_NAMES.map((name) => [name, z.boolean().optional()])) as Record<
    ToolName,
    z.ZodOptional<z.ZodBoolean>
  >,
);

/** The policy file as written; every key but `version` may be left out. */
export const policySchema = z
  .strictObject({
    version: z.literal(1),
    paused: z.boolean().default(false),
    roots: z.array(rootSchema).default([]),
    deny: z.array(z.string().min(1)).default([...DEFAULT_DENY]),
    databases: z.array(databaseSchema).default([]),
    tools: toolSwitches.default({}),
    limits: z
      .strictObject({
        maxReadBytes: limit('maxReadBytes'),
        maxWriteBytes: limit('maxWriteBytes'),
        maxRows: limit('maxRows'),
        queryTimeoutMs: limit('queryTimeoutMs'),
        callsPerMinute: limit('callsPerMinute'),
      })
      .default({
        maxReadBytes: LIMIT_RANGES.maxReadBytes.default,
        maxWriteBytes: LIMIT_RANGES.maxWriteBytes.default,
        maxRows: LIMIT_RANGES.maxRows.default,
        queryTimeoutMs: LIMIT_RANGES.queryTimeoutMs.default,
        callsPerMinute: LIMIT_RANGES.callsPerMinute.default,
      }),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.databases.forEach((db, index) => {
      if (seen.has(db.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['databases', index, 'name'],
          message: `duplicate database name "${db.name}"`,
        });
      }
      seen.add(db.name);
    });
  });

/** A policy with every default filled in. */
export type Policy = z.output<typeof policySchema>;
/** A policy as a person may write it. */
export type PolicyInput = z.input<typeof policySchema>;
/** A root folder entry. */
export type PolicyRoot = Policy['roots'][number];
/** A database entry. */
export type PolicyDatabase = Policy['databases'][number];
/** The limits block. */
export type PolicyLimits = Policy['limits'];

/** The outcome of validating a policy document. */
export type PolicyValidation = { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] };

/** Validates a parsed JSON value as a policy v1 document. */
export function validatePolicy(value: unknown): PolicyValidation {
  const result = policySchema.safeParse(value);
  if (result.success) return { ok: true, policy: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      message: describeIssue(issue),
    })),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Parses policy file text: JSON syntax errors and schema errors both come back as issues. */
export function parsePolicyText(text: string): PolicyValidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ field: '', message: `not valid JSON: ${reason}` }] };
  }
  return validatePolicy(value);
}

/** The policy in force when there is no policy file: nothing shared, every tool enabled. */
export function emptyPolicy(): Policy {
  return policySchema.parse({ version: 1 });
}
