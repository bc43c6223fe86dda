/**
 * Roots offered by the client (MCP roots) narrow the policy's roots and never widen them: a client
 * root counts only where its canonical path lies inside a policy root (and keeps that root's access),
 * and a policy root counts only where it lies inside a client root.
 */
import type { Policy } from '../policy/schema.js';
import type { FsCalls } from './fs-calls.js';
import { isWithin } from './paths.js';
import type { PolicyView } from './view.js';

/** What narrowing did, for the log. */
export interface Narrowing {
  readonly policy: Policy;
  readonly applied: ReadonlyArray<{ path: string; access: 'read' | 'write' }>;
  readonly dropped: ReadonlyArray<{ path: string; reason: string }>;
  /** Canonical paths of the narrowed roots, resolved once here and never again. */
  readonly pinned: ReadonlyMap<string, string>;
}

/** Intersects a compiled policy with the client's roots (absolute paths). */
export async function narrowPolicy(
  view: PolicyView,
  clientRoots: readonly string[],
  calls: FsCalls,
): Promise<Narrowing> {
  const applied = new Map<string, 'read' | 'write'>();
  const pinned = new Map<string, string>();
  const dropped: Array<{ path: string; reason: string }> = [];
  const clientReals: string[] = [];
  for (const requested of clientRoots) {
    let real: string;
    try {
      real = await calls.realpath('gatehouse', requested);
    } catch {
      dropped.push({ path: requested, reason: 'does not exist' });
      continue;
    }
    clientReals.push(real);
    const root = view.rootOf(real);
    // Security: a client root outside every policy root grants nothing.
    if (!root?.real) dropped.push({ path: requested, reason: "outside the policy's roots" });
    else if (view.isDenied(real)) dropped.push({ path: requested, reason: 'hidden by the deny list' });
    else {
      applied.set(real, root.access);
      pinned.set(real, real);
    }
  }
  // A policy root inside a client root stays, as the policy gives it.
  for (const root of view.roots) {
    if (root.real && clientReals.some((client) => isWithin(root.real!, client, root.flavor))) {
      applied.set(root.path, root.access);
      pinned.set(root.path, root.real);
    }
  }
  const roots = [...applied].map(([path, access]) => Object.freeze({ path, access }));
  const policy = Object.freeze({ ...view.policy, roots: Object.freeze(roots) }) as Policy;
  return { policy, applied: roots, dropped, pinned };
}
