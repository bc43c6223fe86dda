/**
 * Glob sets compiled once into a single regular expression: the policy's deny list (per snapshot) and
 * a call's exclude patterns (per call). A pattern without `/` matches a name at any depth, as in
 * .gitignore, so `*.pem` and `node_modules` mean what people expect.
 */
import picomatch from 'picomatch';
import { GatehouseError } from '../errors.js';

/** A compiled set of globs. */
export interface GlobSet {
  /** True when some glob matches the `/`-separated path. */
  matches(globPath: string): boolean;
  readonly empty: boolean;
  /** The regex as source and flags, for an fs worker to apply the very same rule; null when empty. */
  readonly source: readonly [string, string] | null;
}

const NONE: GlobSet = Object.freeze({ matches: () => false, empty: true, source: null });

/**
 * Compiles globs into one matcher; `dot` is on so `**` walks through hidden folders too. With
 * `descendants`, whatever lies below a match matches as well, so one test of a path also covers the
 * folders above it (a denied folder hides everything inside).
 */
export function compileGlobs(
  patterns: readonly string[],
  options: { nocase: boolean; descendants?: boolean },
): GlobSet {
  if (patterns.length === 0) return NONE;
  const sources = patterns.flatMap((pattern) => {
    const anywhere = pattern.includes('/') ? pattern : `**/${pattern}`;
    const globs = options.descendants ? [anywhere, `${anywhere.replace(/\/+$/, '')}/**`] : [anywhere];
    return globs.map((glob) => `(?:${picomatch.makeRe(glob, { dot: true, nocase: options.nocase }).source})`);
  });
  const regex = new RegExp(sources.join('|'), options.nocase ? 'i' : '');
  return Object.freeze({
    matches: (globPath: string) => regex.test(globPath),
    empty: false,
    source: Object.freeze([regex.source, regex.flags] as const),
  });
}

/** Compiles a client's globs; a pattern that does not compile is refused as INVALID_INPUT. */
export function compileClientGlobs(patterns: readonly string[], nocase: boolean): GlobSet {
  try {
    return compileGlobs(patterns, { nocase });
  } catch {
    throw new GatehouseError('INVALID_INPUT', 'One of the glob patterns is not valid.');
  }
}

/** A single glob matched against relative paths exactly as written (search_files' `pattern`). */
export function compileSearchGlob(pattern: string, nocase: boolean): (relative: string) => boolean {
  try {
    const regex = picomatch.makeRe(pattern, { dot: true, nocase });
    return (relative) => regex.test(relative);
  } catch {
    throw new GatehouseError('INVALID_INPUT', `The glob pattern "${pattern.slice(0, 100)}" is not valid.`);
  }
}

/**
 * How deep a glob can match, in path segments, or Infinity. `*.md` matches only at the top, so a
 * search for it need not walk the whole tree.
 */
export function globDepth(pattern: string): number {
  const segments = pattern.split('/').filter(Boolean);
  if (/\*\*|[{}\\]|[@!+*?]\(/.test(pattern) || segments.some((s) => s === '.' || s === '..')) return Infinity;
  return segments.length;
}
