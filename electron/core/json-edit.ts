/**
 * Surgical edits of someone else's JSON file (a client's MCP config): only the one member changes,
 * every other byte stays as it was. The file must be strict JSON; the result is checked to mean
 * exactly the original plus the change before anyone writes it.
 */
import { isDeepStrictEqual } from 'node:util';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { GatehouseError } from '../../server/errors.js';

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array or null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a config file strictly. An empty file is an empty object; anything JSON.parse refuses (comments,
 * trailing commas, trailing garbage) or a top level that is not an object is refused, so that a file
 * someone else wrote is never replaced by a guess.
 */
export function parseStrictObject(text: string, what: string): JsonObject {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatehouseError('INVALID_INPUT', `${what} is not plain JSON (${reason}); it was left as it is.`, {
      category: 'external_error',
      hint: 'Fix the file (comments and trailing commas are not allowed), then try again.',
    });
  }
  if (!isJsonObject(value)) {
    throw new GatehouseError('INVALID_INPUT', `${what} does not hold a JSON object; it was left as it is.`, {
      category: 'external_error',
    });
  }
  return value;
}

/** The indentation unit and line ending a file already uses, so inserted text looks like its neighbours. */
function styleOf(text: string): { unit: string; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  return { unit: indent?.startsWith('\t') ? '\t' : (indent ?? '  '), eol };
}

/** `value` as JSON text starting at nesting `depth`. */
function serialize(value: unknown, depth: number, style: { unit: string; eol: string }): string {
  return JSON.stringify(value, null, style.unit)
    .split('\n')
    .join(style.eol + style.unit.repeat(depth));
}

/** One text replacement. */
interface Edit {
  offset: number;
  length: number;
  content: string;
}

/**
 * The edit that sets or removes `key` in the object `node` (at nesting `depth`), touching only that
 * member's bytes (and the one comma that joins it to its neighbour).
 */
function memberEdit(
  text: string,
  node: Node,
  key: string,
  value: unknown,
  depth: number,
  style: { unit: string; eol: string },
): Edit | null {
  const members = node.children ?? [];
  const index = members.findIndex((member) => member.children?.[0]?.value === key);
  const member = members[index];
  const indent = style.eol + style.unit.repeat(depth + 1);
  const memberText = () => `${JSON.stringify(key)}: ${serialize(value, depth + 1, style)}`;
  if (member && value !== undefined) {
    const old = member.children![1]!;
    return { offset: old.offset, length: old.length, content: serialize(value, depth + 1, style) };
  }
  if (member) {
    const end = member.offset + member.length;
    const previous = members[index - 1];
    const next = members[index + 1];
    // From the end of the previous member, so its comma goes with this one.
    if (previous)
      return {
        offset: previous.offset + previous.length,
        length: end - previous.offset - previous.length,
        content: '',
      };
    if (next) return { offset: member.offset, length: next.offset - member.offset, content: '' };
    return { offset: node.offset + 1, length: node.length - 2, content: '' };
  }
  if (value === undefined) return null;
  const last = members.at(-1);
  if (last) return { offset: last.offset + last.length, length: 0, content: `,${indent}${memberText()}` };
  const close = style.eol + style.unit.repeat(depth);
  return { offset: node.offset + 1, length: node.length - 2, content: `${indent}${memberText()}${close}` };
}

/**
 * Sets (or, with `value` undefined, removes) the member at `path` and returns the new text. Throws if
 * the edit would change anything else.
 */
export function setJsonMember(text: string, path: string[], value: unknown, what: string): string {
  const original = parseStrictObject(text, what);
  const expected = structuredClone(original);
  let parent: JsonObject = expected;
  for (const key of path.slice(0, -1)) {
    const child = parent[key];
    if (child === undefined) parent[key] = {};
    else if (!isJsonObject(child)) {
      throw new GatehouseError('INVALID_INPUT', `${what}: "${key}" is not an object; it was left as it is.`, {
        category: 'external_error',
      });
    }
    parent = parent[key] as JsonObject;
  }
  const last = path.at(-1)!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;

  // Already so: the file is not touched at all.
  if (isDeepStrictEqual(original, expected)) return text;
  const base = text.trim() === '' ? '{}' : text;
  const style = styleOf(base);
  // Walk down to the deepest object that exists; the rest of the path is created as one new member.
  let node = parseTree(base)!;
  let depth = 0;
  while (depth < path.length - 1) {
    const child = findNodeAtLocation(node, [path[depth]!]);
    if (!child) break;
    node = child;
    depth += 1;
  }
  let newValue: unknown = value;
  for (let i = path.length - 1; i > depth && newValue !== undefined; i -= 1) newValue = { [path[i]!]: newValue };
  const edit = memberEdit(base, node, path[depth]!, newValue, depth, style);
  let next = edit ? base.slice(0, edit.offset) + edit.content + base.slice(edit.offset + edit.length) : base;
  if (text.trim() === '') next += style.eol;
  // Security: the result must mean exactly the original plus this one change (duplicate keys, for one,
  // would make the strict parse and the tree disagree).
  let reparsed: unknown;
  try {
    reparsed = JSON.parse(next);
  } catch {
    reparsed = undefined;
  }
  if (!isDeepStrictEqual(reparsed, expected)) {
    throw new GatehouseError(
      'INVALID_INPUT',
      `${what} could not be edited safely (duplicate keys?); it was left as it is.`,
      {
        category: 'external_error',
      },
    );
  }
  return next;
}
