/** The database tools of the BUILT server over stdio, as Claude Desktop runs it. */
import path from 'node:path';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/in-memory.js';
import { connectClient, type SpawnedClient } from '../helpers/spawn-server.js';
import { waitForChildren, waitForExit } from '../helpers/processes.js';
import { databasePolicy, makeSqliteFixture, snapshotDir } from '../helpers/sqlite.js';
import { tempDir, writePolicy } from '../helpers/temp.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const RUNAWAY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

async function serve(limits: Record<string, number> = {}) {
  const fixture = makeSqliteFixture();
  const home = tempDir();
  writePolicy(
    path.join(home, 'policy.json'),
    databasePolicy(
      [
        { name: 'shop', path: fixture.shop, access: 'write' },
        { name: 'archive', path: fixture.secret, access: 'read' },
      ],
      limits,
    ),
  );
  const spawned = await connectClient(home);
  cleanups.push(() => spawned.close());
  return {
    fixture,
    spawned,
    call: (name: string, args: Record<string, unknown>) => spawned.client.callTool({ name, arguments: args }),
  };
}

async function workersOf(spawned: SpawnedClient): Promise<number[]> {
  return waitForChildren(spawned.pid!);
}

describe('the built server with databases', () => {
  it('lists, describes, reads and writes, with only JSON-RPC on stdout', async () => {
    const { spawned, call } = await serve();
    expect((await call('list_databases', {})).structuredContent).toEqual({
      databases: [
        { name: 'shop', access: 'write' },
        { name: 'archive', access: 'read' },
      ],
    });
    const tables = (await call('list_tables', { database: 'shop' })).structuredContent as { tables: unknown[] };
    expect(tables.tables).toHaveLength(3);
    expect((await call('describe_table', { database: 'archive', table: 'keys' })).structuredContent).toMatchObject({
      columns: [{ name: 'k', type: 'TEXT' }],
    });
    expect(
      await call('write_query', { database: 'shop', sql: "INSERT INTO customers (name) VALUES ('Eve')" }),
    ).toMatchObject({
      structuredContent: { changes: 1, lastInsertRowid: 4 },
    });
    const read = await call('read_query', {
      database: 'shop',
      sql: 'SELECT name FROM customers WHERE id > ?',
      params: [2],
    });
    expect(read.structuredContent).toEqual({
      columns: ['name'],
      rows: [['Cy'], ['Eve']],
      rowCount: 2,
      truncated: false,
    });
    expect(spawned.errors).toEqual([]);
  });

  it('refuses ATTACH and VACUUM INTO without touching any file', async () => {
    const { fixture, call } = await serve();
    const before = snapshotDir(fixture.dir);
    const attach = await call('read_query', {
      database: 'shop',
      sql: `ATTACH '${path.join(fixture.dir, 'x.db')}' AS x`,
    });
    expect(errorOf(attach)?.code).toBe('ACCESS_DENIED');
    const vacuum = await call('write_query', {
      database: 'shop',
      sql: `VACUUM INTO '${path.join(fixture.dir, 'c.db')}'`,
    });
    expect(errorOf(vacuum)?.code).toBe('ACCESS_DENIED');
    expect(snapshotDir(fixture.dir)).toEqual(before);
  });

  it('stops a runaway at queryTimeoutMs while tools/list answers within milliseconds', async () => {
    const { spawned, call } = await serve({ queryTimeoutMs: 1000 });
    await call('read_query', { database: 'shop', sql: 'SELECT 1' });
    const started = performance.now();
    let runawayDone = false;
    const runaway = call('read_query', { database: 'shop', sql: RUNAWAY }).finally(() => (runawayDone = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A raw tools/list: Client#listTools() would add the client's own compiling of output schemas.
    const listStarted = performance.now();
    const listed = await spawned.client.request({ method: 'tools/list' }, ListToolsResultSchema);
    const listMs = performance.now() - listStarted;
    console.log(`tools/list during a runaway statement (built server): ${listMs.toFixed(1)} ms`);
    expect(listed.tools.map((t) => t.name)).toContain('read_query');
    // Answered while the statement still runs, well inside its second: the event loop was never blocked.
    expect(runawayDone).toBe(false);
    expect(listMs).toBeLessThan(200);
    expect(errorOf(await runaway)?.code).toBe('TIMEOUT');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it.runIf(process.platform === 'linux')('leaves no worker running when the client goes away', async () => {
    const { spawned, call } = await serve({ queryTimeoutMs: 60_000 });
    await call('read_query', { database: 'shop', sql: 'SELECT 1' });
    void call('read_query', { database: 'shop', sql: RUNAWAY }).catch(() => undefined);
    const workers = await workersOf(spawned);
    await spawned.close();
    await waitForExit(workers, 'the workers to exit');
  });

  it.runIf(process.platform === 'linux')('workers stop themselves when the server is killed outright', async () => {
    const { spawned, call } = await serve({ queryTimeoutMs: 60_000 });
    await call('read_query', { database: 'shop', sql: 'SELECT 1' });
    void call('read_query', { database: 'shop', sql: RUNAWAY }).catch(() => undefined);
    const workers = await workersOf(spawned);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A worker stuck inside SQLite cannot see its channel close; its watchdog sees the parent is gone.
    process.kill(spawned.pid!, 'SIGKILL');
    await waitForExit(workers, 'the orphaned workers to exit');
  });
});
