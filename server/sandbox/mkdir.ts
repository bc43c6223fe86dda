/**
 * create_directory's mkdir -p: the nearest existing folder is opened and checked first, then each
 * missing folder is created through the fd of the one above it and opened without following links, so
 * a link planted halfway cannot carry the rest of the path outside.
 */
import { GatehouseError } from '../errors.js';
import { O_DIRECTORY, O_NOFOLLOW, O_PATH } from './fs-calls.js';
import { childPath, closeDir, openDir, type DirRef, type SandboxCore } from './open.js';
import { fsError } from './refusals.js';
import { verify, type Target } from './resolve.js';

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The nearest existing folder at or above the target, checked, and the names missing below it. */
async function nearestExisting(core: SandboxCore, target: Target): Promise<{ dir: DirRef; missing: string[] }> {
  const { api } = target.view.flavor;
  const missing: string[] = [];
  for (let lexical = target.lexical; ;) {
    try {
      const dir = await openDir(core, { ...target, lexical });
      return { dir, missing };
    } catch (error) {
      const parent = api.dirname(lexical);
      const atRoot = target.view.lexicalRootOf(parent) === undefined;
      if (!(error instanceof GatehouseError && error.code === 'NOT_FOUND') || atRoot || parent === lexical) {
        throw error;
      }
      missing.unshift(api.basename(lexical));
      lexical = parent;
    }
  }
}

/** Creates a folder and its parents; `created` is false when it existed already. */
export async function makeDirectories(core: SandboxCore, target: Target): Promise<{ created: boolean }> {
  const { calls } = core;
  const { api } = target.view.flavor;
  const found = await nearestExisting(core, target);
  const { missing } = found;
  let { dir } = found;
  try {
    for (const name of missing) {
      const real = api.join(dir.real, name);
      // Security: each new folder's canonical path is checked (roots, deny, write access) before it exists.
      const root = verify(target, real);
      const next = childPath(dir, name);
      try {
        await calls.mkdir(dir.lane, next);
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error;
      }
      if (dir.fd === null) {
        const stats = await calls.lstat(dir.lane, next);
        if (!stats.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'EEXIST' });
        dir = { fd: null, real, lane: dir.lane, root };
        continue;
      }
      // Security: O_NOFOLLOW: if a link took the new folder's place, it is refused rather than entered.
      const fd = await calls.open(dir.lane, next, O_PATH | O_DIRECTORY | O_NOFOLLOW).catch((error: unknown) => {
        throw code(error) === 'ENOTDIR' || code(error) === 'ELOOP'
          ? Object.assign(error as Error, { code: 'EEXIST' })
          : error;
      });
      closeDir(core, dir);
      dir = { fd, real, lane: dir.lane, root };
    }
    return { created: missing.length > 0 };
  } catch (error) {
    throw fsError(error, target.shown);
  } finally {
    closeDir(core, dir);
  }
}
