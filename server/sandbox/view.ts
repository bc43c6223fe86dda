/**
 * A policy snapshot compiled for the sandbox: each root's canonical path and case rules, the deny list
 * as one regular expression, Gatehouse's own files. Built once per frozen snapshot (a WeakMap keyed by
 * the policy object), never per call.
 */
import type { Policy } from '../policy/schema.js';
import type { FsCalls } from './fs-calls.js';
import { compileGlobs, type GlobSet } from './globs.js';
import {
  comparablePath,
  isWithin,
  pathFlavor,
  pathSegments,
  segmentsWithin,
  toGlobPath,
  type PathBase,
  type PathFlavor,
} from './paths.js';

/** One root as the sandbox checks it. */
export interface RootView {
  /** The folder as the policy names it. */
  readonly path: string;
  /** Its canonical path; null while it does not exist. */
  readonly real: string | null;
  readonly access: 'read' | 'write';
  /** How names compare on its volume. */
  readonly flavor: PathFlavor;
  readonly realSegments: readonly string[];
  readonly pathSegments: readonly string[];
  /** The gate lane of its calls. */
  readonly lane: string;
}

/** What the sandbox needs to compile a view. */
export interface ViewDeps {
  readonly calls: FsCalls;
  /** The host's usual path flavor. */
  readonly flavor: PathFlavor;
  /** The user's home folder, for `~`. */
  readonly userHome: string;
  /** Gatehouse's own files (its home, the policy file): never served, whatever the policy says. */
  readonly protectedPaths: readonly string[];
}

/** A compiled policy snapshot. */
export interface PolicyView {
  readonly policy: Policy;
  readonly roots: readonly RootView[];
  readonly flavor: PathFlavor;
  readonly base: PathBase;
  /** The innermost root holding a canonical path. */
  rootOf(real: string): RootView | undefined;
  /** The innermost root holding a lexical path, by its policy path or else its canonical path. */
  lexicalRootOf(lexical: string): RootView | undefined;
  /** True when the path, or a folder above it, is denied, or is Gatehouse's own: one regex test. */
  isDenied(absolute: string): boolean;
  /** isDenied() for the entries of one canonical folder (ending in a separator), given their names. */
  deniedIn(folder: string): (name: string) => boolean;
  /** The deny list and Gatehouse's own files as data, for an fs worker pruning a walk. */
  readonly deny: GlobSet;
  readonly protectSource: readonly [string, string] | null;
}

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** Gatehouse's own files as one regex: a path at or below any of them (a pruning aid; isWithin decides). */
function protectRegex(paths: readonly string[], flavor: PathFlavor): readonly [string, string] | null {
  if (paths.length === 0) return null;
  const alternatives = paths.map((p) => escapeRegex(p.replace(/[\\/]+$/, '')));
  return Object.freeze([`^(?:${alternatives.join('|')})(?:[\\\\/]|$)`, flavor.caseInsensitive ? 'i' : ''] as const);
}

const SWAP_CASE = (text: string) =>
  text.replace(/\p{L}/gu, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));

/** Probes whether a folder's volume ignores case: its case-swapped name must be the same inode. */
async function probeFlavor(deps: ViewDeps, real: string, lane: string): Promise<PathFlavor> {
  const swapped = SWAP_CASE(real);
  if (swapped === real) return deps.flavor;
  const [a, b] = await Promise.allSettled([deps.calls.stat(lane, real), deps.calls.stat(lane, swapped)]);
  const same =
    a.status === 'fulfilled' && b.status === 'fulfilled' && a.value.ino === b.value.ino && a.value.dev === b.value.dev;
  if (a.status === 'fulfilled' && (b.status === 'rejected' || same)) {
    return pathFlavor(deps.flavor.api, { caseInsensitive: same, unicodeInsensitive: deps.flavor.unicodeInsensitive });
  }
  return deps.flavor;
}

async function compileRoot(
  deps: ViewDeps,
  root: Policy['roots'][number],
  pinned: ReadonlyMap<string, string> | undefined,
): Promise<RootView> {
  const lane = root.path;
  let real: string | null = pinned?.get(root.path) ?? null;
  try {
    real ??= await deps.calls.realpath(lane, root.path);
  } catch {
    // A root that does not exist (yet) serves nothing; every path under it is NOT_FOUND.
  }
  const flavor = real ? await probeFlavor(deps, real, lane) : deps.flavor;
  return Object.freeze({
    path: root.path,
    real,
    access: root.access,
    flavor,
    realSegments: real ? pathSegments(real, flavor) : [],
    pathSegments: pathSegments(root.path, flavor),
    lane,
  });
}

async function realOrSelf(deps: ViewDeps, file: string): Promise<string> {
  try {
    return await deps.calls.realpath('gatehouse', file);
  } catch {
    return file;
  }
}

function innermost(roots: readonly RootView[], absolute: string, pick: (root: RootView) => readonly string[]) {
  let best: RootView | undefined;
  let bestDepth = -1;
  // Roots usually share one flavor: the path is split once for it (and again only for another).
  let flavor: PathFlavor | undefined;
  let segments: string[] = [];
  for (const root of roots) {
    const own = pick(root);
    if (own.length === 0 || own.length <= bestDepth) continue;
    if (root.flavor !== flavor) {
      flavor = root.flavor;
      segments = pathSegments(absolute, flavor);
    }
    if (segmentsWithin(segments, own)) {
      best = root;
      bestDepth = own.length;
    }
  }
  return best;
}

/**
 * Compiles a policy snapshot; the caller caches the promise per snapshot. `pinned` gives canonical
 * paths already resolved and checked (narrowed roots), which are used as they are, never resolved again.
 */
export async function compileView(
  policy: Policy,
  deps: ViewDeps,
  pinned?: ReadonlyMap<string, string>,
): Promise<PolicyView> {
  const roots = await Promise.all(policy.roots.map((root) => compileRoot(deps, root, pinned)));
  const protectedPaths = [
    ...deps.protectedPaths,
    ...(await Promise.all(deps.protectedPaths.map((p) => realOrSelf(deps, p)))),
  ];
  const nocase = deps.flavor.caseInsensitive || roots.some((root) => root.flavor.caseInsensitive);
  const deny: GlobSet = compileGlobs(policy.deny, { nocase, descendants: true });
  const { flavor } = deps;
  const comparableProtected = protectedPaths.map((p) => comparablePath(p, flavor));
  // A cheap prefix test first; containment itself is decided by path segments.
  const isProtected = (absolute: string) => {
    const candidate = comparablePath(absolute, flavor);
    return comparableProtected.some(
      (p, i) => candidate.startsWith(p) && isWithin(absolute, protectedPaths[i]!, flavor),
    );
  };

  const isDenied = (absolute: string) => deny.matches(toGlobPath(absolute, flavor)) || isProtected(absolute);
  // Where paths compare as written, an entry can be Gatehouse's own only if one of those lies in (or
  // above) its folder; elsewhere (folded case, Unicode forms) each entry gets the whole check.
  const plain = !flavor.caseInsensitive && !flavor.unicodeInsensitive;
  const deniedIn = (folder: string) =>
    plain && !protectedPaths.some((p) => p.startsWith(folder) || folder.startsWith(p))
      ? deny.inFolder(toGlobPath(folder, flavor))
      : (name: string) => isDenied(folder + name);

  return Object.freeze({
    policy,
    roots,
    flavor,
    base: Object.freeze({ home: deps.userHome, relativeTo: policy.roots[0]?.path }),
    rootOf: (real: string) => innermost(roots, real, (root) => root.realSegments),
    lexicalRootOf: (lexical: string) =>
      innermost(roots, lexical, (root) => root.pathSegments) ?? innermost(roots, lexical, (root) => root.realSegments),
    // Security: the deny globs match descendants too, so a denied folder hides everything below it.
    isDenied,
    deniedIn,
    deny,
    protectSource: protectRegex(protectedPaths, flavor),
  });
}
