/** The code an fs worker runs, and whether this system can check opened files through /proc. */
import fs from 'node:fs';
import { lineSearcher } from './query.js';
import { decodeText, sniffText } from './text.js';
import { TreeText } from './tree-text.js';
import { fsOperations, fsWorkerMain } from './worker-main.js';
import { workerWalk } from './worker-walk.js';

/** Loads native/dirs.c in a worker; the main thread has already loaded and checked that file. */
const LOAD_NATIVE = '(file) => { try { return require(file); } catch { return null; } }';

/**
 * The code of a worker: fsWorkerMain and its helpers, serialised, handed the fs module that
 * `fsExpression` gives (the real one; tests hand in one that stalls) and the loader of the native
 * syscalls (`loadNative`; tests whose stalls live in Node's fs hand in one that loads nothing).
 */
export function workerSource(fsExpression = "require('node:fs')", prelude = '', loadNative = LOAD_NATIVE): string {
  const grep = `{ lineSearcher: ${lineSearcher.toString()}, sniffText: ${sniffText.toString()}, decodeText: ${decodeText.toString()} }`;
  const helpers = `{ ops: ${fsOperations.toString()}, walk: ${workerWalk.toString()}, Tree: ${TreeText.toString()}, grep: ${grep}, loadNative: ${loadNative} }`;
  return `${prelude}\n(${fsWorkerMain.toString()})(${fsExpression}, require('node:worker_threads'), ${helpers});`;
}

/** The code of a worker with the real fs module. */
export const WORKER_SOURCE = workerSource();

/** True where /proc/self/fd names open files (Linux). */
export function hasProcFd(platform: NodeJS.Platform): boolean {
  return platform === 'linux' && fs.existsSync('/proc/self/fd');
}
