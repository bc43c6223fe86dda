/**
 * Follows one file with chokidar: in-place saves, saves by rename, deletion and re-creation. The folder
 * is watched, not the file, since a watch on the file loses it once an editor replaces it by rename.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { watch } from 'chokidar';

/** A running watch. */
export interface FileWatch {
  close(): Promise<void>;
}

/** Quiet time after an event, and a second look once chokidar's 50 ms same-file throttle has passed. */
const SETTLE_MS = 20;
const RECHECK_MS = 80;

/** Calls `onChange` (serialised, never overlapping) after each burst of events on `file`. */
export async function watchFile(file: string, onChange: () => Promise<void> | void): Promise<FileWatch> {
  const dir = path.dirname(file);
  // The folder must exist to be watched; creating the Gatehouse home is the admin tools' job anyway.
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(onChange).catch(() => {});
  };
  const timers = new Set<NodeJS.Timeout>();
  const schedule = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const ms of [SETTLE_MS, RECHECK_MS]) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, ms);
      timers.add(timer);
    }
  };
  const watcher = watch(dir, {
    ignoreInitial: true,
    depth: 0,
    ignored: (candidate) => candidate !== dir && candidate !== file,
  });
  watcher.on('all', (_event, changed) => {
    if (changed === file) schedule();
  });
  watcher.on('error', () => {});
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  // Anything that changed between the caller's first read and the watch being ready is seen too.
  run();
  return {
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
