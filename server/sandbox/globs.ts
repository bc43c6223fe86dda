/**
 * Glob sets compiled once: the policy's deny list (per snapshot) and a call's exclude patterns (per
 * call). A pattern without `/` matches a name at any depth, as in
 * .gitignore, so `*.pem` and `node_modules` mean what people expect.
 */
import picomatch from 'picomatch';
import { GatehouseError } from '../errors.js';

/**
 * One glob as data: a literal every match must contain ('' when none is certain), the regex source and
 * its flags. An fs worker applies parts exactly as GlobSet.matches() does.
 */
export type GlobPart = readonly [literal: string, source: string, flags: string];

/** A compiled set of globs. */
export interface GlobSet {
  /** True when some glob matches the `/`-separated path. */
  matches(globPath: string): boolean;
  /**
   * matches() for the entries of one folder (a glob path ending in `/`), given their names: the folder
   * is searched for the literals once, each name only for the rest.
   */
  inFolder(folder: string): (name: string) => boolean;
  readonly empty: boolean;
  /** The globs as data, for an fs worker to apply the very same rule. */
  readonly parts: readonly GlobPart[];
  /** The literals are lower-cased and the paths must be too (case-insensitive volumes). */
  readonly nocase: boolean;
}

const never = () => false;
const NONE: GlobSet = Object.freeze({ matches: never, inFolder: () => never, empty: true, parts: [], nocase: false });

/** True when `text` ends with the first k characters of `literal`, for some k short of its length. */
function endsWithStartOf(text: string, literal: string): boolean {
  for (let k = Math.min(literal.length - 1, text.length); k >= 1; k -= 1) {
    let same = true;
    for (let j = 0; j < k && same; j += 1) same = text.charCodeAt(text.length - k + j) === literal.charCodeAt(j);
    if (same) return true;
  }
  return false;
}

/**
 * The longest run of plain characters that every path matching `glob` contains, or '' when none is
 * certain. Groups (`{a,b}`, `[ab]`, `(a|b)`) are removed first, since their text need not appear; a
 * negation, an escape or anything left unbalanced gives ''. Slashes at the ends are dropped, since
 * `**\/` may match nothing.
 */
export function requiredLiteral(glob: string): string {
  if (glob.startsWith('!') || glob.includes('\\')) return '';
  let text = glob;
  for (let before = ''; before !== text;) {
    before = text;
    text = text.replace(/\{[^{}]*\}|\[[^[\]]*\]|\([^()]*\)/g, '*');
  }
  if (/[[\]{}()]/.test(text)) return '';
  const pieces = text.split(/[*?!+@]/).map((piece) => piece.replace(/^\/+|\/+$/g, ''));
  return pieces.reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '');
}

/**
 * Compiles globs; `dot` is on so `**` walks through hidden folders too. A path is tested against a
 * glob's regex only when it contains the glob's literal, so most paths cost a few substring searches.
 * With `descendants`, whatever lies below a match matches as well, so one test of a path also covers
 * the folders above it (a denied folder hides everything inside).
 */
export function compileGlobs(
  patterns: readonly string[],
  options: { nocase: boolean; descendants?: boolean },
): GlobSet {
  if (patterns.length === 0) return NONE;
  const { nocase } = options;
  const parts: GlobPart[] = patterns.flatMap((pattern) => {
    const anywhere = pattern.includes('/') ? pattern : `**/${pattern}`;
    const globs = options.descendants ? [anywhere, `${anywhere.replace(/\/+$/, '')}/**`] : [anywhere];
    return globs.map((glob): GlobPart => {
      const regex = picomatch.makeRe(glob, { dot: true, nocase });
      const literal = requiredLiteral(glob);
      return Object.freeze([nocase ? literal.toLowerCase() : literal, regex.source, regex.flags] as const);
    });
  });
  // One regex per distinct literal (a glob and its descendants share one): one substring search each.
  const sources = new Map<string, string[]>();
  for (const [literal, source] of parts) sources.set(literal, [...(sources.get(literal) ?? []), `(?:${source})`]);
  const flags = parts[0]![2];
  const compiled = [...sources].map(([literal, group]) => [literal, new RegExp(group.join('|'), flags)] as const);
  const matches = (globPath: string) => {
    const haystack = nocase ? globPath.toLowerCase() : globPath;
    for (const [literal, regex] of compiled) {
      if ((literal === '' || haystack.includes(literal)) && regex.test(globPath)) return true;
    }
    return false;
  };
  const whole = (folder: string) => (name: string) => matches(folder + name);
  return Object.freeze({
    matches,
    inFolder(folder: string) {
      // Lower-casing the parts apart is not always lower-casing the whole; a literal across the end of
      // the folder is rare: both take the whole path.
      if (nocase || compiled.length > 31) return whole(folder);
      let inside = 0;
      for (let i = 0; i < compiled.length; i += 1) {
        const literal = compiled[i]![0];
        if (literal === '' || folder.includes(literal)) inside |= 1 << i;
        else if (endsWithStartOf(folder, literal)) return whole(folder);
      }
      return (name: string) => {
        for (let i = 0; i < compiled.length; i += 1) {
          const [literal, regex] = compiled[i]!;
          if ((inside & (1 << i) || name.includes(literal)) && regex.test(folder + name)) return true;
        }
        return false;
      };
    },
    empty: false,
    parts: Object.freeze(parts),
    nocase,
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
export function compileSearchGlob(pattern: string, nocase: boolean): { part: GlobPart; nocase: boolean } {
  try {
    const regex = picomatch.makeRe(pattern, { dot: true, nocase });
    const literal = requiredLiteral(pattern);
    return {
      part: Object.freeze([nocase ? literal.toLowerCase() : literal, regex.source, regex.flags] as const),
      nocase,
    };
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
