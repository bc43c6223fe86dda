/** Child processes of a spawned server, from /proc (Linux), to prove none outlives it. */
import { childPids } from '../../bench/rss.js';
import { isProcessAlive } from './sqlite.js';
import { waitFor } from './temp.js';

export { childPids };

/** Waits until the server has at least one child process (a database worker) and returns their pids. */
export function waitForChildren(parent: number): Promise<number[]> {
  return waitFor(() => {
    const pids = childPids(parent);
    return pids.length > 0 ? pids : undefined;
  });
}

/** Waits until every one of these processes has exited. */
export async function waitForExit(pids: readonly number[], what = 'the processes to exit'): Promise<void> {
  await waitFor(() => pids.every((pid) => !isProcessAlive(pid)), 5000, what);
}
