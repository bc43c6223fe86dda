/** Temporary folders for tests, removed after each test that made one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder (its real path, so symlinked /tmp setups compare equal). */
export function tempDir(prefix = 'gatehouse-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** Writes a file, creating its folders. */
export function writeFile(file: string, content: string | Buffer): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Writes a policy document as JSON. */
export function writePolicy(file: string, policy: unknown): void {
  writeFile(file, JSON.stringify(policy, null, 2));
}

/** Replaces a file atomically, as editors that save by rename do. */
export function replaceByRename(file: string, content: string): void {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}

/** Resolves once `check` returns a truthy value, polling; rejects after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
