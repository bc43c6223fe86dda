/**
 * The database worker: a child process that serves one database file for the pool in the server.
 * better-sqlite3 is synchronous and has no way to interrupt a statement, so each worker is a process
 * of its own that the server can kill at the timeout without harm to itself. Requests arrive one at a
 * time over the IPC channel and are answered in order.
 */
import { Worker } from 'node:worker_threads';
import { WorkerConnection } from './connection.js';
import type { WorkerInit, WorkerRequest, WorkerResponse } from './protocol.js';
import { toWorkerErrorPayload } from './sqlite-errors.js';
import type { WatchdogData } from './watchdog.js';

const WATCHDOG_INTERVAL_MS = 50;
/** A request that took less than this last time is not worth sending the answers before it ahead. */
const FAST_MS = 1;
const REMEMBERED_STATEMENTS = 256;

let connection: WorkerConnection | undefined;

function send(message: WorkerResponse[] | { ready: true }): void {
  process.send?.(message);
}

/** How long each recent request (by statement, or by operation) took, to batch answers only behind fast ones. */
const lastTook = new Map<string, number>();
const keyOf = (request: WorkerRequest) => ('sql' in request ? request.sql : request.op);

function serve(connection: WorkerConnection, request: WorkerRequest): unknown {
  switch (request.op) {
    case 'read':
      return connection.read(request.sql, request.params, request.limits, request.busyTimeoutMs);
    case 'write':
      return connection.write(request.sql, request.params, request.busyTimeoutMs);
    case 'tables':
      return connection.tables(request.rowCounts, request.busyTimeoutMs);
    case 'describe':
      return connection.describe(request.table, request.busyTimeoutMs);
    case 'check':
      return connection.quickCheck(request.busyTimeoutMs);
  }
}

function start(init: WorkerInit): void {
  connection = new WorkerConnection(init);
  const data: WatchdogData = {
    memoryLimitBytes: init.memoryLimitBytes,
    parentPid: process.ppid,
    intervalMs: WATCHDOG_INTERVAL_MS,
  };
  const watchdog = new Worker(new URL('./watchdog.js', import.meta.url), {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  watchdog.unref();
  try {
    // Opening early reads the schema now, and lets a writer roll back a hot journal left by a killed one.
    connection.database().prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch {
    // Reported to the first request that needs the connection.
  }
  send({ ready: true });
}

function answer(connection: WorkerConnection, request: WorkerRequest): WorkerResponse {
  try {
    return { id: request.id, ok: true, value: serve(connection, request) };
  } catch (error) {
    const { payload, unexpected } = toWorkerErrorPayload(error, request.busyTimeoutMs);
    if (unexpected) {
      process.stderr.write(`gatehouse-db-worker: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
    return { id: request.id, ok: false, error: payload };
  }
}

process.on('message', (message: WorkerInit | WorkerRequest[]) => {
  if (!Array.isArray(message)) {
    if (!connection) start(message);
    return;
  }
  // One stat per batch: a database deleted or replaced while served is noticed before the next request.
  connection?.revalidate();
  // Requests come in batches, and their answers leave together (one write, one wake-up of the server),
  // except that answers ready are sent before a request that may be slow: a fast call is never held
  // behind a slow one that follows it.
  let ready: WorkerResponse[] = [];
  for (const request of message) {
    if (!connection) break;
    const key = keyOf(request);
    if (ready.length > 0 && !((lastTook.get(key) ?? Infinity) < FAST_MS)) {
      send(ready);
      ready = [];
    }
    const started = performance.now();
    ready.push(answer(connection, request));
    if (lastTook.size >= REMEMBERED_STATEMENTS && !lastTook.has(key)) lastTook.clear();
    lastTook.set(key, performance.now() - started);
  }
  if (ready.length > 0) send(ready);
});

// The server closed the channel (it is stopping, or gone): nothing left to serve.
process.on('disconnect', () => {
  connection?.close();
  process.exit(0);
});
