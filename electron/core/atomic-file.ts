/**
 * Atomic file replacement: write a temp file beside the target, flush it, rename it over the target.
 * A reader (a running server, an editor) sees the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Options of writeFileAtomic(). */
export interface AtomicWriteOptions {
  /** Mode of a new file; an existing file keeps its own. */
  mode?: number;
}

/** Replaces `file` with `content` atomically, creating its folder if needed. */
export async function writeFileAtomic(file: string, content: string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const mode = await fs.stat(file).then(
    (stat) => stat.mode & 0o777,
    () => options.mode ?? 0o600,
  );
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx', mode);
    try {
      await handle.writeFile(content, 'utf8');
      // The data must be on disk before the rename makes it the file, or a crash could leave it empty.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** Flushes a folder entry (the rename) where the platform allows it. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => {});
  await handle.close();
}
