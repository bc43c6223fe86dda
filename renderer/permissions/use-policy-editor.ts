/**
 * The Permissions draft: edits stay local until Save; the server's own schema checks the draft as it
 * changes (its field paths put each problem at its field); a file that changes on disk is merged in
 * when it can be, and reported when it clashes. Lives in the app, so a draft survives a page switch.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, type ErrorPayload, type PolicyStatus } from '../api.js';
import type { Live } from '../lib/use-live.js';
import { describeChanges } from './changes.js';
import { rebaseDraft, sameValue, type PolicyDocument } from './draft.js';

/** One problem the schema found, at a dotted field path such as `limits.maxRows`. */
export type PolicyIssue = PolicyStatus['issues'][number];

/** The editor's state and actions. */
export interface PolicyEditor {
  /** The saved file the draft is based on, and its document as written. */
  base: PolicyStatus | null;
  saved: PolicyDocument | null;
  /** The draft; null while the file on disk is invalid and nothing can be edited. */
  draft: PolicyDocument | null;
  changes: string[];
  dirty: boolean;
  issues: PolicyIssue[];
  /** The file changed on disk in a way that clashes with the draft. */
  conflict: boolean;
  saving: boolean;
  saveError: ErrorPayload | null;
  update(change: (doc: PolicyDocument) => PolicyDocument): void;
  discard(): void;
  /** Validates, then saves; false when something stopped it (shown in `issues` or `saveError`). */
  save(): Promise<boolean>;
  /** Takes a status main answered (pause, undo, restore) as the new saved state. */
  adopt(status: PolicyStatus): void;
}

const VALIDATE_DELAY_MS = 200;
const documentOf = (status: PolicyStatus | null) => (status?.document ?? null) as PolicyDocument | null;

/** The editor over the live policy. */
export function usePolicyEditor(policy: Live<PolicyStatus>): PolicyEditor {
  const [base, setBase] = useState<PolicyStatus | null>(null);
  const [draft, setDraft] = useState<PolicyDocument | null>(null);
  const [issues, setIssues] = useState<PolicyIssue[]>([]);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<ErrorPayload | null>(null);
  const saved = documentOf(base);
  const dirty = draft !== null && saved !== null && !sameValue(saved, draft);
  const changes = useMemo(() => (dirty && saved && draft ? describeChanges(saved, draft) : []), [dirty, saved, draft]);

  const adopt = useCallback(
    (status: PolicyStatus) => {
      setBase(status);
      setDraft(documentOf(status));
      setConflict(false);
      setIssues([]);
      setSaveError(null);
      policy.set(status);
    },
    [policy],
  );

  // A newer file on disk: taken as is without a draft, merged under one, reported when they clash.
  const latest = policy.value;
  useEffect(() => {
    if (!latest || (base && latest.revision === base.revision && latest.state === base.state)) return;
    const mine = documentOf(base);
    const theirs = documentOf(latest);
    if (!dirty || !mine || !draft) {
      setBase(latest);
      setDraft(theirs);
      setConflict(false);
      return;
    }
    const merged = theirs && rebaseDraft(mine, draft, theirs);
    if (merged) {
      setBase(latest);
      setDraft(merged);
    } else setConflict(true);
  }, [latest, base, dirty, draft]);

  // The server's schema judges the draft as it changes.
  useEffect(() => {
    if (!dirty || !draft) {
      setIssues([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void api.validatePolicy({ document: draft }).then((result) => {
        if (current && result.ok) setIssues(result.value.issues);
      });
    }, VALIDATE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [dirty, draft]);

  const update = useCallback((change: (doc: PolicyDocument) => PolicyDocument) => {
    setSaveError(null);
    setDraft((doc) => (doc ? change(doc) : doc));
  }, []);

  const discard = useCallback(() => {
    if (latest) adopt(latest);
  }, [latest, adopt]);

  const save = useCallback(async () => {
    if (!draft || !base || saving) return false;
    setSaving(true);
    setSaveError(null);
    try {
      const check = await api.validatePolicy({ document: draft });
      if (!check.ok) return (setSaveError(check.error), false);
      if (!check.value.ok) return (setIssues(check.value.issues), false);
      const result = await api.savePolicy({ document: draft, baseRevision: base.revision });
      if (!result.ok) return (setSaveError(result.error), false);
      adopt(result.value);
      return true;
    } finally {
      setSaving(false);
    }
  }, [draft, base, saving, adopt]);

  return { base, saved, draft, changes, dirty, issues, conflict, saving, saveError, update, discard, save, adopt };
}
