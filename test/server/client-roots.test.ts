import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { logFilePath } from '../../server/logging.js';
import { codeOf, dataOf, startFiles, textOf } from '../helpers/files.js';
import { tempDir, waitFor, writeFile } from '../helpers/temp.js';

const uri = (p: string) => pathToFileURL(p).href;

describe('roots from the client', () => {
  it('narrow the policy roots to the folders the client offers', async () => {
    let offered: Array<{ uri: string }> = [];
    const f = await startFiles({ clientRoots: () => offered });
    writeFile(path.join(f.root, 'project', 'a.txt'), 'in the project');
    writeFile(path.join(f.root, 'other', 'b.txt'), 'elsewhere');
    offered = [{ uri: uri(path.join(f.root, 'project')) }];
    await f.harness.client.sendRootsListChanged();
    await waitFor(async () => {
      const listing = dataOf<{ directories: Array<{ path: string }> }>(await f.call('list_allowed_directories'));
      return listing.directories.length === 1 && listing.directories[0]!.path === path.join(f.root, 'project');
    });
    expect(textOf(await f.call('read_text_file', { path: path.join(f.root, 'project', 'a.txt') }))).toBe(
      'in the project',
    );
    expect(codeOf(await f.call('read_text_file', { path: path.join(f.root, 'other', 'b.txt') }))).toBe('ACCESS_DENIED');
  });

  it.each([
    ['a folder outside the policy roots', (f: { outside: string }) => [f.outside]],
    ['the file system root', () => ['/']],
  ])('never widen access: %s grants nothing outside the policy', async (_case, roots) => {
    let fixture: { outside: string } = { outside: '/nonexistent' };
    const f = await startFiles({ clientRoots: () => roots(fixture).map((p) => ({ uri: uri(p) })) });
    fixture = f;
    await f.harness.client.sendRootsListChanged();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(codeOf(await f.call('read_text_file', { path: f.secret }))).toBe('ACCESS_DENIED');
  });

  it('keep the access of the policy root they narrow, and log what was applied', async () => {
    const readOnly = tempDir();
    writeFile(path.join(readOnly, 'sub', 'x.txt'), 'x');
    const f = await startFiles({
      policy: { roots: [{ path: readOnly, access: 'read' }] },
      clientRoots: () => [{ uri: uri(path.join(readOnly, 'sub')) }, { uri: uri(path.join(readOnly, 'gone')) }],
    });
    await f.harness.client.sendRootsListChanged();
    await waitFor(async () => {
      const { directories } = dataOf<{ directories: Array<{ path: string; access: string }> }>(
        await f.call('list_allowed_directories'),
      );
      return directories.length === 1 && directories[0]!.access === 'read';
    });
    // No writable root is left, so the write tools are not even offered.
    expect(codeOf(await f.call('write_file', { path: path.join(readOnly, 'sub', 'x.txt'), content: 'y' }))).toBe(
      'TOOL_DISABLED',
    );
    const log = await waitFor(() => {
      const text = fs.existsSync(logFilePath(f.harness.home))
        ? fs.readFileSync(logFilePath(f.harness.home), 'utf8')
        : '';
      return text.includes('client roots applied') ? text : undefined;
    });
    const record = JSON.parse(log.split('\n').find((line) => line.includes('client roots applied'))!);
    expect(record.applied).toEqual([{ path: path.join(readOnly, 'sub'), access: 'read' }]);
    expect(record.dropped).toEqual([{ path: path.join(readOnly, 'gone'), reason: 'does not exist' }]);
  });

  it('leave the policy as it is when the client offers none', async () => {
    const f = await startFiles({ clientRoots: () => [] });
    writeFile(path.join(f.root, 'a.txt'), 'a');
    expect(textOf(await f.call('read_text_file', { path: path.join(f.root, 'a.txt') }))).toBe('a');
  });
});
