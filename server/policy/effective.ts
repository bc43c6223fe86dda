/**
 * From a validated policy file to the policy in force: positional DIR roots merged in, paths made
 * canonical text, duplicates folded, the whole frozen so nothing can change a snapshot in use.
 */
import path from 'node:path';
import { emptyPolicy, type Policy, type PolicyRoot } from './schema.js';

/** Normalises a root or database path: resolved, no trailing separator, no `.`/`..` segments. */
export function normalizePolicyPath(p: string, pathApi: path.PlatformPath = path): string {
  return pathApi.resolve(p);
}

/**
 * The policy in force. `file` is the validated file (null when there is none); `extraRoots` are the
 * positional DIRs, added with `write` access since the person launching the server asked for them.
 */
export function effectivePolicy(file: Policy | null, extraRoots: readonly string[]): Policy {
  const base = file ?? emptyPolicy();
  const roots = new Map<string, PolicyRoot>();
  for (const root of [...base.roots, ...extraRoots.map((p) => ({ path: p, access: 'write' as const }))]) {
    const normalized = normalizePolicyPath(root.path);
    const known = roots.get(normalized);
    // A folder named twice keeps the wider access it was given.
    const access = known?.access === 'write' || root.access === 'write' ? 'write' : 'read';
    roots.set(normalized, { path: normalized, access });
  }
  return deepFreeze({
    ...base,
    roots: [...roots.values()],
    databases: base.databases.map((db) => ({ ...db, path: normalizePolicyPath(db.path) })),
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
