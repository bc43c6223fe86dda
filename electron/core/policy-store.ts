/**
 * PolicyStore: the admin side of `policy.json`. Reads and validates with the server's own schema,
 * writes atomically and one edit at a time (across processes too), keeps the last versions for undo,
 * and follows hand edits live. An invalid file is reported, never overwritten by an edit.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { GatehouseError } from '../../server/errors.js';
import {
  emptyPolicy,
  formatPolicyIssues,
  parsePolicyText,
  validatePolicy,
  type Policy,
  type PolicyInput,
  type PolicyIssue,
  type PolicyValidation,
} from '../../server/policy/schema.js';
import { writeFileAtomic } from './atomic-file.js';
import { withFileLock } from './file-lock.js';
import { applyPolicyEdit, emptyDocument, type PolicyEdit } from './policy-edits.js';
import { PolicyHistory, type PolicyVersion } from './policy-history.js';
import { watchFile, type FileWatch } from './watch-file.js';

/** What the policy file holds right now. */
export interface PolicyStatus {
  file: string;
  /** `missing`: no file, defaults in force; `invalid`: servers keep their last valid policy. */
  state: 'valid' | 'missing' | 'invalid';
  /** Hash of the file's text; pass it back on save to refuse overwriting a newer edit. */
  revision: string | null;
  /** The document as written (valid files only; `{version: 1}` when missing). */
  document: PolicyInput | null;
  /** The document with every default filled in; the defaults when the file is missing or invalid. */
  policy: Policy;
  issues: PolicyIssue[];
}

/** Listener for changes of the file, ours or anyone's. */
export type PolicyStatusListener = (status: PolicyStatus) => void;

/** Options of a full save. */
export interface SaveOptions {
  /** The revision the caller edited; a different file on disk means someone else saved meanwhile. */
  baseRevision?: string | null;
}

const revisionOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Turns file text (or its absence) into a status. */
function statusOf(file: string, text: string | null): PolicyStatus {
  if (text === null) {
    return { file, state: 'missing', revision: null, document: emptyDocument(), policy: emptyPolicy(), issues: [] };
  }
  const result = parsePolicyText(text);
  if (!result.ok) {
    return {
      file,
      state: 'invalid',
      revision: revisionOf(text),
      document: null,
      policy: emptyPolicy(),
      issues: result.issues,
    };
  }
  return {
    file,
    state: 'valid',
    revision: revisionOf(text),
    document: JSON.parse(text) as PolicyInput,
    policy: result.policy,
    issues: [],
  };
}

/** A folder to share must be a folder, a database a file: a typo is caught here, not by a failing tool call. */
async function checkTarget(edit: PolicyEdit): Promise<void> {
  if (edit.kind !== 'addRoot' && edit.kind !== 'addDatabase') return;
  const want = edit.kind === 'addRoot' ? 'folder' : 'file';
  const stat = await fs.stat(edit.path).catch(() => undefined);
  const fits = edit.kind === 'addRoot' ? stat?.isDirectory() : stat?.isFile();
  if (!fits) throw new GatehouseError('NOT_FOUND', `${edit.path} is not an existing ${want}.`);
}

function invalidInput(issues: readonly PolicyIssue[]): GatehouseError {
  return new GatehouseError('INVALID_INPUT', `The policy is not valid: ${formatPolicyIssues(issues)}.`);
}

/** The policy file of one Gatehouse home, as the admin tools see it. */
export class PolicyStore {
  private readonly history: PolicyHistory;
  private readonly lockFile: string;

  constructor(
    readonly file: string,
    historyDir: string,
  ) {
    this.history = new PolicyHistory(historyDir);
    this.lockFile = `${file}.lock`;
  }

  /** Reads the file now. */
  async read(): Promise<PolicyStatus> {
    return statusOf(this.file, await this.readText());
  }

  /** Validates a document with the server's schema without saving it. */
  validate(document: unknown): PolicyValidation {
    return validatePolicy(document);
  }

  /** Replaces the whole document (the dashboard's Save). */
  save(document: unknown, options: SaveOptions = {}): Promise<PolicyStatus> {
    return this.locked(async (text) => {
      // Security: a save made from a stale view would silently undo whatever was written since.
      if (options.baseRevision !== undefined && options.baseRevision !== (text === null ? null : revisionOf(text))) {
        throw new GatehouseError('INVALID_INPUT', 'The policy file changed since it was loaded.', {
          hint: 'Reload it and make the change again.',
        });
      }
      this.refuseOverInvalid(text);
      const result = validatePolicy(document);
      if (!result.ok) throw invalidInput(result.issues);
      return document as PolicyInput;
    });
  }

  /** Applies one edit to the current document (add a folder, switch a tool, pause...). */
  async edit(edit: PolicyEdit): Promise<PolicyStatus> {
    await checkTarget(edit);
    return this.locked(async (text) => {
      this.refuseOverInvalid(text);
      const current = text === null ? emptyDocument() : (JSON.parse(text) as PolicyInput);
      const next = applyPolicyEdit(current, edit);
      const result = validatePolicy(next);
      if (!result.ok) throw invalidInput(result.issues);
      return next;
    });
  }

  /** Earlier versions, newest first. */
  versions(): Promise<PolicyVersion[]> {
    return this.history.list();
  }

  /** Puts the newest earlier version back; the version undone is not kept (undo walks back). */
  undo(): Promise<PolicyStatus> {
    return withFileLock(this.lockFile, async () => {
      const [newest] = await this.history.list();
      if (!newest) throw new GatehouseError('NOT_FOUND', 'There is no earlier policy version to go back to.');
      const text = await this.history.read(newest.id);
      const current = await this.readText();
      // The version being undone is dropped only if Gatehouse wrote it; a later hand edit is filed away.
      if (current !== null && revisionOf(current) !== (await this.history.lastWritten())) {
        await this.history.push(current);
      }
      await this.write(text);
      await this.history.remove(newest.id);
      return statusOf(this.file, text);
    });
  }

  /** Puts a chosen version back; the current text is kept as a version, so this can be undone. */
  restore(id: string): Promise<PolicyStatus> {
    return withFileLock(this.lockFile, async () => {
      const text = await this.history.read(id);
      const current = await this.readText();
      if (current !== null && current !== text) await this.history.push(current);
      await this.write(text);
      return statusOf(this.file, text);
    });
  }

  /** Follows the file (hand edits included); the listener gets each new status once. */
  async watch(listener: PolicyStatusListener): Promise<FileWatch> {
    let last: string | null | undefined;
    return watchFile(this.file, async () => {
      const status = await this.read();
      const key = `${status.state}:${status.revision}`;
      if (key === last) return;
      last = key;
      listener(status);
    });
  }

  private async readText(): Promise<string | null> {
    try {
      return await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new GatehouseError(
        'INTERNAL_ERROR',
        `Cannot read the policy file (${(error as NodeJS.ErrnoException).code}).`,
        {
          category: 'external_error',
        },
      );
    }
  }

  private async write(text: string): Promise<void> {
    await writeFileAtomic(this.file, text);
    await this.history.setLastWritten(revisionOf(text));
  }

  /** Security: an invalid file is someone's unfinished hand edit; an edit on top of it would destroy it. */
  private refuseOverInvalid(text: string | null): void {
    if (text === null) return;
    const result = parsePolicyText(text);
    if (!result.ok) {
      throw new GatehouseError('INVALID_INPUT', `The policy file has errors: ${formatPolicyIssues(result.issues)}.`, {
        hint: 'Fix the file, or restore an earlier version.',
      });
    }
  }

  /** One read-modify-write under the lock: the old text is filed away, the new one written atomically. */
  private locked(change: (text: string | null) => Promise<PolicyInput>): Promise<PolicyStatus> {
    return withFileLock(this.lockFile, async () => {
      const text = await this.readText();
      const next = await change(text);
      const nextText = `${JSON.stringify(next, null, 2)}\n`;
      if (nextText === text) return statusOf(this.file, text);
      if (text !== null) await this.history.push(text);
      await this.write(nextText);
      return statusOf(this.file, nextText);
    });
  }
}
