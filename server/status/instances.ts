/**
 * Discovery (CONTRACT §5): each running server keeps `$GATEHOUSE_HOME/run/instances/<pid>.json`.
 * Writers replace the file atomically; readers skip and remove files of processes that are gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { instanceFileSchema, RUN_PATHS, type InstanceFile } from './protocol.js';

/** The folder of instance files. */
export function instancesDir(home: string): string {
  return path.join(home, ...RUN_PATHS.instances);
}

/** The instance file of one process. */
export function instanceFilePath(home: string, pid: number): string {
  return path.join(instancesDir(home), `${pid}.json`);
}

/** Writes (or replaces) this process's instance file, mode 0600, atomically. */
export function writeInstanceFile(home: string, record: InstanceFile): void {
  const dir = instancesDir(home);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = instanceFilePath(home, record.pid);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Removes an instance file; a missing one is fine. */
export function removeInstanceFile(home: string, pid: number): void {
  fs.rmSync(instanceFilePath(home, pid), { force: true });
}

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The instances that are running now; files of dead processes are removed, unreadable ones skipped. */
export function listInstances(home: string): InstanceFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(instancesDir(home));
  } catch {
    return [];
  }
  const alive: InstanceFile[] = [];
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    const file = path.join(instancesDir(home), name);
    let parsed;
    try {
      parsed = instanceFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      continue; // Being replaced or half-written: the next look will see it.
    }
    if (!parsed.success) continue;
    if (isProcessAlive(parsed.data.pid)) alive.push(parsed.data);
    else fs.rmSync(file, { force: true });
  }
  return alive.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
