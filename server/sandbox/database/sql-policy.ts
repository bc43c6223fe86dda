/**
 * The first layer of the SQL rules, on the text alone: exactly one statement, of a kind the tool
 * allows, and none of the words that reach outside the database file (ATTACH, DETACH, VACUUM,
 * load_extension) or change how it is stored (PRAGMA assignments). The engine checks again in the
 * worker (see statement-verdict.ts); this layer gives clear refusals and stops a statement before any
 * worker sees it. Pure, and cached per SQL text.
 */
import { GatehouseError } from '../../errors.js';
import { isKeyword, splitStatements, SqlLexError, tokenizeSql, type SqlToken } from './sql-lexer.js';

/** What a statement is for: `read_query` or `write_query`. */
export type SqlPurpose = 'read' | 'write';

/** A statement that passed the text rules. */
export interface CheckedSql {
  /** The statement's verb, upper-case (`SELECT`, `INSERT`, `PRAGMA`...), for the audit record. */
  readonly kind: string;
}

/** Words that reach another file, load code or rewrite the whole file: refused everywhere. */
const OUTSIDE_WORDS = new Set(['ATTACH', 'DETACH', 'VACUUM', 'LOAD_EXTENSION']);

/** Statement verbs a read may use. */
const READ_KINDS = new Set(['SELECT', 'VALUES', 'EXPLAIN', 'PRAGMA']);

/** Statement verbs a write may use. */
const WRITE_KINDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'CREATE', 'DROP', 'ALTER', 'ANALYZE', 'REINDEX']);

/** Transactions are Gatehouse's: a client's BEGIN would hold locks past the call. */
const TRANSACTION_KINDS = new Set(['BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

/** Introspection pragmas that only read: allowed in read_query, without `=` and with at most one argument. */
const READ_PRAGMAS = new Set([
  'application_id',
  'collation_list',
  'compile_options',
  'data_version',
  'database_list',
  'encoding',
  'foreign_key_check',
  'foreign_key_list',
  'freelist_count',
  'function_list',
  'index_info',
  'index_list',
  'index_xinfo',
  'integrity_check',
  'module_list',
  'page_count',
  'page_size',
  'pragma_list',
  'quick_check',
  'schema_version',
  'table_info',
  'table_list',
  'table_xinfo',
  'user_version',
]);

const CTE_BODY_VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE']);

/** The verb of a statement: its first word, or for `WITH ...` the verb after the common table expressions. */
function verbOf(tokens: readonly SqlToken[]): string {
  const first = tokens[0];
  if (!first || first.kind !== 'word') return first ? first.text.slice(0, 20) : '';
  if (first.upper !== 'WITH') return first.upper;
  let depth = 0;
  for (const token of tokens.slice(1)) {
    if (token.text === '(') depth += 1;
    else if (token.text === ')') depth -= 1;
    else if (depth === 0 && token.kind === 'word' && CTE_BODY_VERBS.has(token.upper)) return token.upper;
  }
  return 'WITH';
}

/** Checks `PRAGMA [schema.]name [(arg)]` against the read allowlist. */
function checkReadPragma(tokens: readonly SqlToken[]): void {
  let rest = tokens.slice(1);
  if (rest[1]?.text === '.') rest = rest.slice(2);
  const name = rest[0];
  const shapeOk =
    rest.length === 1 ||
    (rest.length === 4 && rest[1]?.text === '(' && rest[3]?.text === ')' && rest[2]?.kind !== 'punct');
  // Security: only reading pragmas, never an assignment: those change journaling, limits, paths or checks.
  if (!name || name.kind !== 'word' || !READ_PRAGMAS.has(name.text.toLowerCase()) || !shapeOk) {
    throw new GatehouseError('ACCESS_DENIED', 'This PRAGMA is refused: read_query allows only pragmas that read.', {
      hint: `Allowed: ${[...READ_PRAGMAS].join(', ')}.`,
    });
  }
}

function checkKind(kind: string, tokens: readonly SqlToken[], purpose: SqlPurpose): void {
  if (TRANSACTION_KINDS.has(kind)) {
    throw new GatehouseError(
      'INVALID_INPUT',
      `${kind} is refused: Gatehouse runs each statement in its own transaction.`,
    );
  }
  if (purpose === 'read') {
    if (WRITE_KINDS.has(kind)) {
      throw new GatehouseError('READ_ONLY', `read_query runs read-only statements; ${kind} changes the database.`, {
        hint: 'Use write_query on a database the policy opens for writing.',
      });
    }
    if (!READ_KINDS.has(kind)) throw new GatehouseError('INVALID_INPUT', `read_query does not run ${kind} statements.`);
    if (kind === 'PRAGMA') checkReadPragma(tokens);
    return;
  }
  if (kind === 'PRAGMA') {
    throw new GatehouseError('ACCESS_DENIED', 'PRAGMA statements are refused in write_query.', {
      hint: 'Settings such as the journal mode stay as the database owner set them.',
    });
  }
  if (!WRITE_KINDS.has(kind)) {
    throw new GatehouseError('INVALID_INPUT', `write_query does not run ${kind} statements.`, {
      hint: kind === 'SELECT' || kind === 'VALUES' ? 'Use read_query to read.' : undefined,
    });
  }
  // Security: TEMP objects outlive the call in the worker's connection (a TEMP trigger would fire on
  // later writes); nothing a client needs.
  if (kind === 'CREATE' && (isKeyword(tokens[1], 'TEMP') || isKeyword(tokens[1], 'TEMPORARY'))) {
    throw new GatehouseError('ACCESS_DENIED', 'Temporary tables, views and triggers are refused.');
  }
}

/** Applies the text rules; throws a GatehouseError naming the reason, or returns the statement's kind. */
export function checkSqlText(sql: string, purpose: SqlPurpose): CheckedSql {
  let tokens: SqlToken[];
  try {
    tokens = tokenizeSql(sql);
  } catch (error) {
    if (error instanceof SqlLexError)
      throw new GatehouseError('INVALID_INPUT', `The SQL is malformed: ${error.message}.`);
    throw error;
  }
  const statements = splitStatements(tokens);
  if (statements.length === 0) throw new GatehouseError('INVALID_INPUT', 'The SQL contains no statement.');
  // Security: a second statement is refused, never silently dropped or run.
  if (statements.length > 1) {
    throw new GatehouseError('INVALID_INPUT', `Send exactly one statement; this SQL has ${statements.length}.`);
  }
  const statement = statements[0]!;
  const outside = statement.find((t) => t.kind === 'word' && OUTSIDE_WORDS.has(t.upper));
  // Security: ATTACH opens (or creates) another file, VACUUM INTO writes a copy anywhere, load_extension
  // runs native code. Refused wherever they appear; a quoted identifier of that name is still fine.
  if (outside) {
    throw new GatehouseError('ACCESS_DENIED', `${outside.upper} is refused: only the database itself is reachable.`, {
      hint: 'A column or table with that name can be written in double quotes.',
    });
  }
  const kind = verbOf(statement);
  if (kind === 'EXPLAIN' && purpose === 'read') {
    const explained = statement[1]?.upper === 'QUERY' ? statement.slice(3) : statement.slice(1);
    checkKind(verbOf(explained), explained, 'read');
  } else {
    checkKind(kind, statement, purpose);
  }
  return { kind };
}

const CACHE_LIMIT = 512;

/** checkSqlText() with a small cache per purpose, so a repeated statement costs one map lookup. */
export class SqlChecker {
  private readonly verdicts = { read: new Map<string, CheckedSql | GatehouseError>(), write: new Map() };
  private readonly kinds = new Map<string, string | undefined>();

  /** Returns the statement's kind or throws the refusal, as checkSqlText() does. */
  check(sql: string, purpose: SqlPurpose): CheckedSql {
    const cache: Map<string, CheckedSql | GatehouseError> = this.verdicts[purpose];
    let verdict = cache.get(sql);
    if (verdict === undefined) {
      try {
        verdict = checkSqlText(sql, purpose);
      } catch (error) {
        if (!(error instanceof GatehouseError)) throw error;
        verdict = error;
      }
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(sql, verdict);
    }
    if (verdict instanceof GatehouseError) throw verdict;
    return verdict;
  }

  /** statementKindOf(), cached: the audit record asks for it on every call. */
  kindOf(sql: string): string | undefined {
    if (this.kinds.has(sql)) return this.kinds.get(sql);
    const kind = statementKindOf(sql);
    if (this.kinds.size >= CACHE_LIMIT) this.kinds.delete(this.kinds.keys().next().value!);
    this.kinds.set(sql, kind);
    return kind;
  }
}

/** The statement's verb for the audit record, or undefined when the SQL cannot be tokenized. */
export function statementKindOf(sql: string): string | undefined {
  try {
    const first = splitStatements(tokenizeSql(sql))[0];
    return first ? verbOf(first) : undefined;
  } catch {
    return undefined;
  }
}
