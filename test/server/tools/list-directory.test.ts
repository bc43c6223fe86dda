import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, symlink, textOf } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

async function fixture() {
  const f = await startFiles();
  writeFile(path.join(f.root, 'b.txt'), 'bb');
  writeFile(path.join(f.root, 'a.md'), 'a');
  fs.mkdirSync(path.join(f.root, 'docs'));
  writeFile(path.join(f.root, '.env'), 'SECRET=1');
  writeFile(path.join(f.root, '.git', 'config'), 'x');
  symlink(f.secret, path.join(f.root, 'out.txt'));
  symlink('b.txt', path.join(f.root, 'in.txt'));
  symlink('docs', path.join(f.root, 'docs-link'));
  return f;
}

describe('list_directory', () => {
  it('lists entries marked [FILE] and [DIR], leaving out denied entries and links out', async () => {
    const f = await fixture();
    const result = await f.call('list_directory', { path: f.root });
    expect(textOf(result)).toBe(
      ['[FILE] a.md', '[FILE] b.txt', '[DIR] docs', '[DIR] docs-link', '[FILE] in.txt'].join('\n'),
    );
    // The entries travel once, in the text; the structured result counts them.
    expect(dataOf(result)).toEqual({ path: f.root, files: 3, directories: 2, truncated: false });
  });

  it('sorts by UTF-16 code units, where readdir (strcmp on UTF-8) puts names otherwise', async () => {
    const f = await startFiles();
    // U+E000 is one code unit above the surrogates of U+1F600, but its UTF-8 bytes come first.
    for (const name of ['a\u{E000}.txt', 'a\u{1F600}.txt', 'a.txt']) writeFile(path.join(f.root, name), 'x');
    const names = ['a.txt', 'a\u{1F600}.txt', 'a\u{E000}.txt'];
    expect(names).toEqual([...names].sort());
    expect(textOf(await f.call('list_directory', { path: f.root }))).toBe(names.map((n) => `[FILE] ${n}`).join('\n'));
  });

  it('refuses a file, a FIFO, a denied folder and a link out', async () => {
    const f = await fixture();
    expect(codeOf(await f.call('list_directory', { path: path.join(f.root, 'b.txt') }))).toBe('INVALID_INPUT');
    execFileSync('mkfifo', [path.join(f.root, 'pipe')]);
    expect(codeOf(await f.call('list_directory', { path: path.join(f.root, 'pipe') }))).toBe('INVALID_INPUT');
    expect(codeOf(await f.call('list_directory', { path: path.join(f.root, '.git') }))).toBe('ACCESS_DENIED');
    symlink(f.outside, path.join(f.root, 'outdir'));
    expect(codeOf(await f.call('list_directory', { path: path.join(f.root, 'outdir') }))).toBe('ACCESS_DENIED');
  });

  it('follows changes made outside Gatehouse to a folder whose listing it keeps', async () => {
    const f = await fixture();
    const docs = path.join(f.root, 'docs');
    writeFile(path.join(docs, 'a.txt'), 'a');
    // A listing is kept only once its folder has not changed for 3 s (sandbox/listings.ts).
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const list = async () => textOf(await f.call('list_directory', { path: docs }));
    // Listed and kept, then served from what was kept.
    for (let i = 0; i < 2; i += 1) expect(await list()).toBe('[FILE] a.txt');
    writeFile(path.join(docs, 'b.txt'), 'b');
    expect(await list()).toBe('[FILE] a.txt\n[FILE] b.txt');
    fs.rmSync(path.join(docs, 'a.txt'));
    fs.mkdirSync(path.join(docs, 'sub'));
    expect(await list()).toBe('[FILE] b.txt\n[DIR] sub');
    fs.renameSync(docs, path.join(f.root, 'docs-old'));
    symlink(f.outside, docs);
    expect(codeOf(await f.call('list_directory', { path: docs }))).toBe('ACCESS_DENIED');
  });
});

describe('list_directory_with_sizes', () => {
  it('lists sizes and totals, sorted by name or by size', async () => {
    const f = await fixture();
    const byName = await f.call('list_directory_with_sizes', { path: f.root });
    expect(dataOf(byName)).toMatchObject({ files: 3, directories: 2, totalBytes: 5 });
    expect(textOf(byName)).toContain('Total: 3 files, 2 directories\nCombined size: 5 B');
    const bySize = textOf(await f.call('list_directory_with_sizes', { path: f.root, sortBy: 'size' })).split('\n');
    expect(bySize.slice(0, 3).map((line) => line.replace(/\s+/g, ' '))).toEqual([
      '[FILE] b.txt 2 B',
      '[FILE] in.txt 2 B',
      '[FILE] a.md 1 B',
    ]);
  });
});
