/** The code an fs worker runs, and whether this system can check opened files through /proc. */
import fs from 'node:fs';
import { lineSearcher } from './query.js';
import { decodeText, sniffText } from './text.js';
import { TreeText } from './tree-text.js';
import { fsOperations, fsWorkerMain } from './worker-main.js';
import { workerWalk } from './worker-walk.js';

/**
 * The code of a worker: fsWorkerMain and its helpers, serialised, handed the fs module that
 * `fsExpression` gives (the real one; tests hand in one that stalls).
 */
export function workerSource(fsExpression = "require('node:fs')", prelude = ''): string {
  const grep = `{ lineSearcher: ${lineSearcher.toString()}, sniffText: ${sniffText.toString()}, decodeText: ${decodeText.toString()} }`;
  const helpers = `{ ops: ${fsOperations.toString()}, walk: ${workerWalk.toString()}, Tree: ${TreeText.toString()}, grep: ${grep} }`;
  return `${prelude}\n(${fsWorkerMain.toString()})(${fsExpression}, require('node:worker_threads'), ${helpers});`;
}

/** The code of a worker with the real fs module. */
export const WORKER_SOURCE = workerSource();

/** True where /proc/self/fd names open files (Linux). */
export function hasProcFd(platform: NodeJS.Platform): boolean {
  return platform === 'linux' && fs.existsSync('/proc/self/fd');
}
