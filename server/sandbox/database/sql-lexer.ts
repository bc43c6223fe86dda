/**
 * A tokenizer that follows SQLite's own (tokenize.c) closely enough to find statement boundaries and
 * keywords: strings, quoted identifiers, comments and blob literals are single tokens, so a keyword
 * inside them is never mistaken for one outside them, and one outside them is never missed. Pure.
 */

/** What a token is; whitespace and comments are dropped. */
export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'blob' | 'number' | 'variable' | 'punct' | 'semicolon';

/** One token. `upper` is the upper-cased text of a word, for keyword comparison. */
export interface SqlToken {
  readonly kind: SqlTokenKind;
  readonly text: string;
  readonly upper: string;
}

/** Thrown for text SQLite itself would not tokenize (an unterminated string or identifier). */
export class SqlLexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlLexError';
  }
}

const SPACE = /[ \t\n\f\r]/;

/** SQLite's IdChar: ASCII letters, digits, `_`, `$`, and every non-ASCII character. */
function isIdChar(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;
}

function isIdStart(c: string): boolean {
  return /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80;
}

/** End index (exclusive) of a quoted run starting at `start`, where a doubled quote is an escape. */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const next = sql.indexOf(quote, i);
    if (next < 0) throw new SqlLexError(`unterminated ${quote === "'" ? 'string' : 'quoted identifier'}`);
    if (quote !== ']' && sql[next + 1] === quote) {
      i = next + 2;
      continue;
    }
    return next + 1;
  }
}

/** Splits SQL into tokens, dropping whitespace and comments. */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const push = (kind: SqlTokenKind, text: string) =>
    tokens.push({ kind, text, upper: kind === 'word' ? text.toUpperCase() : text });
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1] ?? '';
    if (SPACE.test(c)) {
      i += 1;
    } else if (c === '-' && next === '-') {
      // Security: like SQLite, a line comment ends at a newline only (not at \r).
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '/' && next === '*') {
      // Like SQLite: comments do not nest, and an unterminated one runs to the end.
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'") {
      const end = endOfQuoted(sql, i, "'");
      push('string', sql.slice(i, end));
      i = end;
    } else if (c === '"' || c === '`' || c === '[') {
      const end = endOfQuoted(sql, i, c === '[' ? ']' : c);
      push('quoted', sql.slice(i, end));
      i = end;
    } else if ((c === 'x' || c === 'X') && next === "'") {
      const end = endOfQuoted(sql, i + 1, "'");
      push('blob', sql.slice(i, end));
      i = end;
    } else if (isIdStart(c)) {
      let end = i + 1;
      while (end < sql.length && isIdChar(sql[end]!)) end += 1;
      push('word', sql.slice(i, end));
      i = end;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next))) {
      // Digits, hex, exponents, separators; SQLite rejects a number glued to letters, so take them too.
      let end = i + 1;
      while (end < sql.length && (isIdChar(sql[end]!) || sql[end] === '.' || /[+-]/.test(sql[end]!))) {
        if (/[+-]/.test(sql[end]!) && !/[eE]/.test(sql[end - 1]!)) break;
        end += 1;
      }
      push('number', sql.slice(i, end));
      i = end;
    } else if (c === '?' || c === ':' || c === '@' || c === '$' || c === '#') {
      let end = i + 1;
      while (end < sql.length && isIdChar(sql[end]!)) end += 1;
      push(end > i + 1 || c === '?' ? 'variable' : 'punct', sql.slice(i, end));
      i = end;
    } else if (c === ';') {
      push('semicolon', ';');
      i += 1;
    } else {
      push('punct', c);
      i += 1;
    }
  }
  return tokens;
}

/** True when the token is the given keyword (case-insensitive); quoted identifiers never are. */
export function isKeyword(token: SqlToken | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.upper === keyword;
}

/**
 * Splits tokens into statements at top-level semicolons, dropping empty ones. The semicolons inside a
 * `CREATE TRIGGER ... BEGIN ... END` body belong to the trigger, as SQLite parses them.
 */
export function splitStatements(tokens: readonly SqlToken[]): SqlToken[][] {
  const statements: SqlToken[][] = [];
  let current: SqlToken[] = [];
  let isTrigger = false;
  let bodyDepth = 0;
  for (const token of tokens) {
    if (token.kind === 'semicolon' && bodyDepth === 0) {
      if (current.length > 0) statements.push(current);
      current = [];
      isTrigger = false;
      continue;
    }
    current.push(token);
    if (current.length <= 4 && isKeyword(current[0], 'CREATE') && isKeyword(token, 'TRIGGER')) isTrigger = true;
    if (!isTrigger || token.kind !== 'word') continue;
    // Inside a trigger body, CASE ... END nests; the body's own END closes it.
    if (token.upper === 'BEGIN' || (bodyDepth > 0 && token.upper === 'CASE')) bodyDepth += 1;
    else if (token.upper === 'END' && bodyDepth > 0) bodyDepth -= 1;
  }
  if (current.length > 0) statements.push(current);
  return statements;
}
