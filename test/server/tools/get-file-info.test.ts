import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, textOf } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('get_file_info', () => {
  it('reports size, times, type and permissions', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'hello');
    fs.chmodSync(file, 0o640);
    const result = await f.call('get_file_info', { path: file });
    const stats = fs.statSync(file);
    expect(dataOf(result)).toEqual({
      path: file,
      type: 'file',
      size: 5,
      created: stats.birthtime.toISOString(),
      modified: stats.mtime.toISOString(),
      accessed: stats.atime.toISOString(),
      isDirectory: false,
      isFile: true,
      permissions: '640',
    });
    expect(textOf(result)).toContain('size: 5\n');
    expect(textOf(result)).toContain('permissions: 640');
  });

  it('describes a folder and a FIFO without opening it', async () => {
    const f = await startFiles();
    expect(dataOf(await f.call('get_file_info', { path: f.root })).type).toBe('directory');
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(f.root, 'pipe')]);
    expect(dataOf(await f.call('get_file_info', { path: path.join(f.root, 'pipe') })).type).toBe('other');
  });

  it('answers NOT_FOUND for a missing path', async () => {
    const f = await startFiles();
    expect(codeOf(await f.call('get_file_info', { path: path.join(f.root, 'x') }))).toBe('NOT_FOUND');
  });
});
