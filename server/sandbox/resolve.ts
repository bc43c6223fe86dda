/**
 * From a client's path to a checked target, and from an opened file back to the check. Two halves:
 * locate() refuses on the path text alone (traversal, prefix siblings, deny globs, read-only roots)
 * before any file system call; verify() checks what was really opened or resolved (links followed,
 * canonical path) against the same rules.
 */
import { GatehouseError } from '../errors.js';
import { parseRequestedPath } from './paths.js';
import { deniedByPolicy, linkEscapes, outsideRoots, readOnlyRoot } from './refusals.js';
import type { PolicyView, RootView } from './view.js';

/** Whether a call only reads or may change something. */
export type Intent = 'read' | 'write';

/** A path that passed the checks on its text. */
export interface Target {
  readonly view: PolicyView;
  /** The client's own text, for messages. */
  readonly shown: string;
  /** Absolute, lexically normalised. */
  readonly lexical: string;
  /** The root that holds the lexical path. */
  readonly root: RootView;
  readonly intent: Intent;
}

/** Maximum length of a path a client may send; longer is refused before any parsing. */
const MAX_PATH_CHARS = 4096;

/** Checks a client's path on its text alone; throws the contract refusal. */
export function locate(view: PolicyView, input: string, intent: Intent): Target {
  const shown = input.length > 300 ? `${input.slice(0, 300)}…` : input;
  if (input.length > MAX_PATH_CHARS) throw new GatehouseError('INVALID_INPUT', 'The path is too long.');
  const parsed = parseRequestedPath(input, view.flavor, view.base);
  if (!parsed.ok) throw new GatehouseError('INVALID_INPUT', `Refused path ${JSON.stringify(shown)}: ${parsed.reason}.`);
  const lexical = parsed.path;
  // Security: containment by path segments (never string prefix) of the normalised path.
  const root = view.lexicalRootOf(lexical);
  if (!root) throw outsideRoots(shown);
  // Security: deny globs apply before the file system is asked, so a hidden file's existence never shows.
  if (view.isDenied(lexical)) throw deniedByPolicy(shown);
  if (intent === 'write' && root.access !== 'write') throw readOnlyRoot(shown);
  return { view, shown, lexical, root, intent };
}

/**
 * Checks a canonical path (from /proc/self/fd or realpath) against the roots, the deny list and the
 * access the call needs. Returns the root that holds it.
 */
export function verify(target: Target, real: string): RootView {
  const { view } = target;
  // Security: what was opened must itself lie inside a root; a link out is refused whatever its name.
  const root = view.rootOf(real);
  if (!root?.real) throw linkEscapes(target.shown);
  // Security: the deny list is matched against the resolved path too: a link to `.env` is still `.env`.
  if (view.isDenied(real)) throw deniedByPolicy(target.shown);
  // Security: a write through a link must be allowed at both ends.
  if (target.intent === 'write' && root.access !== 'write') throw readOnlyRoot(target.shown);
  return root;
}

/** A target for a path inside an already checked folder (an entry of a listing, a child to create). */
export function childTarget(parent: Target, lexical: string, shown: string): Target {
  return { ...parent, lexical, shown };
}
