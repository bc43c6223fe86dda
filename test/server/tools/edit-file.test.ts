import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, textOf } from '../../helpers/files.js';
import { errorOf } from '../../helpers/in-memory.js';
import { writeFile } from '../../helpers/temp.js';

describe('edit_file', () => {
  it('applies exact-text edits in order and returns a unified diff', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.ts'), 'const a = 1;\nconst b = 2;\n');
    const result = await f.call('edit_file', {
      path: file,
      edits: [
        { oldText: 'const a = 1;', newText: 'const a = 10;' },
        { oldText: 'b = 2', newText: 'b = 20' },
      ],
    });
    expect(dataOf(result)).toEqual({ path: file, dryRun: false, edits: 2, changed: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('const a = 10;\nconst b = 20;\n');
    expect(textOf(result)).toMatch(/^```diff\n/);
    expect(textOf(result)).toContain('-const a = 1;\n-const b = 2;\n+const a = 10;\n+const b = 20;');
  });

  it('shows the diff of a dry run and writes nothing', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'hello world\n');
    const result = await f.call('edit_file', {
      path: file,
      edits: [{ oldText: 'world', newText: 'there' }],
      dryRun: true,
    });
    expect(textOf(result)).toContain('+hello there');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello world\n');
  });

  it.each([
    ['a missing match', 'absent text', /not found/],
    ['an ambiguous match', 'same', /more than once \(lines 1 and 2\)/],
    ['an empty oldText', '', /empty/],
  ])('refuses %s and changes nothing', async (_case, oldText, message) => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'same\nsame\n');
    const error = errorOf(await f.call('edit_file', { path: file, edits: [{ oldText, newText: 'x' }] }));
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.message).toMatch(message);
    expect(fs.readFileSync(file, 'utf8')).toBe('same\nsame\n');
  });

  it('points to the line when only whitespace differs', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.py'), 'def f():\n    return 1\n');
    const edits = [{ oldText: 'def f():\nreturn 1', newText: 'x' }];
    const error = errorOf(await f.call('edit_file', { path: file, edits }));
    expect(error?.message).toMatch(/matches at line 1 if whitespace is ignored/);
  });

  it('applies all edits or none', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'one two');
    const result = await f.call('edit_file', {
      path: file,
      edits: [
        { oldText: 'one', newText: '1' },
        { oldText: 'three', newText: '3' },
      ],
    });
    expect(codeOf(result)).toBe('INVALID_INPUT');
    expect(fs.readFileSync(file, 'utf8')).toBe('one two');
  });

  it('keeps CRLF line endings, UTF-16 encoding and permissions', async () => {
    const f = await startFiles();
    const crlf = writeFile(path.join(f.root, 'win.txt'), 'a\r\nb\r\n');
    fs.chmodSync(crlf, 0o600);
    await f.call('edit_file', { path: crlf, edits: [{ oldText: 'a\nb', newText: 'x\ny' }] });
    expect(fs.readFileSync(crlf, 'utf8')).toBe('x\r\ny\r\n');
    expect(fs.statSync(crlf).mode & 0o777).toBe(0o600);
    const utf16 = writeFile(
      path.join(f.root, 'w16.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo', 'utf16le')]),
    );
    await f.call('edit_file', { path: utf16, edits: [{ oldText: 'héllo', newText: 'bye' }] });
    expect(fs.readFileSync(utf16)).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('bye', 'utf16le')]));
  });

  it('refuses a binary file', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.bin'), Buffer.from([1, 0, 2]));
    expect(codeOf(await f.call('edit_file', { path: file, edits: [{ oldText: 'a', newText: 'b' }] }))).toBe(
      'INVALID_INPUT',
    );
  });
});
