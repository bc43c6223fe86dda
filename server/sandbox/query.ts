/**
 * search_file_contents' query: a literal or a client's regular expression, matched line by line.
 * A client's regex is hostile: constructs that force backtracking without bound (backreferences,
 * lookarounds) are refused, and V8 is told to switch a regex that backtracks too much to its linear
 * engine. That engine cannot run the `i` flag, so case-insensitive search lower-cases both sides.
 */
import v8 from 'node:v8';
import { GatehouseError } from '../errors.js';

/** Longest regex a client may send. */
export const MAX_PATTERN_CHARS = 1000;

let linearFallback: boolean | undefined;

/**
 * Turns on V8's fallback to its linear-time engine for regexes that backtrack too much, and checks it
 * took: a catastrophic pattern must answer at once.
 */
function ensureLinearFallback(): boolean {
  if (linearFallback === undefined) {
    v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
    const started = performance.now();
    /(a+)+$/.exec(`${'a'.repeat(24)}!`);
    linearFallback = performance.now() - started < 50;
  }
  return linearFallback;
}

/** Lower-cases a pattern's literal letters, keeping escapes (`\W`, `\S`, `\B`, `\cJ`) as they are. */
export function lowerPattern(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      out += char + next;
      i += 1;
      if (next === 'c' && i + 1 < pattern.length) {
        out += pattern[i + 1];
        i += 1;
      }
      continue;
    }
    out += char.toLowerCase();
  }
  return out;
}

/** Refuses what a client regex may not use, and compiles it with the given flags. */
export function compileClientRegex(pattern: string, flags: string): RegExp {
  if (pattern.length > MAX_PATTERN_CHARS) {
    throw new GatehouseError('INVALID_INPUT', `The regular expression is longer than ${MAX_PATTERN_CHARS} characters.`);
  }
  // Security: backreferences and lookarounds have no linear-time form; without one a pattern could
  // hold the server's only thread for minutes (ReDoS).
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(pattern)) {
    throw new GatehouseError(
      'INVALID_INPUT',
      'Backreferences and lookarounds are not supported in search patterns; rewrite the pattern without them.',
    );
  }
  if (!ensureLinearFallback()) {
    throw new GatehouseError(
      'INVALID_INPUT',
      'Regular expressions are not available on this system; search a literal text.',
    );
  }
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new GatehouseError('INVALID_INPUT', `Invalid regular expression: ${(error as Error).message.slice(0, 200)}`);
  }
}

/** A compiled query as data: what a worker needs to run the same search (see lineSearcher). */
export type QuerySpec =
  | { readonly kind: 'literal'; readonly needle: string; readonly fold: boolean }
  | { readonly kind: 'regex'; readonly source: string; readonly flags: string; readonly fold: boolean };

/** A compiled query. */
export interface Query {
  /** The query as data, already checked, for a worker. */
  readonly spec: QuerySpec;
  /** Searches one text; calls `onLine` for each matching line until it returns false. */
  search(text: string, onLine: (line: number, text: string) => boolean): void;
}

/**
 * The search of a checked query spec. Serialised into the fs workers with Function.prototype.toString
 * (they search files where they read them), so it stays self-contained: no imports, no outer names.
 * Each matching line is reported once, with its number and its original text (cut at 500 characters).
 */
export function lineSearcher(spec: QuerySpec): (text: string, onLine: (line: number, text: string) => boolean) => void {
  const MAX_LINE_CHARS = 500;
  const clip = (line: string) => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
  };
  const regex = spec.kind === 'regex' ? new RegExp(spec.source, spec.flags) : null;
  const needle = spec.kind === 'literal' ? spec.needle : '';
  return (text, onLine) => {
    // Case-insensitive: the needle (or pattern) was lower-cased, and so is the text searched.
    const searched = spec.fold ? text.toLowerCase() : text;
    const find = regex
      ? (from: number) => {
          regex.lastIndex = from;
          const match = regex.exec(searched);
          return match ? match.index : -1;
        }
      : (from: number) => searched.indexOf(needle, from);
    let line = 1;
    let scanned = 0;
    let origLine = 1;
    let origStart = 0;
    for (let from = 0; from <= searched.length;) {
      const at = find(from);
      if (at === -1) return;
      for (let nl = searched.indexOf('\n', scanned); nl !== -1 && nl < at; nl = searched.indexOf('\n', scanned)) {
        line += 1;
        scanned = nl + 1;
      }
      // Lower-casing can change lengths (İ), so the original line is found by its number, not its offset.
      for (; origLine < line; origLine += 1) origStart = text.indexOf('\n', origStart) + 1;
      const origEnd = text.indexOf('\n', origStart);
      if (!onLine(line, clip(text.slice(origStart, origEnd === -1 ? text.length : origEnd)))) return;
      const next = searched.indexOf('\n', at);
      if (next === -1) return;
      from = next + 1;
    }
  };
}

/** Compiles a query: a literal (`isRegex` false) or a client regex, case-insensitive unless asked. */
export function compileQuery(query: string, options: { isRegex: boolean; caseSensitive: boolean }): Query {
  if (query.length === 0) throw new GatehouseError('INVALID_INPUT', 'The query is empty.');
  const fold = !options.caseSensitive;
  let spec: QuerySpec;
  if (options.isRegex) {
    // Security: checked (and compiled once) here; a worker only compiles what passed these checks.
    const regex = compileClientRegex(fold ? lowerPattern(query) : query, 'gm');
    spec = { kind: 'regex', source: regex.source, flags: regex.flags, fold };
  } else {
    spec = { kind: 'literal', needle: fold ? query.toLowerCase() : query, fold };
  }
  return { spec, search: lineSearcher(spec) };
}
