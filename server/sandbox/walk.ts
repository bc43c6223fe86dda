/**
 * Streaming through a tree. A worker walks it on its own thread: each child folder is opened through
 * its parent's fd without following links (a folder swapped for a link mid-walk is never entered),
 * denied and excluded entries are pruned with the sandbox's own regexes, and entries come back in
 * batches. Here every entry is checked again, links are reported only when they lead inside the roots
 * (and are never descended, so link loops end), and the walk stops on a cap or on cancellation.
 */
import { GatehouseError } from '../errors.js';
import type { GlobPart, GlobSet } from './globs.js';
import { describeLink } from './list.js';
import { statPath, type SandboxCore } from './open.js';
import { describeKind } from './refusals.js';
import type { Target } from './resolve.js';
import {
  KIND_DIRECTORY,
  KIND_FILE,
  KIND_LINK,
  type GrepRequest,
  type WalkBatch,
  type WalkEnd,
  type WalkRequest,
} from './worker-protocol.js';

/** The type of an entry; a link reports the type of what it leads to. */
export type EntryType = 'file' | 'directory' | 'other';

/** One entry found by a walk. */
export interface WalkEntry {
  /** Relative to the walk's start, `/`-separated. */
  readonly rel: string;
  readonly name: string;
  /** 1 for the start folder's own entries. */
  readonly depth: number;
  readonly type: EntryType;
  /** A symbolic link (or junction) that leads inside the roots; never descended. */
  readonly link: boolean;
  /** Canonical path of the entry (of the link itself for links). */
  readonly real: string;
}

/** How a walk goes. */
export interface WalkOptions {
  /** Deepest level reported (1 = the start folder's entries). */
  readonly maxDepth: number;
  /** Excluded entries (relative paths) are neither reported nor descended. */
  readonly exclude: GlobSet;
  readonly signal: AbortSignal;
  /** Called for each visible entry, in order within each folder. */
  onEntry(entry: WalkEntry): void;
  /** True once the caller has enough (a result cap): the walk stops and reports `truncated`. */
  full(): boolean;
  onProgress?(foldersDone: number): void;
  /** Entries looked at before the walk stops with `truncated` whatever the caller wants. */
  readonly maxVisited?: number;
}

/** The outcome of a walk. */
export interface WalkResult {
  readonly real: string;
  readonly folders: number;
  /** Stopped early: a cap, or the visit budget. */
  readonly truncated: boolean;
  /** Folders that could not be read (permissions, removed meanwhile) and were left out. */
  readonly skipped: number;
}

/** The error a cancelled call ends with; the client has stopped waiting for the answer. */
export function cancelled(): GatehouseError {
  return new GatehouseError('TIMEOUT', 'The call was cancelled by the client.');
}

const DEFAULT_MAX_VISITED = 1_000_000;

/** How a worker walk goes, besides what every walk shares. */
export interface WalkSpec {
  readonly mode: WalkRequest['mode'];
  readonly maxDepth: number;
  readonly exclude: GlobSet;
  readonly match?: { part: GlobPart; nocase: boolean };
  /** What is reported at most (tree entries, matches); then `truncated`. */
  readonly limit?: number;
  readonly maxVisited?: number;
  /** The content search (grep mode). */
  readonly grep?: GrepRequest;
}

/** A running walk's controls. */
export interface WalkRun {
  /** The start folder's canonical path. */
  readonly start: string;
  /** Joins the start and a relative path (no normalising needed). */
  toReal(rel: string): string;
  /** Ends the walk between two entries. */
  stop(): void;
}

/**
 * Runs a walk in a worker: checks the start (a folder inside the roots), hands the worker the view's
 * deny globs, raises the walk's stop flag on cancellation, and passes each batch to `onBatch` in order.
 */
export async function runWalk(
  core: SandboxCore,
  target: Target,
  spec: WalkSpec,
  signal: AbortSignal,
  onBatch: (batch: WalkBatch, run: WalkRun) => Promise<void> | void,
): Promise<{ start: string; end: WalkEnd; toReal: WalkRun['toReal'] }> {
  const { real: start, facts } = await statPath(core, target);
  if (facts.kind !== 'directory') {
    throw new GatehouseError('INVALID_INPUT', `${target.shown} is ${describeKind(facts.kind)}, not a folder.`);
  }
  if (signal.aborted) throw cancelled();
  const { view } = target;
  const { api } = view.flavor;
  const stop = core.workers.takeStopSlot();
  const onAbort = () => stop.stop();
  signal.addEventListener('abort', onAbort);
  let released = false;
  let delivered = Promise.resolve();
  // `start` is canonical and `rel` comes from readdir names: joining needs no normalising.
  const prefix = start.endsWith(api.sep) ? start : start + api.sep;
  const run: WalkRun = {
    start,
    toReal: api.sep === '/' ? (rel) => prefix + rel : (rel) => prefix + rel.replace(/\//g, api.sep),
    stop: () => stop.stop(),
  };
  try {
    const request: WalkRequest = {
      op: 'walk',
      mode: spec.mode,
      match: spec.match?.part ?? null,
      matchNocase: spec.match?.nocase ?? false,
      limit: spec.limit ?? Infinity,
      start,
      sep: api.sep,
      deny: view.deny.parts,
      denyNocase: view.deny.nocase,
      protect: view.protectSource,
      exclude: spec.exclude.parts,
      excludeNocase: spec.exclude.nocase,
      maxDepth: spec.maxDepth,
      maxVisited: spec.maxVisited ?? DEFAULT_MAX_VISITED,
      stopSlot: stop.slot,
      grep: spec.grep ?? null,
    };
    const end = await core.workers.request<WalkEnd>(target.root.lane, request, true, (batch) => {
      delivered = delivered.then(() => onBatch(batch, run));
    });
    await delivered;
    if (signal.aborted) throw cancelled();
    return { start, end, toReal: run.toReal };
  } catch (error) {
    // A walk that timed out may still run in its worker: its stop flag stays raised and is not reused.
    if (error instanceof GatehouseError && error.code === 'TIMEOUT' && !signal.aborted) {
      stop.stop();
      released = true;
    }
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!released) stop.release();
  }
}

/** Counts the segments of a `/`-separated relative path. */
export function depthOf(rel: string): number {
  let depth = 1;
  for (let at = rel.indexOf('/'); at !== -1; at = rel.indexOf('/', at + 1)) depth += 1;
  return depth;
}

/** Walks a checked folder and reports every visible entry to `onEntry`, in pre-order. */
export async function walk(core: SandboxCore, target: Target, options: WalkOptions): Promise<WalkResult> {
  const { view } = target;
  let full = false;
  const deliver = async (batch: WalkBatch, run: WalkRun) => {
    for (let i = 0; i < batch.rels.length && !full; i += 1) {
      const rel = batch.rels[i]!;
      const kind = batch.kinds[i]!;
      const real = run.toReal(rel);
      // Security: checked again here, whatever the worker pruned.
      if (view.isDenied(real)) continue;
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      const depth = depthOf(rel);
      if (kind === KIND_LINK) {
        const link = await describeLink(core, target, real, name, false);
        if (link) options.onEntry({ rel, name, depth, type: link.type, link: true, real });
      } else {
        const type = kind === KIND_FILE ? 'file' : kind === KIND_DIRECTORY ? 'directory' : 'other';
        options.onEntry({ rel, name, depth, type, link: false, real });
      }
      if (options.full()) {
        full = true;
        run.stop();
      }
    }
    options.onProgress?.(batch.folders);
  };
  const spec = {
    mode: 'entries' as const,
    maxDepth: options.maxDepth,
    exclude: options.exclude,
    maxVisited: options.maxVisited,
  };
  const { start, end } = await runWalk(core, target, spec, options.signal, deliver);
  return { real: start, folders: end.folders, truncated: end.truncated || full, skipped: end.skipped };
}
