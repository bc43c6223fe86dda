import path from 'node:path';
import { ProgressNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { dataOf, startFiles, symlink, textOf } from '../../helpers/files.js';
import { connectClient } from '../../helpers/spawn-server.js';
import { tempDir, writeFile } from '../../helpers/temp.js';

function tree(f: { root: string }) {
  writeFile(path.join(f.root, 'src', 'a.ts'), 'a');
  writeFile(path.join(f.root, 'src', 'lib', 'b.ts'), 'b');
  writeFile(path.join(f.root, 'node_modules', 'x', 'index.js'), 'x');
  writeFile(path.join(f.root, 'README.md'), 'r');
  writeFile(path.join(f.root, '.git', 'HEAD'), 'ref');
}

describe('directory_tree', () => {
  it('returns the reference JSON tree, honouring excludePatterns and the deny list', async () => {
    const f = await startFiles();
    tree(f);
    const result = await f.call('directory_tree', { path: f.root, excludePatterns: ['node_modules'] });
    expect(JSON.parse(textOf(result))).toEqual([
      { name: 'README.md', type: 'file' },
      {
        name: 'src',
        type: 'directory',
        children: [
          { name: 'a.ts', type: 'file' },
          { name: 'lib', type: 'directory', children: [{ name: 'b.ts', type: 'file' }] },
        ],
      },
    ]);
    expect(textOf(result)).toContain('\n  {\n    "name"');
    expect(dataOf(result)).toMatchObject({ path: f.root, entries: 5, truncated: false });
  });

  it('survives a link loop and does not follow links out', async () => {
    const f = await startFiles();
    tree(f);
    symlink('..', path.join(f.root, 'src', 'up'));
    symlink(f.outside, path.join(f.root, 'out'));
    const nodes = JSON.parse(textOf(await f.call('directory_tree', { path: f.root })));
    const src = nodes.find((n: { name: string }) => n.name === 'src');
    expect(src.children).toContainEqual({ name: 'up', type: 'directory', link: true, children: [] });
    expect(nodes.map((n: { name: string }) => n.name)).not.toContain('out');
  });

  it('shows links that stay inside, as written by the worker', async () => {
    const f = await startFiles();
    tree(f);
    symlink('src', path.join(f.root, 'src-link'));
    symlink('README.md', path.join(f.root, 'readme-link'));
    const nodes = JSON.parse(
      textOf(await f.call('directory_tree', { path: f.root, excludePatterns: ['node_modules'] })),
    );
    expect(nodes.map((n: { name: string }) => n.name)).toEqual(['README.md', 'readme-link', 'src', 'src-link']);
    expect(nodes[1]).toEqual({ name: 'readme-link', type: 'file' });
    expect(nodes[3]).toEqual({ name: 'src-link', type: 'directory', link: true, children: [] });
  });

  it('stops at maxEntries and maxDepth and says truncated', async () => {
    const f = await startFiles();
    tree(f);
    const capped = await f.call('directory_tree', { path: f.root, maxEntries: 2 });
    expect(dataOf(capped)).toMatchObject({ entries: 2, truncated: true });
    const shallow = JSON.parse(textOf(await f.call('directory_tree', { path: f.root, maxDepth: 1 })));
    expect(shallow.find((n: { name: string }) => n.name === 'src').children).toEqual([]);
  });

  it('sends a tree of several hundred KB whole, over stdio and in memory, from the walk and the re-walk', async () => {
    const f = await startFiles();
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const expected = Array.from({ length: 40 }, (_, d) => ({
      name: `folder-${d}-😀`,
      type: 'directory',
      children: Array.from({ length: 40 }, (_, i) => ({ name: `a rather long "name" ${i} é.txt`, type: 'file' })).sort(
        byName,
      ),
    })).sort(byName);
    for (const folder of expected)
      for (const file of folder.children) writeFile(path.join(f.root, folder.name, file.name), 'x');
    const stdio = await connectClient(tempDir('gatehouse-home-'), [f.root]);
    try {
      const viaStdio = await stdio.client.callTool({ name: 'directory_tree', arguments: { path: f.root } });
      const inMemory = await f.call('directory_tree', { path: f.root });
      for (const result of [viaStdio, inMemory]) {
        expect(textOf(result).length).toBeGreaterThan(4 * 32 * 1024);
        expect(JSON.parse(textOf(result))).toEqual(expected);
      }
      // A link that leads out makes the sandbox walk again on its own thread, leaving the link out.
      symlink(f.outside, path.join(f.root, 'out'));
      const again = await stdio.client.callTool({ name: 'directory_tree', arguments: { path: f.root } });
      expect(JSON.parse(textOf(again))).toEqual(expected);
    } finally {
      await stdio.close();
    }
  });

  it('reports progress when the client asks for it', async () => {
    const f = await startFiles();
    for (let i = 0; i < 30; i += 1) writeFile(path.join(f.root, `d${i}`, 'f.txt'), 'x');
    const progress: number[] = [];
    f.harness.client.setNotificationHandler(ProgressNotificationSchema, (n) => void progress.push(n.params.progress));
    await f.harness.client.callTool({ name: 'directory_tree', arguments: { path: f.root } }, undefined, {
      onprogress: () => {},
    });
    expect(progress.length).toBeGreaterThan(0);
  });
});
