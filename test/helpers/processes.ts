/** Child processes of a spawned server, from /proc (Linux), to prove none outlives it. */
import fs from 'node:fs';
import { isProcessAlive } from './sqlite.js';
import { waitFor } from './temp.js';

/** Pids of a process's children. */
export function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses: state, ppid, ...
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

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
