/**
 * The file sandbox: the one module every file tool and resource goes through. It turns a client's path
 * into a checked target under a policy snapshot, and performs each operation on what it checked.
 */
import os from 'node:os';
import path from 'node:path';
import type { Policy } from '../policy/schema.js';
import { FsCalls } from './fs-calls.js';
import { FsGate, type GateOptions } from './gate.js';
import { listDirectory, type ListedEntry } from './list.js';
import { makeDirectories } from './mkdir.js';
import { copyFile, moveEntry } from './move.js';
import { statPath, type SandboxCore } from './open.js';
import { hostFlavor } from './paths.js';
import { readBytes, readText, type TextRead } from './read.js';
import { tooLarge } from './refusals.js';
import { locate, type Intent, type Target } from './resolve.js';
import { rewriteText, type Rewrite } from './rewrite.js';
import { searchContents, type ContentSearchOptions, type ContentSearchResult } from './search.js';
import { narrowPolicy, type Narrowing } from './narrow.js';
import { moveToTrash, type TrashItem } from './trash.js';
import type { GlobPart } from './globs.js';
import { compileView, type PolicyView } from './view.js';
import { findMatches, walkTree, type TreeOptions } from './tree.js';
import { walk, type WalkOptions, type WalkResult } from './walk.js';
import type { FileFacts } from './worker-protocol.js';
import { hasProcFd } from './worker-source.js';
import { InlineRoute } from './inline.js';
import { localFolders } from './local-mounts.js';
import { loadNativeDirs, nativeDirsPath } from './native-dirs.js';
import { FsWorkers, type WorkerOptions } from './workers.js';
import { watchTarget, type Unwatch } from './watch.js';
import { appendToFile, openDestination, replaceFile } from './write.js';

export { listTrash, restoreFromTrash, trashDir, type TrashItem } from './trash.js';
export type { Target, Intent } from './resolve.js';
export type { PolicyView, RootView } from './view.js';
export type { TextRead } from './read.js';
export type { Narrowing } from './narrow.js';
export { mimeTypeOf } from './mime.js';
export { sniffText, decodeText } from './text.js';
export type { FileFacts } from './worker-protocol.js';
export type { ListedEntry } from './list.js';
export type { WalkEntry, WalkResult, EntryType } from './walk.js';
export type { ContentMatch, ContentSearchResult } from './search.js';
export { cancelled } from './walk.js';
export { compileClientGlobs, compileSearchGlob, globDepth, type GlobSet } from './globs.js';
export { compileQuery } from './query.js';

/**
 * What Gatehouse keeps in its home: never served, even under a root. The rest of the home (the demo's
 * sample workspace, say) is the user's and follows the policy like any other folder.
 */
export const GATEHOUSE_OWN_ENTRIES = ['policy.json', 'policy-history', 'logs', 'run', 'trash'] as const;

function gatehouseOwnPaths(home: string): string[] {
  return GATEHOUSE_OWN_ENTRIES.map((entry) => path.join(home, entry));
}

/** How the sandbox is set up; everything but `home` has a default. */
export interface FileSandboxOptions {
  /** `GATEHOUSE_HOME`: the trash lives here, and it is never served. */
  readonly home: string;
  /** More of Gatehouse's own files that are never served (the policy file). */
  readonly protectedPaths?: readonly string[];
  /** The user's home folder, for `~`. */
  readonly userHome: string;
  readonly platform?: NodeJS.Platform;
  /** Use /proc/self/fd (Linux). Default: when it exists. */
  readonly procFd?: boolean;
  /** Serve cheap calls on local disks without a thread hop (inline.ts). Default: with the native module. */
  readonly inline?: boolean;
  /** Use the native syscalls of native/dirs.c where built (native-dirs.ts). Default: with procFd. */
  readonly native?: boolean;
  readonly gate?: Partial<GateOptions>;
  readonly workers?: Partial<Omit<WorkerOptions, 'procFd' | 'native'>>;
}

/** The file operations, each on a checked target. */
export interface FileSandbox {
  /** The compiled view of a policy snapshot (cached per snapshot). */
  view(policy: Policy): Promise<PolicyView>;
  /** Checks a client's path under a policy snapshot; throws the contract refusal. */
  target(policy: Policy, input: string, intent: Intent): Promise<Target>;
  readText(target: Target, options: { head?: number; tail?: number }): Promise<TextRead>;
  readBytes(target: Target): Promise<{ bytes: Buffer; size: number }>;
  stat(target: Target): Promise<{ real: string; facts: FileFacts }>;
  list(target: Target, options: { sizes: boolean }): Promise<{ real: string; entries: ListedEntry[] }>;
  walk(target: Target, options: WalkOptions): Promise<WalkResult>;
  /** directory_tree's text, written by a worker as it walks. */
  tree(target: Target, options: TreeOptions): ReturnType<typeof walkTree>;
  /** search_files: the entries whose relative path matches a glob, tested by a worker as it walks. */
  find(
    target: Target,
    pattern: { part: GlobPart; nocase: boolean },
    options: TreeOptions,
  ): ReturnType<typeof findMatches>;
  searchContents(target: Target, options: ContentSearchOptions): Promise<ContentSearchResult>;
  writeFile(target: Target, data: Buffer): Promise<{ created: boolean }>;
  rewriteText(target: Target, transform: (text: string) => string, dryRun: boolean): Promise<Rewrite>;
  append(target: Target, data: Buffer): Promise<{ created: boolean }>;
  makeDirectories(target: Target): Promise<{ created: boolean }>;
  move(source: Target, destination: Target): Promise<void>;
  copy(source: Target, destination: Target): Promise<number>;
  trash(target: Target): Promise<TrashItem>;
  /** The policy narrowed to the client's roots (cached per snapshot and roots list). */
  narrow(policy: Policy, clientRoots: readonly string[]): Promise<Narrowing>;
  /** Watches a checked file or folder; resolves to the function that stops watching. */
  watch(target: Target, onChange: () => void): Promise<Unwatch>;
  /** File system calls and worker requests running, waiting, and stalled past their deadline. */
  stats(): { calls: ReturnType<FsGate['stats']>; workers: ReturnType<FsWorkers['stats']> };
  close(): void;
}

const DEFAULT_GATE: GateOptions = { maxInFlight: 4, maxPerLane: 3, timeoutMs: 10_000 };
const DEFAULT_WORKERS: Omit<WorkerOptions, 'procFd' | 'native'> = {
  maxWorkers: 4,
  maxWalks: Math.min(4, Math.max(2, os.availableParallelism())),
  pipeline: 8,
  stallMs: 500,
  timeoutMs: 10_000,
  // A worker starts in ~50 ms, little beside a client's turn; an idle one that has walked holds ~15 MB.
  idleMs: 10_000,
  spareIdleMs: 3_000,
};

/** Creates the sandbox of one server process. */
export function createFileSandbox(options: FileSandboxOptions): FileSandbox {
  const platform = options.platform ?? process.platform;
  const gate = new FsGate({ ...DEFAULT_GATE, ...options.gate });
  const calls = new FsCalls(gate);
  const procFd = options.procFd ?? hasProcFd(platform);
  const nativePath = procFd && (options.native ?? true) ? nativeDirsPath(platform) : null;
  const dirs = loadNativeDirs(nativePath);
  const native = dirs ? nativePath : null;
  const inline = dirs && (options.inline ?? true) ? new InlineRoute(dirs, localFolders) : null;
  const workers = new FsWorkers({ procFd, native, inline, ...DEFAULT_WORKERS, ...options.workers });
  const core: SandboxCore = { calls, workers, procFd, temps: new Set() };
  const flavor = hostFlavor(platform === 'win32' ? path.win32 : path.posix, platform);
  const deps = {
    calls,
    flavor,
    userHome: options.userHome,
    protectedPaths: [...gatehouseOwnPaths(options.home), ...(options.protectedPaths ?? [])],
  };
  // One compiled view per frozen snapshot; a failed compile is retried on the next call.
  const views = new WeakMap<Policy, Promise<PolicyView>>();
  const view = (policy: Policy) => {
    let compiled = views.get(policy);
    if (!compiled) {
      compiled = compileView(policy, deps);
      views.set(policy, compiled);
      compiled.catch(() => views.delete(policy));
    }
    return compiled;
  };
  const limits = (target: Target) => target.view.policy.limits;
  const narrowings = new WeakMap<Policy, WeakMap<readonly string[], Promise<Narrowing>>>();
  const narrow = (policy: Policy, clientRoots: readonly string[]) => {
    let byRoots = narrowings.get(policy);
    if (!byRoots) narrowings.set(policy, (byRoots = new WeakMap()));
    let narrowed = byRoots.get(clientRoots);
    if (!narrowed) {
      narrowed = view(policy).then(async (base) => {
        const result = await narrowPolicy(base, clientRoots, calls);
        // The narrowed view uses the canonical paths just checked; they are never resolved again.
        views.set(result.policy, compileView(result.policy, deps, result.pinned));
        return result;
      });
      byRoots.set(clientRoots, narrowed);
      narrowed.catch(() => byRoots.delete(clientRoots));
    }
    return narrowed;
  };

  return {
    view,
    async target(policy, input, intent) {
      return locate(await view(policy), input, intent);
    },
    readText: (target, o) => readText(core, target, { ...o, limit: limits(target).maxReadBytes }),
    readBytes: (target) => readBytes(core, target, limits(target).maxReadBytes),
    stat: (target) => statPath(core, target),
    list: (target, o) => listDirectory(core, target, o),
    walk: (target, o) => walk(core, target, o),
    tree: (target, o) => walkTree(core, target, o),
    find: (target, pattern, o) => findMatches(core, target, pattern, o),
    searchContents: (target, o) => searchContents(core, target, o),
    async writeFile(target, data) {
      const limit = limits(target).maxWriteBytes;
      if (data.length > limit) throw tooLarge(target.shown, data.length, limit, 'maxWriteBytes');
      const dest = await openDestination(core, target);
      await replaceFile(core, dest, data, target.shown);
      return { created: dest.existing === null };
    },
    rewriteText: (target, transform, dryRun) =>
      rewriteText(core, target, transform, {
        dryRun,
        maxReadBytes: limits(target).maxReadBytes,
        maxWriteBytes: limits(target).maxWriteBytes,
      }),
    async append(target, data) {
      const limit = limits(target).maxWriteBytes;
      if (data.length > limit) throw tooLarge(target.shown, data.length, limit, 'maxWriteBytes');
      return appendToFile(core, target, data);
    },
    makeDirectories: (target) => makeDirectories(core, target),
    move: (source, destination) => moveEntry(core, source, destination),
    copy: (source, destination) => copyFile(core, source, destination, limits(source).maxWriteBytes),
    trash: (target) => moveToTrash(core, target, options.home),
    narrow,
    watch: (target, onChange) => watchTarget(core, target, onChange),
    stats: () => ({ calls: gate.stats(), workers: workers.stats() }),
    close() {
      // A write still running when the server stops (past its drain) must not leave its temp file.
      for (const temp of core.temps) calls.removeNow(temp);
      core.temps.clear();
      gate.close();
      workers.close();
    },
  };
}
