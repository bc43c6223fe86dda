/**
 * The policy edits as the main process applies them: the pure rules of `../policy-document.ts`, with
 * paths resolved the way the file system will see them.
 */
import path from 'node:path';
import type { PolicyInput } from '../../server/policy/schema.js';
import { editPolicyDocument, type PolicyEdit } from '../policy-document.js';

export { emptyDocument, type Access, type PolicyEdit } from '../policy-document.js';

/** Applies one edit; throws a GatehouseError when it cannot apply (unknown root, tool or database). */
export function applyPolicyEdit(document: PolicyInput, edit: PolicyEdit): PolicyInput {
  return editPolicyDocument(document, edit, (p) => path.resolve(p));
}
