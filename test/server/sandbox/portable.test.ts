/**
 * The strategy for systems without /proc/self/fd (macOS, Windows): resolve first, open the canonical
 * path without following a final link, compare dev/inode. Run here on Linux with /proc switched off.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, leaks, startFiles, symlink, textOf } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

const portable = () => startFiles({ files: { procFd: false } });

describe('the portable strategy', () => {
  it('serves every file tool', async () => {
    const f = await portable();
    const file = writeFile(path.join(f.root, 'docs', 'a.txt'), 'one\ntwo\nthree\n');
    symlink('docs', path.join(f.root, 'alias'));
    expect(textOf(await f.call('read_text_file', { path: path.join(f.root, 'alias', 'a.txt') }))).toBe(
      'one\ntwo\nthree\n',
    );
    expect(textOf(await f.call('read_text_file', { path: file, tail: 1 }))).toBe('three\n');
    expect(dataOf(await f.call('get_file_info', { path: file })).size).toBe(14);
    expect(textOf(await f.call('list_directory', { path: f.root }))).toBe('[DIR] alias\n[DIR] docs');
    expect(JSON.parse(textOf(await f.call('directory_tree', { path: path.join(f.root, 'docs') })))).toEqual([
      { name: 'a.txt', type: 'file' },
    ]);
    expect(textOf(await f.call('search_files', { path: f.root, pattern: '**/*.txt' }))).toBe(file);
    expect(
      dataOf<{ matches: unknown[] }>(await f.call('search_file_contents', { path: f.root, query: 'two' })).matches,
    ).toHaveLength(1);
    await f.call('edit_file', { path: file, edits: [{ oldText: 'two', newText: '2' }] });
    await f.call('append_file', { path: file, content: 'four\n' });
    expect(fs.readFileSync(file, 'utf8')).toBe('one\n2\nthree\nfour\n');
    await f.call('create_directory', { path: path.join(f.root, 'x', 'y') });
    await f.call('write_file', { path: path.join(f.root, 'x', 'y', 'b.txt'), content: 'b' });
    await f.call('copy_file', {
      source: path.join(f.root, 'x', 'y', 'b.txt'),
      destination: path.join(f.root, 'c.txt'),
    });
    await f.call('move_file', { source: path.join(f.root, 'c.txt'), destination: path.join(f.root, 'd.txt') });
    await f.call('delete_file', { path: path.join(f.root, 'd.txt') });
    expect(fs.readdirSync(f.root).sort()).toEqual(['alias', 'docs', 'x']);
  });

  it('lists only folders: a file and a FIFO are refused at once', async () => {
    const f = await portable();
    const file = writeFile(path.join(f.root, 'a.txt'), 'a');
    const fifo = path.join(f.root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(codeOf(await f.call('list_directory', { path: file }))).toBe('INVALID_INPUT');
    expect(codeOf(await f.call('list_directory', { path: fifo }))).toBe('INVALID_INPUT');
  });

  it.each([
    ['a file link out', (f: { root: string; secret: string }) => symlink(f.secret, path.join(f.root, 'l'))],
    [
      'a folder link out',
      (f: { root: string; outside: string }) => `${symlink(f.outside, path.join(f.root, 'd'))}/secret.txt`,
    ],
    ['/dev/zero behind a link', (f: { root: string }) => symlink('/dev/zero', path.join(f.root, 'z'))],
  ])('refuses %s', async (_case, attack) => {
    const f = await portable();
    const target = attack(f);
    for (const [tool, args] of [
      ['read_text_file', { path: target }],
      ['get_file_info', { path: target }],
      ['write_file', { path: target, content: 'x' }],
      ['append_file', { path: target, content: 'x' }],
    ] as const) {
      const result = await f.call(tool, args);
      expect(codeOf(result)).toBe('ACCESS_DENIED');
      expect(leaks(result)).toBe(false);
    }
    expect(fs.readdirSync(f.outside)).toEqual(['secret.txt']);
  });
});
