import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, textOf } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('write_file', () => {
  it('creates a file and says so', async () => {
    const f = await startFiles();
    const file = path.join(f.root, 'new.txt');
    const result = await f.call('write_file', { path: file, content: 'héllo' });
    expect(dataOf(result)).toEqual({ path: file, bytes: 6, created: true });
    expect(textOf(result)).toBe(`Successfully wrote to ${file}`);
    expect(fs.readFileSync(file, 'utf8')).toBe('héllo');
  });

  it('replaces a file and keeps its permissions', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'script.sh'), 'old');
    fs.chmodSync(file, 0o751);
    expect(dataOf(await f.call('write_file', { path: file, content: 'new' })).created).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.statSync(file).mode & 0o777).toBe(0o751);
  });

  it('writes through a link inside the root to its target', async () => {
    const f = await startFiles();
    const target = writeFile(path.join(f.root, 'target.txt'), 'old');
    fs.symlinkSync('target.txt', path.join(f.root, 'alias.txt'));
    await f.call('write_file', { path: path.join(f.root, 'alias.txt'), content: 'new' });
    expect(fs.readFileSync(target, 'utf8')).toBe('new');
    expect(fs.lstatSync(path.join(f.root, 'alias.txt')).isSymbolicLink()).toBe(true);
  });

  it('leaves no temp file behind', async () => {
    const f = await startFiles();
    for (let i = 0; i < 5; i += 1) await f.call('write_file', { path: path.join(f.root, 'a.txt'), content: `${i}` });
    expect(fs.readdirSync(f.root)).toEqual(['a.txt']);
  });

  it.each([
    ['a missing folder', (root: string) => path.join(root, 'no', 'such', 'a.txt'), 'NOT_FOUND'],
    ['a folder', (root: string) => root + '/sub', 'INVALID_INPUT'],
    ['the root itself', (root: string) => root, 'INVALID_INPUT'],
  ])('refuses to write to %s', async (_case, target, code) => {
    const f = await startFiles();
    fs.mkdirSync(path.join(f.root, 'sub'));
    expect(codeOf(await f.call('write_file', { path: target(f.root), content: 'x' }))).toBe(code);
  });

  it('refuses content over maxWriteBytes', async () => {
    const f = await startFiles({ policy: { limits: { maxWriteBytes: 10 } } });
    const file = path.join(f.root, 'a.txt');
    expect(codeOf(await f.call('write_file', { path: file, content: 'x'.repeat(11) }))).toBe('TOO_LARGE');
    expect(fs.existsSync(file)).toBe(false);
  });
});
