/**
 * Kept folder listings (listings.ts) on the real file system with the native module: a listing is
 * served again only while its folder is the same, unchanged inode, and only once the folder's last
 * change is old enough that a later change cannot carry the same time stamp.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderListings, type ListingLimits } from '../../../server/sandbox/listings.js';
import { loadNativeDirs, nativeDirsPath, type NativeDirs } from '../../../server/sandbox/native-dirs.js';
import { fsOperations } from '../../../server/sandbox/worker-main.js';
import { tempDir, writeFile } from '../../helpers/temp.js';

function load(): NativeDirs {
  const dirs = loadNativeDirs(nativeDirsPath());
  if (!dirs) throw new Error('native/dirs.c is not built: npm run build:native');
  return dirs;
}

/** Listings over the real readFolder, counting how often a folder was really read. */
function listings(now: () => number, limits?: ListingLimits) {
  const dirs = load();
  const ops = fsOperations(fs, true, dirs, true);
  const counter = { reads: 0 };
  const readFolder = (fd: number) => {
    counter.reads += 1;
    return ops.readFolder(fd);
  };
  const cache = new FolderListings(dirs, { openFolder: ops.openFolder, readFolder }, now, limits);
  return { cache, counter };
}

/** A clock an hour ahead: every folder made by the test counts as settled. */
const later = () => Date.now() + 3_600_000;

function folderWith(names: readonly string[]): string {
  const folder = tempDir('gatehouse-listings-');
  for (const name of names) writeFile(path.join(folder, name), name);
  return folder;
}

const namesOf = (answer: { names: readonly string[] }) => [...answer.names].sort();

describe.runIf(process.platform === 'linux')('kept folder listings', () => {
  it('serve an unchanged, settled folder again without reading it', () => {
    const { cache, counter } = listings(later);
    const folder = folderWith(['a.txt', 'b.txt']);
    fs.mkdirSync(path.join(folder, 'sub'));
    const first = cache.list(folder);
    const second = cache.list(folder);
    expect(counter.reads).toBe(1);
    expect(second).toEqual(first);
    expect(second).toMatchObject({ real: folder, folder: true });
    expect(namesOf(second)).toEqual(['a.txt', 'b.txt', 'sub']);
    expect(second.kinds[second.names.indexOf('sub')]).toBe(1);
  });

  it('read a folder again after any change to its entries', () => {
    const { cache, counter } = listings(later);
    const folder = folderWith(['a.txt']);
    cache.list(folder);
    writeFile(path.join(folder, 'new.txt'), 'x');
    expect(namesOf(cache.list(folder))).toEqual(['a.txt', 'new.txt']);
    fs.renameSync(path.join(folder, 'a.txt'), path.join(folder, 'renamed.txt'));
    expect(namesOf(cache.list(folder))).toEqual(['new.txt', 'renamed.txt']);
    fs.rmSync(path.join(folder, 'new.txt'));
    expect(namesOf(cache.list(folder))).toEqual(['renamed.txt']);
    expect(counter.reads).toBe(4);
  });

  it('list the folder that now stands at a path, not the one that stood there', () => {
    const { cache } = listings(later);
    const parent = tempDir('gatehouse-listings-');
    const folder = path.join(parent, 'folder');
    fs.mkdirSync(folder);
    writeFile(path.join(folder, 'old.txt'), 'x');
    const other = path.join(parent, 'other');
    fs.mkdirSync(other);
    writeFile(path.join(other, 'other.txt'), 'x');
    expect(namesOf(cache.list(folder))).toEqual(['old.txt']);
    fs.renameSync(folder, path.join(parent, 'moved'));
    fs.renameSync(other, folder);
    expect(namesOf(cache.list(folder))).toEqual(['other.txt']);
  });

  it('refuse, as the open does, a link, a file or nothing where the folder stood', () => {
    const { cache } = listings(later);
    const parent = tempDir('gatehouse-listings-');
    const folder = path.join(parent, 'folder');
    fs.mkdirSync(folder);
    cache.list(folder);
    fs.renameSync(folder, path.join(parent, 'real'));
    fs.symlinkSync(path.join(parent, 'real'), folder);
    const codeOf = (at: string) => {
      try {
        cache.list(at);
        return 'listed';
      } catch (error) {
        return (error as NodeJS.ErrnoException).code;
      }
    };
    expect(codeOf(folder)).toBe('ELOOP');
    expect(codeOf(path.join(folder, 'inside'))).toBe('ELOOP');
    writeFile(path.join(parent, 'file.txt'), 'x');
    expect(codeOf(path.join(parent, 'file.txt'))).toBe('ENOTDIR');
    expect(codeOf(path.join(parent, 'missing'))).toBe('ENOENT');
  });

  it('do not keep a folder changed too lately for a later change to show in its time stamps', () => {
    const { cache, counter } = listings(Date.now);
    const folder = folderWith(['a.txt']);
    cache.list(folder);
    cache.list(folder);
    expect(counter.reads).toBe(2);
  });

  it('stay within their limits: a large folder is read each time, and too many names start over', () => {
    const { cache, counter } = listings(later, { names: 5, folderNames: 3 });
    const large = folderWith(['1', '2', '3', '4']);
    cache.list(large);
    cache.list(large);
    expect(counter.reads).toBe(2);

    const first = folderWith(['a', 'b', 'c']);
    const second = folderWith(['d', 'e']);
    const third = folderWith(['f']);
    for (const folder of [first, second]) cache.list(folder);
    cache.list(first);
    cache.list(second);
    expect(counter.reads).toBe(4);
    // Six names would be one too many: the cache starts over with the third folder alone.
    cache.list(third);
    cache.list(third);
    cache.list(first);
    expect(counter.reads).toBe(6);
  });
});
