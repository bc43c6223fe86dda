import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTrash, restoreFromTrash } from '../../../server/sandbox/index.js';
import { codeOf, dataOf, startFiles, symlink } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('delete_file', () => {
  it("moves a file into Gatehouse's trash, from which it can be restored", async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'notes', 'a.txt'), 'keep me');
    const data = dataOf<{ trashId: string; type: string }>(await f.call('delete_file', { path: file }));
    expect(data.type).toBe('file');
    expect(fs.existsSync(file)).toBe(false);
    const items = await listTrash(f.harness.home);
    expect(items).toMatchObject([{ id: data.trashId, originalPath: file, type: 'file', size: 7 }]);
    await restoreFromTrash(f.harness.home, data.trashId);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    expect(await listTrash(f.harness.home)).toEqual([]);
  });

  it('deletes an empty folder and a link (not its target), and refuses a folder with files', async () => {
    const f = await startFiles();
    fs.mkdirSync(path.join(f.root, 'empty'));
    expect(dataOf(await f.call('delete_file', { path: path.join(f.root, 'empty') })).type).toBe('directory');
    const target = writeFile(path.join(f.root, 't.txt'), 't');
    symlink('t.txt', path.join(f.root, 'link'));
    expect(dataOf(await f.call('delete_file', { path: path.join(f.root, 'link') })).type).toBe('symlink');
    expect(fs.readFileSync(target, 'utf8')).toBe('t');
    writeFile(path.join(f.root, 'full', 'x'), 'x');
    expect(codeOf(await f.call('delete_file', { path: path.join(f.root, 'full') }))).toBe('INVALID_INPUT');
  });

  it('refuses to restore over a file that took the old name', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'old');
    const { trashId } = dataOf<{ trashId: string }>(await f.call('delete_file', { path: file }));
    writeFile(file, 'newer');
    await expect(restoreFromTrash(f.harness.home, trashId)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(fs.readFileSync(file, 'utf8')).toBe('newer');
    await expect(restoreFromTrash(f.harness.home, '../../etc')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps the trash out of reach of the tools', async () => {
    const f = await startFiles({ policy: {} });
    const file = writeFile(path.join(f.root, 'a.txt'), 'x');
    await f.call('delete_file', { path: file });
    // Even a root that contains Gatehouse's home does not reach its trash.
    fs.writeFileSync(
      f.harness.policyFile,
      JSON.stringify({ version: 1, roots: [{ path: path.dirname(f.harness.home), access: 'write' }] }),
    );
    await f.harness.policy.reload();
    expect(codeOf(await f.call('list_directory', { path: path.join(f.harness.home, 'trash') }))).toBe('ACCESS_DENIED');
    // The home itself is the user's folder; only Gatehouse's own entries in it stay hidden.
    const listing = JSON.stringify(await f.call('list_directory', { path: f.harness.home }));
    for (const own of ['trash', 'policy.json', 'logs']) expect(listing).not.toContain(own);
  });
});
