import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('copy_file', () => {
  it('copies a file with its permissions', async () => {
    const f = await startFiles();
    const source = writeFile(path.join(f.root, 'a.sh'), 'echo hi');
    fs.chmodSync(source, 0o700);
    const destination = path.join(f.root, 'b.sh');
    expect(dataOf(await f.call('copy_file', { source, destination }))).toEqual({ source, destination, bytes: 7 });
    expect(fs.readFileSync(destination, 'utf8')).toBe('echo hi');
    expect(fs.statSync(destination).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(f.root).sort()).toEqual(['a.sh', 'b.sh']);
  });

  it('never overwrites, and leaves no temp file', async () => {
    const f = await startFiles();
    const source = writeFile(path.join(f.root, 'a.txt'), 'new');
    const destination = writeFile(path.join(f.root, 'b.txt'), 'old');
    expect(codeOf(await f.call('copy_file', { source, destination }))).toBe('ALREADY_EXISTS');
    expect(fs.readFileSync(destination, 'utf8')).toBe('old');
    expect(fs.readdirSync(f.root).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('refuses a source over maxWriteBytes and a folder', async () => {
    const f = await startFiles({ policy: { limits: { maxWriteBytes: 4 } } });
    const source = writeFile(path.join(f.root, 'a.txt'), 'too long');
    expect(codeOf(await f.call('copy_file', { source, destination: path.join(f.root, 'b') }))).toBe('TOO_LARGE');
    expect(codeOf(await f.call('copy_file', { source: f.root, destination: path.join(f.root, 'c') }))).toBe(
      'INVALID_INPUT',
    );
  });
});
