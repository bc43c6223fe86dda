import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, symlink } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('move_file', () => {
  it('moves and renames files and folders', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'a');
    fs.mkdirSync(path.join(f.root, 'dest'));
    const moved = path.join(f.root, 'dest', 'b.txt');
    expect(dataOf(await f.call('move_file', { source: file, destination: moved }))).toEqual({
      source: file,
      destination: moved,
    });
    expect(fs.readFileSync(moved, 'utf8')).toBe('a');
    expect(fs.existsSync(file)).toBe(false);
    writeFile(path.join(f.root, 'dir', 'inner.txt'), 'i');
    await f.call('move_file', { source: path.join(f.root, 'dir'), destination: path.join(f.root, 'dir2') });
    expect(fs.readFileSync(path.join(f.root, 'dir2', 'inner.txt'), 'utf8')).toBe('i');
  });

  it.each([
    ['a file onto a file', 'file', () => 'x'],
    ['a folder onto an empty folder', 'dir', () => null],
    ['a file onto a folder', 'file', () => null],
  ])('never overwrites: %s', async (_case, kind, existing) => {
    const f = await startFiles();
    const source = path.join(f.root, 'source');
    if (kind === 'file') writeFile(source, 'mine');
    else fs.mkdirSync(source);
    const destination = path.join(f.root, 'taken');
    const content = existing();
    if (content === null) fs.mkdirSync(destination);
    else writeFile(destination, content);
    expect(codeOf(await f.call('move_file', { source, destination }))).toBe('ALREADY_EXISTS');
    expect(fs.existsSync(source)).toBe(true);
    if (content !== null) expect(fs.readFileSync(destination, 'utf8')).toBe(content);
    else expect(fs.readdirSync(destination)).toEqual([]);
  });

  it('moves a link as itself, and refuses a link that leads out', async () => {
    const f = await startFiles();
    writeFile(path.join(f.root, 'target.txt'), 't');
    symlink('target.txt', path.join(f.root, 'alias'));
    await f.call('move_file', { source: path.join(f.root, 'alias'), destination: path.join(f.root, 'alias2') });
    expect(fs.lstatSync(path.join(f.root, 'alias2')).isSymbolicLink()).toBe(true);
    symlink(f.secret, path.join(f.root, 'out'));
    expect(
      codeOf(await f.call('move_file', { source: path.join(f.root, 'out'), destination: path.join(f.root, 'o2') })),
    ).toBe('ACCESS_DENIED');
  });

  it('refuses to move a folder into itself', async () => {
    const f = await startFiles();
    fs.mkdirSync(path.join(f.root, 'dir'));
    const result = await f.call('move_file', {
      source: path.join(f.root, 'dir'),
      destination: path.join(f.root, 'dir', 'in'),
    });
    expect(codeOf(result)).toBe('INVALID_INPUT');
    expect(fs.readdirSync(path.join(f.root, 'dir'))).toEqual([]);
  });
});
