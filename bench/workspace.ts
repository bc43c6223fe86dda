/** The benchmark's inputs under `.bench/` (generated once, git-ignored) and a throwaway server home. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase } from './database.js';
import { REPO_ROOT } from './servers.js';
import { BENCH_TREE, ensureTree, type TreePlan } from './tree.js';

/** Where generated inputs are cached. */
export const BENCH_DIR = path.join(REPO_ROOT, '.bench');

/** The prepared inputs of one run. */
export interface Workspace {
  /** The file tree's root, absolute. */
  tree: string;
  plan: TreePlan;
  /** The SQLite file, absolute. */
  database: string;
  /** A fresh GATEHOUSE_HOME for this run. */
  home: string;
  /** Removes the run's home (the cached inputs stay). */
  cleanup(): void;
}

/** Generates the tree and database if they are not cached yet, printing what it does. */
export function prepareWorkspace(): Workspace {
  const tree = path.join(BENCH_DIR, 'tree');
  const database = path.join(BENCH_DIR, 'bench.db');
  const started = performance.now();
  const plan = ensureTree(tree, BENCH_TREE);
  ensureDatabase(database);
  const seconds = (performance.now() - started) / 1000;
  if (seconds > 1) console.log(`prepared .bench/ in ${seconds.toFixed(1)} s`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-bench-'));
  return { tree, plan, database, home, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

/** A one-line description of the tree for the report. */
export function describeTree(ws: Workspace): string {
  const bytes = ws.plan.files.reduce((sum, file) => sum + file.bytes, 0);
  const files = ws.plan.files.length.toLocaleString('en-US');
  const folders = ws.plan.folders.length.toLocaleString('en-US');
  return `${files} files in ${folders} folders, about ${(bytes / 1024 / 1024).toFixed(0)} MB of text`;
}
