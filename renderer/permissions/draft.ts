/**
 * The unsaved policy draft: edits beyond the admin core's (deny patterns, limits, renaming a database),
 * and the merge of a file that changed on disk under a draft. Pure. The shared edits (folders,
 * databases, tools, pause) are the admin core's own rules from electron/policy-document.ts.
 */
import { editPolicyDocument, type PolicyEdit } from '../../electron/policy-document.js';
import type { PolicyInput, PolicyLimits } from '../../server/policy/schema.js';

/** A policy document as written (keys left out stay out). */
export type PolicyDocument = PolicyInput;

/** A limit's name. */
export type LimitName = keyof PolicyLimits;

/** Applies one of the admin core's edits; paths from the native pickers are already absolute. */
export function applyEdit(doc: PolicyDocument, edit: PolicyEdit): PolicyDocument {
  return editPolicyDocument(doc, edit, (p) => p);
}

/** Sets the deny patterns; `null` removes the key so Gatehouse's defaults apply again. */
export function setDeny(doc: PolicyDocument, deny: string[] | null): PolicyDocument {
  const { deny: _old, ...rest } = doc;
  return deny === null ? rest : { ...rest, deny };
}

/**
 * Changes the database at `index`. By position, not by name: while a name is being typed, two entries
 * may share one (the schema reports that at the field).
 */
export function updateDatabase(
  doc: PolicyDocument,
  index: number,
  patch: Partial<{ name: string; access: 'read' | 'write' }> | null,
): PolicyDocument {
  const databases = [...(doc.databases ?? [])];
  const entry = databases[index];
  if (!entry) return doc;
  if (patch === null) databases.splice(index, 1);
  else databases[index] = { ...entry, ...patch };
  return { ...doc, databases };
}

/**
 * Sets one limit from what was typed: empty text removes it (the default applies); text that is not a
 * number is kept as text, so the server's schema reports it at the field instead of it vanishing.
 */
export function setLimit(doc: PolicyDocument, name: LimitName, text: string): PolicyDocument {
  const limits: Record<string, unknown> = { ...(doc.limits ?? {}) };
  const trimmed = text.trim();
  if (trimmed === '') delete limits[name];
  else limits[name] = /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  const { limits: _old, ...rest } = doc;
  return Object.keys(limits).length > 0 ? { ...rest, limits: limits as PolicyDocument['limits'] } : rest;
}

/** A database name made from a file name: letters, digits, `_`, `.` and `-`, unique in the document. */
export function databaseNameFor(doc: PolicyDocument, file: string): string {
  const base = (file.split(/[\\/]/).pop() ?? '').replace(/\.(db|sqlite3?|db3)$/i, '');
  const cleaned =
    base
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 56) || 'database';
  const taken = new Set((doc.databases ?? []).map((db) => db.name));
  let name = cleaned;
  for (let n = 2; taken.has(name); n += 1) name = `${cleaned}-${n}`;
  return name;
}

/** Deep equality of JSON values, whatever the key order. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * Carries a draft over to a file that changed on disk (a hand edit, the tray's pause, another window):
 * per top-level key, whichever side changed it wins. Null when both changed the same key differently:
 * the person has to choose.
 */
export function rebaseDraft(base: PolicyDocument, draft: PolicyDocument, next: PolicyDocument): PolicyDocument | null {
  const b = base as Record<string, unknown>;
  const d = draft as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  const merged: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(d), ...Object.keys(n)])) {
    const mine = !sameValue(b[key], d[key]);
    const theirs = !sameValue(b[key], n[key]);
    if (mine && theirs && !sameValue(d[key], n[key])) return null;
    const value = mine ? d[key] : n[key];
    if (value !== undefined) merged[key] = value;
  }
  return merged as PolicyDocument;
}
