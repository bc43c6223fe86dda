/**
 * The edits the tray and the `gatehouse` command make to a policy document, on the document as written
 * (keys the person left out stay out, so their defaults keep following Gatehouse's). Each edit returns a
 * new document; validation with the server's schema happens in the store.
 */
import path from 'node:path';
import { GatehouseError } from '../../server/errors.js';
import type { PolicyInput } from '../../server/policy/schema.js';
import { isToolName } from '../../server/tools/catalog.js';

/** Folder or database access. */
export type Access = 'read' | 'write';

/** One edit of the policy document. */
export type PolicyEdit =
  | { kind: 'addRoot'; path: string; access: Access }
  | { kind: 'removeRoot'; path: string }
  | { kind: 'addDatabase'; name: string; path: string; access: Access }
  | { kind: 'removeDatabase'; name: string }
  | { kind: 'setTool'; tool: string; enabled: boolean }
  | { kind: 'setPaused'; paused: boolean };

/** The document a missing policy file stands for. */
export function emptyDocument(): PolicyInput {
  return { version: 1 };
}

const samePath = (a: string, b: string) => path.resolve(a) === path.resolve(b);

/** Applies one edit; throws a GatehouseError when it cannot apply (unknown root, tool or database). */
export function applyPolicyEdit(document: PolicyInput, edit: PolicyEdit): PolicyInput {
  const doc: PolicyInput = structuredClone(document);
  switch (edit.kind) {
    case 'addRoot': {
      const roots = [...(doc.roots ?? [])];
      const index = roots.findIndex((root) => samePath(root.path, edit.path));
      // Adding a folder that is already shared changes its access instead of listing it twice.
      if (index >= 0) roots[index] = { ...roots[index]!, access: edit.access };
      else roots.push({ path: path.resolve(edit.path), access: edit.access });
      return { ...doc, roots };
    }
    case 'removeRoot': {
      const roots = doc.roots ?? [];
      const kept = roots.filter((root) => !samePath(root.path, edit.path));
      if (kept.length === roots.length) throw new GatehouseError('NOT_FOUND', `${edit.path} is not a shared folder.`);
      return { ...doc, roots: kept };
    }
    case 'addDatabase': {
      const databases = [...(doc.databases ?? [])];
      const entry = { name: edit.name, path: path.resolve(edit.path), access: edit.access };
      const index = databases.findIndex((db) => db.name === edit.name);
      if (index >= 0) databases[index] = entry;
      else databases.push(entry);
      return { ...doc, databases };
    }
    case 'removeDatabase': {
      const databases = doc.databases ?? [];
      const kept = databases.filter((db) => db.name !== edit.name);
      if (kept.length === databases.length) {
        throw new GatehouseError('NOT_FOUND', `There is no database named "${edit.name}".`);
      }
      return { ...doc, databases: kept };
    }
    case 'setTool': {
      if (!isToolName(edit.tool)) throw new GatehouseError('INVALID_INPUT', `Unknown tool "${edit.tool}".`);
      const tools: Record<string, boolean | undefined> = { ...(doc.tools ?? {}) };
      // Every tool is on unless switched off, so switching one on removes its entry.
      if (edit.enabled) delete tools[edit.tool];
      else tools[edit.tool] = false;
      const { tools: _old, ...rest } = doc;
      return Object.keys(tools).length > 0 ? { ...rest, tools } : rest;
    }
    case 'setPaused':
      return { ...doc, paused: edit.paused };
  }
}
