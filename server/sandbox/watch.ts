/**
 * Watching a checked file or folder for resources/subscribe: chokidar on the canonical path only (a
 * file through its folder, at depth 0, so a save by rename is seen), never following links.
 */
import path from 'node:path';
import { watch } from 'chokidar';
import { statPath, type SandboxCore } from './open.js';
import type { Target } from './resolve.js';

/** Stops a watch. */
export type Unwatch = () => Promise<void>;

/** Watches what a target names; `onChange` runs (debounced) after each change. */
export async function watchTarget(core: SandboxCore, target: Target, onChange: () => void): Promise<Unwatch> {
  const { real, facts } = await statPath(core, target);
  const folder = facts.kind === 'directory';
  const dir = folder ? real : path.dirname(real);
  const watcher = watch(dir, {
    depth: 0,
    ignoreInitial: true,
    followSymlinks: false,
    ignored: folder ? undefined : (candidate: string) => candidate !== dir && candidate !== real,
  });
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, changed) => {
    if (!folder && changed !== real) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, 50);
  });
  watcher.on('error', () => {});
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
