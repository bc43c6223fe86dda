/**
 * The live policy: reads the policy file, watches it with chokidar (in-place saves, atomic renames,
 * deletion and re-creation), and publishes immutable snapshots. An invalid file never replaces a
 * valid policy; it is reported through the snapshot's state and the log.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type winston from 'winston';
import { formatPolicyIssues, parsePolicyText, type Policy } from './schema.js';
import { effectivePolicy } from './effective.js';

/**
 * - `valid`: the file was read and is in force.
 * - `missing`: there is no file; defaults (positional DIRs only, every tool on) are in force.
 * - `stale`: the file is invalid; the last valid policy stays in force.
 * - `invalid`: the file is invalid and there never was a valid one: nothing is served.
 */
export type PolicyState = 'valid' | 'missing' | 'stale' | 'invalid';

/** One immutable view of the policy in force. Ask the source for the current one; never keep it. */
export interface PolicySnapshot {
  readonly policy: Policy;
  readonly state: PolicyState;
  /** Why the file was not used, for `stale` and `invalid`. */
  readonly problem: string | null;
  readonly file: string;
  /** Counts every change of snapshot, starting at 1. */
  readonly generation: number;
  readonly loadedAt: string;
}

/** Listener for policy changes. */
export type PolicyListener = (next: PolicySnapshot, previous: PolicySnapshot) => void;

/** The live policy of a server. */
export interface PolicySource {
  current(): PolicySnapshot;
  /** Subscribes to snapshot changes; returns the unsubscribe function. */
  onChange(listener: PolicyListener): () => void;
  /** Re-reads the file now (the watcher does this on its own). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Options of openPolicySource(). */
export interface PolicySourceOptions {
  file: string;
  extraRoots: readonly string[];
  /** `--db` files, shared read only (effectivePolicy). */
  extraDatabases?: readonly string[];
  log: winston.Logger;
  /** Watch the file for changes (default true). */
  watch?: boolean;
}

/** How long a vanished policy file must stay away before the defaults replace it. */
const MISSING_CONFIRM_MS = 150;
/** Quiet time after a file event before reading, and the later second look. */
const SETTLE_MS = 15;
const RECHECK_MS = 70;

type FileReading = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'error'; reason: string };

async function readPolicyFile(file: string): Promise<FileReading> {
  try {
    return { kind: 'text', text: await fs.readFile(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', reason: `cannot read the policy file (${code ?? 'unknown error'})` };
  }
}

/** Reads the policy file once and, unless told otherwise, keeps following it. */
export async function openPolicySource(options: PolicySourceOptions): Promise<PolicySource> {
  const { file, extraRoots, log } = options;
  const extraDatabases = options.extraDatabases ?? [];
  const listeners = new Set<PolicyListener>();
  let snapshot: PolicySnapshot | undefined;
  let lastText: string | null | undefined;
  let hadValid = false;
  let generation = 0;
  let reloading: Promise<void> = Promise.resolve();

  const publish = (policy: Policy, state: PolicyState, problem: string | null) => {
    const previous = snapshot;
    generation += 1;
    snapshot = Object.freeze({ policy, state, problem, file, generation, loadedAt: new Date().toISOString() });
    if (previous) for (const listener of listeners) listener(snapshot, previous);
  };

  const readAndApply = async () => {
    let reading = await readPolicyFile(file);
    // Security: an editor that saves by delete-then-create leaves the file missing for a moment; acting
    // on that would briefly un-pause the server. A disappearance counts only once it is confirmed.
    if (reading.kind === 'missing' && snapshot && snapshot.state !== 'missing') {
      await new Promise((resolve) => setTimeout(resolve, MISSING_CONFIRM_MS));
      reading = await readPolicyFile(file);
    }
    const text = reading.kind === 'text' ? reading.text : reading.kind === 'missing' ? null : undefined;
    // Editors fire several events per save; only a real change of content makes a new snapshot.
    if (text !== undefined && text === lastText) return;
    lastText = text;
    if (reading.kind === 'missing') {
      log.info('policy file absent: defaults in force', { file });
      hadValid = true;
      publish(effectivePolicy(null, extraRoots, extraDatabases), 'missing', null);
      return;
    }
    const result = reading.kind === 'text' ? parsePolicyText(reading.text) : null;
    if (result?.ok) {
      hadValid = true;
      log.info('policy loaded', { file });
      publish(effectivePolicy(result.policy, extraRoots, extraDatabases), 'valid', null);
      return;
    }
    const problem = result ? formatPolicyIssues(result.issues) : (reading as { reason: string }).reason;
    if (hadValid && snapshot) {
      log.warn('policy file invalid: the last valid policy stays in force', { file, problem });
      publish(snapshot.policy, 'stale', problem);
    } else {
      log.error('policy file invalid: serving nothing until it is fixed', { file, problem });
      // Security: an unreadable policy must not fall back to the positional roots or the defaults.
      publish(effectivePolicy(null, []), 'invalid', problem);
    }
  };

  const reload = () => {
    // Serialised: two overlapping reads could otherwise publish an older file last.
    reloading = reloading.then(readAndApply, readAndApply);
    return reloading;
  };

  await reload();

  // chokidar drops a second 'change' of the same file within 50 ms (a leading-edge throttle), so each
  // event is followed by two reads: once it settles, and once more after that window. Unchanged
  // content publishes nothing.
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void reload();
    }, ms);
    timers.add(timer);
  };
  const onFileEvent = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    later(SETTLE_MS);
    later(RECHECK_MS);
  };

  let watcher: FSWatcher | undefined;
  if (options.watch !== false) {
    // The folder is watched, not the file: a watch on the file itself loses track of it once an
    // editor replaces it by rename.
    const dir = path.dirname(file);
    watcher = watch(dir, {
      ignoreInitial: true,
      depth: 0,
      atomic: false,
      ignored: (candidate) => candidate !== dir && candidate !== file,
    });
    watcher.on('all', (_event, changed) => {
      if (changed === file) onFileEvent();
    });
    watcher.on('error', (error) => log.warn('policy watcher error', { error: String(error) }));
    await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()));
  }

  return {
    current: () => snapshot!,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload,
    async close() {
      listeners.clear();
      for (const timer of timers) clearTimeout(timer);
      await watcher?.close();
    },
  };
}
