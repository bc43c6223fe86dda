/**
 * directory_tree and search_files as worker walks: the worker writes the tree text (or tests the
 * search glob) itself, so 22,000 entries never cross to the main thread one by one. What only the
 * sandbox can decide stays here: every link in a tree must lead inside the roots, or the tree is
 * walked again entry by entry, dropping the links that do not; every match is checked again.
 */
import { textOf, type ChunkedText } from '../chunked-text.js';
import type { GlobPart, GlobSet } from './globs.js';
import { describeLink } from './list.js';
import type { SandboxCore } from './open.js';
import { verify, type Target } from './resolve.js';
import { TreeText } from './tree-text.js';
import { runWalk, walk, type EntryType } from './walk.js';
import { KIND_DIRECTORY, KIND_FILE, KIND_LINK } from './worker-protocol.js';

/** How a tree or a search goes. */
export interface TreeOptions {
  readonly maxDepth: number;
  readonly exclude: GlobSet;
  readonly signal: AbortSignal;
  /** Entries (tree) or matches (search) at most. */
  readonly limit: number;
  onProgress?(foldersDone: number): void;
}

/** The outcome of a tree or a search. */
export interface TreeResult {
  readonly folders: number;
  readonly truncated: boolean;
  readonly skipped: number;
}

/** The directory_tree text of a checked folder (the reference's JSON, 2-space indented). */
export async function walkTree(
  core: SandboxCore,
  target: Target,
  options: TreeOptions,
): Promise<TreeResult & { text: string | ChunkedText; entries: number }> {
  const spec = { mode: 'tree' as const, maxDepth: options.maxDepth, exclude: options.exclude, limit: options.limit };
  const { end } = await runWalk(core, target, spec, options.signal, (batch) => options.onProgress?.(batch.folders));
  const linksInside = (end.links ?? []).every(([, leads]) => {
    try {
      // Security: a link is shown only when where it leads passes the same check as any path.
      verify({ ...target, intent: 'read' }, leads);
      return leads !== '';
    } catch {
      return false;
    }
  });
  const result = { folders: end.folders, truncated: end.truncated, skipped: end.skipped };
  if (linksInside) return { ...result, text: textOf(end.text ?? ['[]']), entries: end.reported };
  // A link leads out (or nowhere): walk again entry by entry, leaving such links out.
  const tree = new TreeText();
  let entries = 0;
  const again = await walk(core, target, {
    maxDepth: options.maxDepth,
    exclude: options.exclude,
    signal: options.signal,
    full: () => entries >= options.limit,
    onEntry(entry) {
      entries += 1;
      tree.add({ name: entry.name, depth: entry.depth, directory: entry.type === 'directory', link: entry.link });
    },
  });
  const text = textOf(tree.finish());
  return { folders: again.folders, truncated: again.truncated, skipped: again.skipped, text, entries };
}

/** One match of a search. */
export interface Match {
  readonly rel: string;
  readonly type: EntryType;
}

/** The entries below a checked folder whose relative path matches `pattern`. */
export async function findMatches(
  core: SandboxCore,
  target: Target,
  pattern: { part: GlobPart; nocase: boolean },
  options: TreeOptions,
): Promise<TreeResult & { matches: Match[] }> {
  const matches: Match[] = [];
  const spec = { mode: 'match' as const, match: pattern, ...options };
  const { end } = await runWalk(core, target, spec, options.signal, async (batch, run) => {
    for (let i = 0; i < batch.rels.length; i += 1) {
      const rel = batch.rels[i]!;
      const kind = batch.kinds[i]!;
      const real = run.toReal(rel);
      // Security: checked again here, whatever the worker pruned.
      if (target.view.isDenied(real)) continue;
      if (kind === KIND_LINK) {
        const link = await describeLink(core, target, real, rel.slice(rel.lastIndexOf('/') + 1), false);
        if (link) matches.push({ rel, type: link.type });
      } else {
        matches.push({ rel, type: kind === KIND_FILE ? 'file' : kind === KIND_DIRECTORY ? 'directory' : 'other' });
      }
    }
    options.onProgress?.(batch.folders);
  });
  return { folders: end.folders, truncated: end.truncated, skipped: end.skipped, matches };
}
