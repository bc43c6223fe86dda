/**
 * search_file_contents: walks a tree and searches its files. Binary files and files over
 * `maxReadBytes` are skipped and counted; the search stops at `maxResults` with `truncated`.
 * On Linux the walk's worker searches each file where it reads it (opened through its folder's fd,
 * without following a link), so only the matching lines cross to the event loop; elsewhere the files
 * are read one by one, several at once, each opened and checked like any read.
 */
import type { GlobSet } from './globs.js';
import type { SandboxCore } from './open.js';
import type { Query } from './query.js';
import { readWholeFile } from './read.js';
import type { Target } from './resolve.js';
import { decodeText, sniffText } from './text.js';
import { cancelled, runWalk, walk, type WalkEntry } from './walk.js';

/** One matching line. */
export interface ContentMatch {
  /** Relative to the searched folder, `/`-separated. */
  readonly rel: string;
  readonly line: number;
  readonly text: string;
}

/** What a content search needs besides the query. */
export interface ContentSearchOptions {
  readonly query: Query;
  readonly include: GlobSet | null;
  readonly exclude: GlobSet;
  readonly maxResults: number;
  readonly signal: AbortSignal;
  readonly onProgress: (filesSearched: number) => void;
  /** Files searched at once. */
  readonly concurrency?: number;
}

/** The outcome of a content search. */
export interface ContentSearchResult {
  readonly matches: ContentMatch[];
  readonly filesSearched: number;
  /** Binary files, files over the read limit, and files that could not be read. */
  readonly filesSkipped: number;
  readonly truncated: boolean;
}

/** Orders matches as grep -r lists them: by path, then line. */
function byPathAndLine(a: ContentMatch, b: ContentMatch): number {
  return a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.line - b.line;
}

/** Searches the files under a checked folder. */
export function searchContents(
  core: SandboxCore,
  target: Target,
  options: ContentSearchOptions,
): Promise<ContentSearchResult> {
  return core.procFd ? searchInWalk(core, target, options) : searchFileByFile(core, target, options);
}

/** The search inside the walk's worker (Linux). */
async function searchInWalk(
  core: SandboxCore,
  target: Target,
  options: ContentSearchOptions,
): Promise<ContentSearchResult> {
  const grep = {
    query: options.query.spec,
    include: options.include?.parts ?? [],
    includeNocase: options.include?.nocase ?? false,
    maxBytes: target.view.policy.limits.maxReadBytes,
    maxResults: options.maxResults,
  };
  const spec = { mode: 'grep' as const, maxDepth: Infinity, exclude: options.exclude, grep };
  const { end, toReal } = await runWalk(core, target, spec, options.signal, (batch) => {
    if (batch.searched !== undefined) options.onProgress(batch.searched);
  });
  const found = end.found!;
  const matches: ContentMatch[] = [];
  for (let i = 0; i < found.rels.length; i += 1) {
    const rel = found.rels[i]!;
    // Security: checked again here, whatever the worker pruned.
    if (target.view.isDenied(toReal(rel))) continue;
    matches.push({ rel, line: found.lines[i]!, text: found.texts[i]! });
  }
  matches.sort(byPathAndLine);
  return { matches, filesSearched: found.searched, filesSkipped: found.skipped, truncated: end.truncated };
}

/** The search file by file, each read like any read (no /proc/self/fd). */
async function searchFileByFile(
  core: SandboxCore,
  target: Target,
  options: ContentSearchOptions,
): Promise<ContentSearchResult> {
  const limit = target.view.policy.limits.maxReadBytes;
  const matches: ContentMatch[] = [];
  const queue: WalkEntry[] = [];
  const concurrency = options.concurrency ?? 6;
  let filesSearched = 0;
  let filesSkipped = 0;
  let running = 0;
  let failure: unknown;
  let overflow = false;
  const full = () => matches.length >= options.maxResults;
  let idle: (() => void) | undefined;

  const searchFile = async (entry: WalkEntry) => {
    const fileTarget: Target = { ...target, lexical: entry.real, shown: entry.rel, intent: 'read' };
    // Checked like any read; one over the limit is refused by the worker without being read.
    const bytes = await readWholeFile(core, fileTarget, limit);
    const sniffed = sniffText(bytes);
    if (sniffed.binary) {
      filesSkipped += 1;
      return;
    }
    filesSearched += 1;
    options.query.search(decodeText(bytes, sniffed.encoding, sniffed.bomLength), (line, text) => {
      if (full()) {
        overflow = true;
        return false;
      }
      matches.push({ rel: entry.rel, line, text });
      return true;
    });
  };

  const pump = () => {
    // A cancelled call stops taking files at once; the walk itself stops on the same signal.
    while (failure === undefined && !options.signal.aborted && !full() && running < concurrency && queue.length > 0) {
      running += 1;
      searchFile(queue.shift()!)
        .catch((error: unknown) => {
          // A file that vanished or is refused is skipped; a cancelled call is not.
          if (options.signal.aborted) failure ??= error;
          else filesSkipped += 1;
        })
        .finally(() => {
          running -= 1;
          options.onProgress(filesSearched);
          pump();
          if (running === 0 && idle) idle();
        });
    }
  };

  const walked = await walk(core, target, {
    maxDepth: Infinity,
    exclude: options.exclude,
    signal: options.signal,
    full,
    onEntry(entry) {
      if (entry.type === 'file' && !entry.link && (!options.include || options.include.matches(entry.rel))) {
        queue.push(entry);
        pump();
      }
    },
  });
  // The walk is done; wait for the files still queued or being searched.
  await new Promise<void>((resolve) => {
    idle = resolve;
    pump();
    if (running === 0) resolve();
  });
  if (failure !== undefined) throw failure;
  if (options.signal.aborted) throw cancelled();
  const truncated = overflow || walked.truncated || queue.length > 0;
  matches.sort(byPathAndLine);
  return { matches, filesSearched, filesSkipped, truncated };
}
