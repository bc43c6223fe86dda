/**
 * Earlier versions of the policy file, newest first, for undo. Each save files away the text it
 * replaces, so a hand edit that was overwritten can still be brought back. Only the last 20 are kept.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { GatehouseError } from '../../server/errors.js';
import { writeFileAtomic } from './atomic-file.js';

/** How many earlier versions are kept. */
export const POLICY_HISTORY_LIMIT = 20;

/** One kept version. */
export interface PolicyVersion {
  /** Opaque id, also the file name. */
  id: string;
  savedAt: string;
  bytes: number;
}

const LAST_WRITTEN = 'last-written';
const ID_PATTERN = /^(\d{13})-(\d{6})-([0-9a-f]{8})\.json$/;

/** The version folder of one policy file. */
export class PolicyHistory {
  private sequence = 0;

  constructor(private readonly dir: string) {}

  /** Versions, newest first. */
  async list(): Promise<PolicyVersion[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const ids = names.filter((name) => ID_PATTERN.test(name)).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    const versions: PolicyVersion[] = [];
    for (const id of ids) {
      const stat = await fs.stat(path.join(this.dir, id)).catch(() => undefined);
      if (!stat) continue;
      versions.push({ id, savedAt: new Date(Number(id.slice(0, 13))).toISOString(), bytes: stat.size });
    }
    return versions;
  }

  /** Files away a version and drops the oldest beyond the limit. */
  async push(text: string): Promise<PolicyVersion> {
    this.sequence = (this.sequence + 1) % 1_000_000;
    const id = `${Date.now()}-${String(this.sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`;
    await writeFileAtomic(path.join(this.dir, id), text, { mode: 0o600 });
    const versions = await this.list();
    for (const old of versions.slice(POLICY_HISTORY_LIMIT)) await fs.rm(path.join(this.dir, old.id), { force: true });
    return { id, savedAt: new Date(Number(id.slice(0, 13))).toISOString(), bytes: Buffer.byteLength(text) };
  }

  /** The text of a version. */
  async read(id: string): Promise<string> {
    // Security: the id names a file inside the history folder; nothing else may be read through it.
    if (!ID_PATTERN.test(id)) throw new GatehouseError('INVALID_INPUT', 'Not a policy version id.');
    try {
      return await fs.readFile(path.join(this.dir, id), 'utf8');
    } catch {
      throw new GatehouseError('NOT_FOUND', 'That policy version no longer exists.');
    }
  }

  /** The revision of the text Gatehouse wrote last, to tell its own saves from hand edits. */
  async lastWritten(): Promise<string | null> {
    return fs.readFile(path.join(this.dir, LAST_WRITTEN), 'utf8').catch(() => null);
  }

  /** Records the revision of the text just written. */
  async setLastWritten(revision: string): Promise<void> {
    await writeFileAtomic(path.join(this.dir, LAST_WRITTEN), revision, { mode: 0o600 });
  }

  /** Removes a version (after undo has put it back in place). */
  async remove(id: string): Promise<void> {
    if (!ID_PATTERN.test(id)) return;
    await fs.rm(path.join(this.dir, id), { force: true });
  }
}
