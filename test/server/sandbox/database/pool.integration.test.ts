/**
 * The worker pool under runaway statements, memory bombs, cancellation and policy changes, driven
 * through a real MCP client: the server keeps answering, and a stopped statement really stops (its
 * process is gone, so it burns no CPU).
 */
import { CallToolResultSchema, ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, startHarness, type Harness } from '../../../helpers/in-memory.js';
import { databasePolicy, isProcessAlive, makeSqliteFixture } from '../../../helpers/sqlite.js';
import { waitFor, writePolicy } from '../../../helpers/temp.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const RUNAWAYS: Array<[string, string]> = [
  [
    'a recursive CTE without end',
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
  ],
  ['a huge cross join', 'SELECT count(*) FROM orders a, orders b, orders c, orders d, orders e, orders f'],
];

function readerPids(h: Harness): number[] {
  return (h.services.databases.stats().shop?.readers.workers ?? []).map((w) => w.pid!).filter(Boolean);
}

async function serve(limits: Record<string, number>, memoryLimitBytes?: number): Promise<Harness> {
  const fixture = makeSqliteFixture();
  harness = await startHarness({
    policy: databasePolicy([{ name: 'shop', path: fixture.shop, access: 'read' }], limits),
    databaseOptions: memoryLimitBytes ? { memoryLimitBytes } : {},
  });
  return harness;
}

/** A small read that a worker serves: a scan, so never run in the server's process as a bounded lookup. */
const lookup = (h: Harness) =>
  h.call('read_query', { database: 'shop', sql: 'SELECT name FROM customers ORDER BY name LIMIT 1' });

describe('the database pool', () => {
  it.each(RUNAWAYS)(
    'stops %s at queryTimeoutMs with TIMEOUT, kills its worker, and keeps answering meanwhile',
    async (_name, sql) => {
      const h = await serve({ queryTimeoutMs: 1000 });
      expect(errorOf(await lookup(h))).toBeUndefined();
      const [runawayPid] = readerPids(h);
      const started = performance.now();
      let runawayDone = false;
      const runaway = h.call('read_query', { database: 'shop', sql }).finally(() => (runawayDone = true));
      await new Promise((resolve) => setTimeout(resolve, 100));

      // A raw tools/list: Client#listTools() would add the client's own compiling of output schemas.
      const listStarted = performance.now();
      await h.client.request({ method: 'tools/list' }, ListToolsResultSchema);
      const listMs = performance.now() - listStarted;
      console.log(`tools/list during ${_name}: ${listMs.toFixed(1)} ms`);
      expect(runawayDone).toBe(false);
      // Another database call is served by another worker while the first one is stuck.
      expect(errorOf(await lookup(h))).toBeUndefined();

      expect(errorOf(await runaway)).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/1000 ms/) });
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(elapsed).toBeLessThan(3000);
      // Well inside the statement's second: the server's event loop was never blocked by it.
      expect(listMs).toBeLessThan(200);
      // The statement's process is gone: nothing keeps burning CPU.
      await waitFor(() => !isProcessAlive(runawayPid!), 2000, 'the runaway worker to exit');
      expect(errorOf(await lookup(h))).toBeUndefined();
    },
  );

  it('answers a memory bomb with a clear error and keeps serving', async () => {
    const h = await serve({ queryTimeoutMs: 20_000 }, 256 * 1024 * 1024);
    const tooBig = await h.call('read_query', { database: 'shop', sql: 'SELECT randomblob(1e9)' });
    expect(errorOf(tooBig)).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/too big/) });
    const concat = await h.call('read_query', {
      database: 'shop',
      sql: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 450) SELECT length(group_concat(randomblob(1000000))) FROM c',
    });
    expect(errorOf(concat)).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/memory/) });
    await h.client.listTools();
    expect(errorOf(await lookup(h))).toBeUndefined();
  });

  it('stops the worker of a call the client cancels', async () => {
    const h = await serve({ queryTimeoutMs: 60_000 });
    await lookup(h);
    const [pid] = readerPids(h);
    expect(pid).toBeGreaterThan(0);
    const controller = new AbortController();
    const call = h.client.callTool(
      { name: 'read_query', arguments: { database: 'shop', sql: RUNAWAYS[0]![1] } },
      CallToolResultSchema,
      { signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor(() => !isProcessAlive(pid!), 2000, 'the cancelled worker to exit');
    expect(errorOf(await lookup(h))).toBeUndefined();
  });

  it('lets a slow read answered by another worker finish instead of killing its worker', async () => {
    const h = await serve({ queryTimeoutMs: 30_000 });
    await lookup(h);
    // Each takes about 100 ms, far past the pool's 25 ms "slow" mark: the second, queued behind the
    // first on one worker, is sent to a second worker too, and whichever answers first counts.
    const slow = (n: number) =>
      h.call('read_query', {
        database: 'shop',
        sql: `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) SELECT count(*) FROM c`,
      });
    const results = await Promise.all([slow(400_000), slow(400_001)]);
    for (const result of results) expect(errorOf(result)).toBeUndefined();
    const pids = readerPids(h);
    expect(pids).toHaveLength(2);
    // The duplicate still running finishes on its own; no worker is killed and started again.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(readerPids(h)).toEqual(pids);
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(true);
  });

  it('stops the workers of a database that leaves the policy, and serves it again when it is back', async () => {
    const fixture = makeSqliteFixture();
    const policy = databasePolicy([{ name: 'shop', path: fixture.shop, access: 'read' }]);
    const h = (harness = await startHarness({ policy }));
    await lookup(h);
    const [pid] = readerPids(h);
    expect(pid).toBeGreaterThan(0);
    writePolicy(h.policyFile, databasePolicy([]));
    await waitFor(() => !isProcessAlive(pid!), 5000, 'the workers to stop');
    expect(errorOf(await lookup(h))?.code).toBe('NOT_FOUND');
    writePolicy(h.policyFile, policy);
    await waitFor(async () => !(await lookup(h)).isError, 5000, 'the database to be served again');
  });

  it('stops idle workers, and starts one again on the next call', async () => {
    const fixture = makeSqliteFixture();
    const h = (harness = await startHarness({
      policy: databasePolicy([{ name: 'shop', path: fixture.shop, access: 'read' }]),
      databaseOptions: { idleMs: 200 },
    }));
    await lookup(h);
    const [pid] = readerPids(h);
    expect(pid).toBeGreaterThan(0);
    await waitFor(() => !isProcessAlive(pid!), 5000, 'the idle worker to stop');
    expect(readerPids(h)).toEqual([]);
    expect(errorOf(await lookup(h))).toBeUndefined();
  });

  it('leaves no worker behind when it closes', async () => {
    const h = await serve({});
    await lookup(h);
    const running = h.call('read_query', { database: 'shop', sql: RUNAWAYS[0]![1] }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pids = readerPids(h);
    expect(pids.length).toBeGreaterThan(0);
    await h.close();
    harness = undefined;
    for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
    await running;
  });
});
