/**
 * From a validated policy file to the policy in force: positional DIR roots merged in, paths made
 * canonical text, duplicates folded, the whole frozen so nothing can change a snapshot in use.
 */
import path from 'node:path';
import { emptyPolicy, type Policy, type PolicyDatabase, type PolicyRoot } from './schema.js';

/** Normalises a root or database path: resolved, no trailing separator, no `.`/`..` segments. */
export function normalizePolicyPath(p: string, pathApi: path.PlatformPath = path): string {
  return pathApi.resolve(p);
}

/**
 * A database name for a `--db` file: its base name without extension, reduced to the characters a
 * policy name may hold, made unique among `taken` with -2, -3...
 */
export function databaseNameFor(file: string, taken: ReadonlySet<string>): string {
  const stem = path.basename(file).replace(/\.[^.]*$/, '');
  const cleaned =
    stem
      .replace(/[^A-Za-z0-9_.-]/g, '_')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 56) || 'db';
  let name = cleaned;
  for (let n = 2; taken.has(name); n += 1) name = `${cleaned}-${n}`;
  return name;
}

/**
 * The policy in force. `file` is the validated file (null when there is none); `extraRoots` are the
 * positional DIRs, added with `write` access since the person launching the server asked for them;
 * `extraDatabases` are `--db` files, added `read` only: writing needs a policy entry that says so.
 */
export function effectivePolicy(
  file: Policy | null,
  extraRoots: readonly string[],
  extraDatabases: readonly string[] = [],
): Policy {
  const base = file ?? emptyPolicy();
  const roots = new Map<string, PolicyRoot>();
  for (const root of [...base.roots, ...extraRoots.map((p) => ({ path: p, access: 'write' as const }))]) {
    const normalized = normalizePolicyPath(root.path);
    const known = roots.get(normalized);
    // A folder named twice keeps the wider access it was given.
    const access = known?.access === 'write' || root.access === 'write' ? 'write' : 'read';
    roots.set(normalized, { path: normalized, access });
  }
  const databases: PolicyDatabase[] = base.databases.map((db) => ({ ...db, path: normalizePolicyPath(db.path) }));
  const names = new Set(databases.map((db) => db.name));
  for (const extra of extraDatabases) {
    const normalized = normalizePolicyPath(extra);
    // A file the policy already names keeps its name and access.
    if (databases.some((db) => db.path === normalized)) continue;
    const name = databaseNameFor(normalized, names);
    names.add(name);
    databases.push({ name, path: normalized, access: 'read' });
  }
  return deepFreeze({ ...base, roots: [...roots.values()], databases });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
