/**
 * A thread inside each database worker that watches it from the side: the worker's main thread can be
 * stuck in a single SQLite call for as long as a query runs, so it cannot police itself. The watchdog
 * stops the whole worker process when its memory passes the limit (a memory bomb), or when the server
 * that started it is gone (no orphan keeps burning CPU after the client died).
 */
import fs from 'node:fs';
import { workerData } from 'node:worker_threads';
import { MEMORY_LIMIT_MARKER } from './protocol.js';

/** What the worker tells its watchdog. */
export interface WatchdogData {
  memoryLimitBytes: number;
  parentPid: number;
  intervalMs: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const { memoryLimitBytes, parentPid, intervalMs } = workerData as WatchdogData;

setInterval(() => {
  if (process.memoryUsage.rss() > memoryLimitBytes) {
    // The server reads this line from the worker's stderr to explain why the query ended.
    fs.writeSync(2, `${MEMORY_LIMIT_MARKER}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  // A dead parent: POSIX re-parents the worker (ppid changes); Windows keeps the old ppid, so ask too.
  if (process.ppid !== parentPid || !isAlive(parentPid)) process.kill(process.pid, 'SIGKILL');
}, intervalMs);
