/** The unsaved changes of a draft, one line each, as the save bar lists them. Pure. */
import { DEFAULT_DENY } from '../../server/policy/defaults.js';
import { TOOL_CATALOG, TOOL_NAMES } from '../../server/tools/catalog.js';
import { sameValue, type PolicyDocument } from './draft.js';

const accessWord = (access: string) => (access === 'write' ? 'read & write' : 'read only');

/** Every difference between the saved document and the draft. */
export function describeChanges(base: PolicyDocument, draft: PolicyDocument): string[] {
  const out: string[] = [];
  if (Boolean(base.paused) !== Boolean(draft.paused)) out.push(draft.paused ? 'Pause all tools' : 'Resume all tools');

  const baseRoots = new Map((base.roots ?? []).map((r) => [r.path, r.access]));
  const draftRoots = new Map((draft.roots ?? []).map((r) => [r.path, r.access]));
  for (const [path, access] of draftRoots) {
    const before = baseRoots.get(path);
    if (before === undefined) out.push(`Share ${path} (${accessWord(access)})`);
    else if (before !== access) out.push(`${path}: ${accessWord(before)} → ${accessWord(access)}`);
  }
  for (const path of baseRoots.keys()) if (!draftRoots.has(path)) out.push(`Stop sharing ${path}`);

  const baseDeny = base.deny ?? DEFAULT_DENY;
  const draftDeny = draft.deny ?? DEFAULT_DENY;
  for (const pattern of draftDeny) if (!baseDeny.includes(pattern)) out.push(`Hide ${pattern || '(empty pattern)'}`);
  for (const pattern of baseDeny) if (!draftDeny.includes(pattern)) out.push(`Stop hiding ${pattern}`);
  if ((base.deny === undefined) !== (draft.deny === undefined) && sameValue(baseDeny, draftDeny)) {
    out.push(
      draft.deny === undefined ? "Follow Gatehouse's default deny patterns" : 'Keep the deny patterns as listed',
    );
  }

  const baseDbs = new Map((base.databases ?? []).map((db) => [db.path, db]));
  const draftDbs = new Map((draft.databases ?? []).map((db) => [db.path, db]));
  for (const [path, db] of draftDbs) {
    const before = baseDbs.get(path);
    if (!before) out.push(`Add database ${db.name || '(unnamed)'} (${accessWord(db.access)})`);
    else {
      if (before.name !== db.name) out.push(`Rename database ${before.name} → ${db.name || '(unnamed)'}`);
      if (before.access !== db.access) out.push(`${db.name}: ${accessWord(before.access)} → ${accessWord(db.access)}`);
    }
  }
  for (const [path, db] of baseDbs) if (!draftDbs.has(path)) out.push(`Remove database ${db.name}`);

  for (const tool of TOOL_NAMES) {
    const was = base.tools?.[tool] !== false;
    const now = draft.tools?.[tool] !== false;
    if (was !== now) out.push(`${now ? 'Switch on' : 'Switch off'} ${TOOL_CATALOG[tool].title} (${tool})`);
  }

  const limits = new Set([...Object.keys(base.limits ?? {}), ...Object.keys(draft.limits ?? {})]);
  for (const name of limits) {
    const before = (base.limits as Record<string, unknown> | undefined)?.[name];
    const after = (draft.limits as Record<string, unknown> | undefined)?.[name];
    if (!sameValue(before, after)) out.push(`${name}: ${String(before ?? 'default')} → ${String(after ?? 'default')}`);
  }

  const known = new Set(['version', 'paused', 'roots', 'deny', 'databases', 'tools', 'limits']);
  const others = new Set([...Object.keys(base), ...Object.keys(draft)].filter((k) => !known.has(k)));
  for (const key of others) {
    if (!sameValue((base as Record<string, unknown>)[key], (draft as Record<string, unknown>)[key])) {
      out.push(`Change ${key}`);
    }
  }
  return out;
}
