/** The database scenarios: Gatehouse's read_query against a published npm SQLite MCP server. */
import type { Row, Scenario } from './compare.js';
import { RANGE_ROWS, ROWS } from './database.js';
import type { ArgsFor } from './files.js';
import { mcpContender } from './invoke.js';
import { randomInt, seededRandom } from './random.js';
import type { McpTarget } from './servers.js';

/** The database's name in Gatehouse's policy. */
export const DATABASE_NAME = 'bench';

/** Deterministic ids, so both servers answer the same sequence of lookups. */
function ids(seed: number, count: number, max: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => randomInt(random, 1, max));
}

const POINT_IDS = ids(3, 10_000, ROWS);
const RANGE_STARTS = ids(5, 1_000, ROWS - RANGE_ROWS + 1);
const nth = (items: readonly number[], i: number) => items[i % items.length] as number;

const POINT_SQL = 'SELECT * FROM items WHERE id = ?';
/**
 * The same lookup with a function call: a function is work SQLite cannot bound, so Gatehouse runs it on
 * its worker pool instead of in its own process. The two side by side give the pool's cost per query.
 */
const POOL_SQL = 'SELECT *, abs(id) AS again FROM items WHERE id = ?';
const RANGE_SQL = 'SELECT * FROM items WHERE id BETWEEN ? AND ? ORDER BY id';

/** Gatehouse's point lookup by primary key (bound parameter). */
export const gatehousePointLookup: ArgsFor = (i) => ({
  database: DATABASE_NAME,
  sql: POINT_SQL,
  params: [nth(POINT_IDS, i)],
});

/** The peer's `query` tool takes SQL text only (no parameters): the same statement, numbers written in. */
const peerPointLookup: ArgsFor = (i) => ({ sql: POINT_SQL.replace('?', String(nth(POINT_IDS, i))) });

const gatehouseRange: ArgsFor = (i) => {
  const from = nth(RANGE_STARTS, i);
  return { database: DATABASE_NAME, sql: RANGE_SQL, params: [from, from + RANGE_ROWS - 1], maxRows: RANGE_ROWS };
};
const peerRange: ArgsFor = (i) => {
  const from = nth(RANGE_STARTS, i);
  return { sql: RANGE_SQL.replace('?', String(from)).replace('?', String(from + RANGE_ROWS - 1)) };
};

const gatehousePoolLookup: ArgsFor = (i) => ({ ...gatehousePointLookup(i), sql: POOL_SQL });

/** The names of the pool scenario's two sides (both are Gatehouse). */
export const POOL_SIDES = { pool: 'gatehouse, worker pool', inProcess: 'gatehouse, in process' } as const;
export const POOL_SCENARIO = 'point lookup, pool vs in process';

/** Every database scenario, Gatehouse first. */
export function databaseScenarios(gatehouse: McpTarget, peer: McpTarget): Scenario[] {
  return [
    {
      name: 'point lookup',
      weight: 'cheap',
      versus: peer.name,
      contenders: [
        mcpContender(gatehouse, 'read_query', gatehousePointLookup),
        mcpContender(peer, 'query', peerPointLookup),
      ],
      goals: [{ minRatio: 1 }, { concurrency: 8, minCallsPerSecond: 6000, maxP99Ms: 10 }],
    },
    {
      name: `range ${RANGE_ROWS.toLocaleString('en-US')} rows`,
      weight: 'cheap',
      versus: peer.name,
      contenders: [mcpContender(gatehouse, 'read_query', gatehouseRange), mcpContender(peer, 'query', peerRange)],
    },
    {
      name: POOL_SCENARIO,
      weight: 'cheap',
      versus: POOL_SIDES.inProcess,
      contenders: [
        { ...mcpContender(gatehouse, 'read_query', gatehousePoolLookup), name: POOL_SIDES.pool },
        { ...mcpContender(gatehouse, 'read_query', gatehousePointLookup), name: POOL_SIDES.inProcess },
      ],
    },
  ];
}

/**
 * The worker pool's cost per query at each concurrency: the time per call of the lookup that runs on the
 * pool, less that of the same lookup run in the server's process.
 */
export function poolOverheadNote(rows: readonly Row[]): string | null {
  const perCallUs = (contender: string, concurrency: number) => {
    const row = rows.find(
      (r) => r.scenario === POOL_SCENARIO && r.contender === contender && r.concurrency === concurrency,
    );
    return row?.summary ? 1e6 / row.summary.callsPerSecond : null;
  };
  const parts: string[] = [];
  for (const concurrency of [...new Set(rows.map((r) => r.concurrency))]) {
    const pool = perCallUs(POOL_SIDES.pool, concurrency);
    const inProcess = perCallUs(POOL_SIDES.inProcess, concurrency);
    if (pool !== null && inProcess !== null) parts.push(`${(pool - inProcess).toFixed(0)} µs at c=${concurrency}`);
  }
  return parts.length
    ? `Worker pool overhead per query (time per call, pool less in process): ${parts.join(', ')}.`
    : null;
}

/** What the database section measured, for its introduction. */
export function databaseSectionNotes(peerVersion: string): string[] {
  return [
    `Table \`items\` (${ROWS.toLocaleString('en-US')} rows, 8 columns, integer primary key), generated with better-sqlite3.`,
    `Point lookup: \`${POINT_SQL}\` over 10,000 random ids; range: \`${RANGE_SQL}\` (${RANGE_ROWS.toLocaleString('en-US')} rows) from 1,000 random starts.`,
    `Pool vs in process: \`${POOL_SQL}\` (a function call, so it runs on the worker pool) against the point lookup (run in the server's process), both on Gatehouse.`,
    `Peer: [\`mcp-server-sqlite\`](https://www.npmjs.com/package/mcp-server-sqlite) ${peerVersion} (tool \`query\`, SQL text without parameters, so the numbers are written into the statement; it runs better-sqlite3 synchronously on its main thread).`,
  ];
}
