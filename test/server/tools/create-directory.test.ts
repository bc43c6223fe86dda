import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, symlink } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('create_directory', () => {
  it('creates a folder and its parents, and succeeds again when it exists', async () => {
    const f = await startFiles();
    const dir = path.join(f.root, 'a', 'b', 'c');
    expect(dataOf(await f.call('create_directory', { path: dir })).created).toBe(true);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(dataOf(await f.call('create_directory', { path: dir })).created).toBe(false);
  });

  it('creates below a link that stays inside the root', async () => {
    const f = await startFiles();
    fs.mkdirSync(path.join(f.root, 'real'));
    symlink('real', path.join(f.root, 'alias'));
    await f.call('create_directory', { path: path.join(f.root, 'alias', 'x', 'y') });
    expect(fs.statSync(path.join(f.root, 'real', 'x', 'y')).isDirectory()).toBe(true);
  });

  it('refuses a path whose nearest existing folder is a link out, creating nothing', async () => {
    const f = await startFiles();
    symlink(f.outside, path.join(f.root, 'out'));
    expect(codeOf(await f.call('create_directory', { path: path.join(f.root, 'out', 'x', 'y') }))).toBe(
      'ACCESS_DENIED',
    );
    expect(fs.readdirSync(f.outside)).toEqual(['secret.txt']);
  });

  it('refuses a folder under a denied name', async () => {
    const f = await startFiles();
    expect(codeOf(await f.call('create_directory', { path: path.join(f.root, '.git', 'hooks') }))).toBe(
      'ACCESS_DENIED',
    );
    expect(fs.existsSync(path.join(f.root, '.git'))).toBe(false);
  });

  it('refuses a path that is a file', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'x');
    expect(codeOf(await f.call('create_directory', { path: file }))).toBe('INVALID_INPUT');
  });
});
