/**
 * A lock file shared by every admin process (the tray and any `gatehouse` command), so two
 * read-modify-write edits of the same file never lose one another. A lock whose owner died is taken over.
 */
import fs from 'node:fs/promises';
import { GatehouseError } from '../../server/errors.js';
import { isProcessAlive } from '../../server/status/instances.js';

/** Options of withFileLock(). */
export interface FileLockOptions {
  /** Give up after this long (default 5 s). */
  timeoutMs?: number;
  /** A lock older than this is taken over even if its owner looks alive (default 30 s). */
  staleMs?: number;
}

const inProcess = new Map<string, Promise<unknown>>();

/** Runs `task` holding the lock `lockFile`; serialised within this process and across processes. */
export function withFileLock<T>(lockFile: string, task: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const previous = inProcess.get(lockFile) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(() => holdLock(lockFile, task, options));
  inProcess.set(lockFile, run);
  void run
    .catch(() => {})
    .finally(() => {
      if (inProcess.get(lockFile) === run) inProcess.delete(lockFile);
    });
  return run;
}

async function holdLock<T>(lockFile: string, task: () => Promise<T>, options: FileLockOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  const staleMs = options.staleMs ?? 30_000;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await fs.open(lockFile, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isAbandoned(lockFile, staleMs)) {
        await fs.rm(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new GatehouseError('TIMEOUT', 'Another Gatehouse window or command is changing the same file.', {
          hint: 'Try again in a moment.',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** attempt, 100)));
    }
  }
  try {
    return await task();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}

/** A lock is abandoned when its owner process is gone or it is older than any edit could take. */
async function isAbandoned(lockFile: string, staleMs: number): Promise<boolean> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockFile, 'utf8'), fs.stat(lockFile)]);
    const pid = Number.parseInt(text, 10);
    if (Date.now() - stat.mtimeMs > staleMs) return true;
    // A lock file still being written has no pid yet: give its owner a moment.
    return Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid);
  } catch {
    return false;
  }
}
