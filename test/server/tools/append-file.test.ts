import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('append_file', () => {
  it('appends to a file, and creates one that does not exist', async () => {
    const f = await startFiles();
    const file = path.join(f.root, 'log.txt');
    expect(dataOf(await f.call('append_file', { path: file, content: 'one\n' })).created).toBe(true);
    expect(dataOf(await f.call('append_file', { path: file, content: 'two\n' })).created).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('one\ntwo\n');
  });

  it('refuses a FIFO without waiting', async () => {
    const f = await startFiles();
    const fifo = path.join(f.root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expect(codeOf(await f.call('append_file', { path: fifo, content: 'x' }))).toBe('INVALID_INPUT');
  });

  it('refuses content over maxWriteBytes', async () => {
    const f = await startFiles({ policy: { limits: { maxWriteBytes: 3 } } });
    const file = writeFile(path.join(f.root, 'a.txt'), 'a');
    expect(codeOf(await f.call('append_file', { path: file, content: 'long' }))).toBe('TOO_LARGE');
    expect(fs.readFileSync(file, 'utf8')).toBe('a');
  });
});
