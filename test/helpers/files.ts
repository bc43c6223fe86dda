/** A file-tool fixture: a root folder, an outside folder with a secret, and a harness serving the root. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { workerSource } from '../../server/sandbox/worker-source.js';
import { errorOf, startHarness, type Harness, type HarnessOptions } from './in-memory.js';
import { tempDir, writeFile } from './temp.js';

/** What no test may ever see in a result. */
export const SECRET = 'TOP-SECRET-CONTENT-7f3a';

/** A running fixture. */
export interface FileFixture {
  harness: Harness;
  /** The root folder (canonical path). */
  root: string;
  /** A folder outside every root, holding `secret.txt`. */
  outside: string;
  secret: string;
  /** Calls a tool and returns the raw result. */
  call(name: string, args?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const running: Harness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.close();
});

/** Options of startFiles(). */
export interface FileFixtureOptions {
  access?: 'read' | 'write';
  /** More policy keys (deny, limits, tools, more roots). */
  policy?: Record<string, unknown>;
  files?: HarnessOptions['files'];
  clientRoots?: HarnessOptions['clientRoots'];
}

/** Starts a harness whose policy shares one temp root. */
export async function startFiles(options: FileFixtureOptions = {}): Promise<FileFixture> {
  const root = tempDir('gatehouse-root-');
  const outside = tempDir('gatehouse-outside-');
  const secret = writeFile(path.join(outside, 'secret.txt'), SECRET);
  const extraRoots = (options.policy?.roots as unknown[] | undefined) ?? [];
  const harness = await startHarness({
    policy: {
      version: 1,
      ...options.policy,
      roots: [{ path: root, access: options.access ?? 'write' }, ...extraRoots],
    },
    files: options.files,
    clientRoots: options.clientRoots,
  });
  running.push(harness);
  return {
    harness,
    root,
    outside,
    secret,
    call: (name, args = {}) => harness.call(name, args) as Promise<Record<string, unknown>>,
  };
}

/** The text of a result's first content block. */
export function textOf(result: Record<string, unknown>): string {
  return ((result.content as Array<{ text?: string }>)[0]?.text ?? '') as string;
}

/** The structured content of a successful result; fails the test on a refusal. */
export function dataOf<T = Record<string, unknown>>(result: Record<string, unknown>): T {
  const error = errorOf(result);
  if (error) throw new Error(`unexpected refusal ${error.code}: ${error.message}`);
  return result.structuredContent as T;
}

/** The error code of a refusal (undefined for a success). */
export function codeOf(result: Record<string, unknown>): string | undefined {
  return errorOf(result)?.code;
}

/** True when the serialised result carries the outside secret anywhere. */
export function leaks(result: unknown): boolean {
  return JSON.stringify(result).includes(SECRET);
}

/** Makes a symbolic link, creating its folder. */
export function symlink(target: string, link: string): string {
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(target, link);
  return link;
}

/**
 * The real fs worker code, handed a file system where opening a path for which `slow` (a JavaScript
 * expression on `p`, the path as a string) is true first waits `ms` milliseconds: a slow or stalled
 * network drive. The worker loads no native syscalls: every open goes through that file system.
 */
export function slowOpensWorker(slow: string, ms: number): string {
  return workerSource(
    'fs',
    `const real = require('node:fs');
const fs = Object.create(real);
fs.openSync = (path, ...rest) => {
  const p = String(path);
  if (${slow}) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
  return real.openSync(path, ...rest);
};`,
    '() => null',
  );
}
