import type { GlobPart } from './globs.js';
import type { QuerySpec } from './query.js';

/**
 * The messages between the sandbox and its fs workers (types only). A worker runs a few syscalls per
 * request synchronously on its own thread, so a file read costs one thread hop instead of five, and the
 * event loop never waits on the file system.
 */

/** What a worker learned about a file from fstat. */
export interface FileFacts {
  readonly kind: 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device' | 'other';
  readonly dev: number;
  readonly ino: number;
  readonly mode: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly atimeMs: number;
  readonly birthtimeMs: number;
}

/** A file system error as data. */
export interface WireError {
  readonly code: string;
  readonly message: string;
}

/** Reads a whole regular file; anything else (or larger than `maxBytes`) is described, never read. */
export interface ReadRequest {
  readonly op: 'read';
  readonly path: string;
  /** Follow a link in the last component (only for a path already resolved and checked). */
  readonly follow: boolean;
  readonly maxBytes: number;
}

/** fstat of what a path names (links followed), without opening it for reading. */
export interface StatRequest {
  readonly op: 'stat';
  readonly path: string;
}

/** A folder's entries, and the sizes of its files when asked. */
export interface ListRequest {
  readonly op: 'list';
  readonly path: string;
  readonly sizes: boolean;
}

/**
 * What a `grep` walk searches: each regular file it passes, opened through its folder's fd without
 * following a link, read whole into one reused buffer; only the matching lines leave the worker.
 */
export interface GrepRequest {
  /** The query, already checked by the sandbox. */
  readonly query: QuerySpec;
  /** Only files whose relative path matches one of these (the call's include glob); empty: every file. */
  readonly include: readonly GlobPart[];
  readonly includeNocase: boolean;
  /** Larger files are skipped unread (maxReadBytes). */
  readonly maxBytes: number;
  /** Matching lines kept at most; one more ends the walk with `truncated`. */
  readonly maxResults: number;
}

/**
 * Walks a checked folder; prunes denied and excluded entries. `entries` reports every entry in
 * batches; `match` only the entries whose relative path matches `match`; `tree` writes the
 * directory_tree text itself; `grep` searches the files' contents. `limit` caps what is reported
 * (then `truncated`).
 */
export interface WalkRequest {
  readonly op: 'walk';
  readonly mode: 'entries' | 'match' | 'tree' | 'grep';
  readonly match: GlobPart | null;
  readonly matchNocase: boolean;
  readonly limit: number;
  /** The canonical path of the start folder, checked by the sandbox. */
  readonly start: string;
  readonly sep: string;
  /** The policy's deny globs (literal, regex source, flags), applied as GlobSet.matches() does. */
  readonly deny: readonly GlobPart[];
  readonly denyNocase: boolean;
  /** Gatehouse's own files as one regex (source and flags). */
  readonly protect: readonly [string, string] | null;
  /** The call's exclude globs, matched on relative paths. */
  readonly exclude: readonly GlobPart[];
  readonly excludeNocase: boolean;
  readonly maxDepth: number;
  readonly maxVisited: number;
  /** Index of this walk's stop flag in the shared stop array. */
  readonly stopSlot: number;
  /** The content search (grep mode). */
  readonly grep: GrepRequest | null;
}

/** Any request. */
export type WorkerRequest = ReadRequest | StatRequest | ListRequest | WalkRequest;

/** Entry kinds in listings and walks. */
export const KIND_FILE = 0;
export const KIND_DIRECTORY = 1;
export const KIND_LINK = 2;
export const KIND_OTHER = 3;

/** The answer to a read. */
export interface ReadAnswer {
  readonly real: string;
  readonly facts: FileFacts;
  /** The bytes, for a regular file within the limit. */
  readonly bytes?: ArrayBuffer;
  readonly length?: number;
}

/** The answer to a stat. */
export interface StatAnswer {
  readonly real: string;
  readonly facts: FileFacts;
}

/** The answer to a list. */
export interface ListAnswer {
  readonly real: string;
  /** False when the path names something else than a folder (then nothing was listed). */
  readonly folder: boolean;
  readonly names: string[];
  readonly kinds: number[];
  /** For files when sizes were asked for; -1 where unknown. */
  readonly sizes?: number[];
  readonly mtimes?: number[];
}

/** A batch of walk entries (relative paths and kinds). */
export interface WalkBatch {
  readonly rels: string[];
  readonly kinds: number[];
  readonly folders: number;
  /** Files searched so far (grep mode): the walk is alive and making progress. */
  readonly searched?: number;
}

/** The matching lines of a grep walk, as columns, and what it searched. */
export interface GrepFound {
  readonly rels: string[];
  readonly lines: number[];
  readonly texts: string[];
  readonly searched: number;
  /** Files not searched: binary, over maxBytes, not regular, or unreadable. */
  readonly skipped: number;
}

/** The end of a walk. */
export interface WalkEnd {
  readonly folders: number;
  readonly skipped: number;
  readonly truncated: boolean;
  /** Entries reported (tree and match modes). */
  readonly reported: number;
  /** The tree text (tree mode), in pieces (see ChunkedText). */
  readonly text?: string[];
  /** Links in the tree (tree mode): relative path and where the link leads ('' when nowhere). */
  readonly links?: ReadonlyArray<readonly [string, string]>;
  /** The matches (grep mode). */
  readonly found?: GrepFound;
}

/** A message from a worker. */
export type WorkerMessage =
  | { readonly id: number; readonly ok: unknown }
  | { readonly id: number; readonly error: WireError }
  | { readonly id: number; readonly batch: WalkBatch };
