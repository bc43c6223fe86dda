import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, symlink, textOf } from '../../helpers/files.js';
import { errorOf } from '../../helpers/in-memory.js';
import { writeFile } from '../../helpers/temp.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('read_text_file', () => {
  it('returns the text once, in content, and its metadata in structuredContent', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'notes.md'), 'hello\nworld\n');
    const result = await f.call('read_text_file', { path: file });
    expect(textOf(result)).toBe('hello\nworld\n');
    expect(result.structuredContent).toEqual({ path: file, size: 12, encoding: 'utf-8', lines: 2, truncated: false });
    expect(JSON.stringify(result.structuredContent)).not.toContain('hello');
  });

  it('reads a relative path from the first root, like the reference server', async () => {
    const f = await startFiles();
    writeFile(path.join(f.root, 'sub', 'a.txt'), 'relative');
    expect(textOf(await f.call('read_text_file', { path: 'sub/a.txt' }))).toBe('relative');
  });

  it('follows a link that stays inside the root', async () => {
    const f = await startFiles();
    writeFile(path.join(f.root, 'real.txt'), 'target');
    symlink('real.txt', path.join(f.root, 'alias.txt'));
    expect(textOf(await f.call('read_text_file', { path: path.join(f.root, 'alias.txt') }))).toBe('target');
  });

  it.each([
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo')]), 'utf-8-bom'],
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo', 'utf16le')]), 'utf-16le'],
    [
      'UTF-16 BE with a BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('héllo', 'utf16le').swap16()]),
      'utf-16be',
    ],
    ['UTF-8 without a BOM', Buffer.from('héllo'), 'utf-8'],
  ])('decodes %s', async (_name, bytes, encoding) => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'text.txt'), bytes);
    const result = await f.call('read_text_file', { path: file });
    expect(textOf(result)).toBe('héllo');
    expect(dataOf(result).encoding).toBe(encoding);
  });

  it('refuses a binary file and points to read_media_file', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    const error = errorOf(await f.call('read_text_file', { path: file }));
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.message).toMatch(/binary.*read_media_file/);
  });

  it('serves the first and last lines of a file larger than maxReadBytes without reading it whole', async () => {
    const f = await startFiles({ policy: { limits: { maxReadBytes: 4096 } } });
    const file = writeFile(path.join(f.root, 'big.log'), lines(100_000));
    expect(codeOf(await f.call('read_text_file', { path: file }))).toBe('TOO_LARGE');
    const head = await f.call('read_text_file', { path: file, head: 3 });
    expect(textOf(head)).toBe('line 1\nline 2\nline 3\n');
    expect(dataOf(head)).toMatchObject({ lines: 3, truncated: true, size: fs.statSync(file).size });
    const tail = await f.call('read_text_file', { path: file, tail: 2 });
    expect(textOf(tail)).toBe('line 99999\nline 100000\n');
    expect(dataOf(tail)).toMatchObject({ lines: 2, truncated: true });
    expect(codeOf(await f.call('read_text_file', { path: file, head: 50_000 }))).toBe('TOO_LARGE');
  });

  it.each([
    ['head past the end', { head: 10 }, 'a\nb\nc'],
    ['tail past the start', { tail: 10 }, 'a\nb\nc'],
    ['tail of a file without a final newline', { tail: 1 }, 'c'],
    ['head of one line', { head: 1 }, 'a\n'],
  ])('handles %s', async (_case, args, expected) => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'short.txt'), 'a\nb\nc');
    expect(textOf(await f.call('read_text_file', { path: file, ...args }))).toBe(expected);
  });

  it('reads the tail of a UTF-16 file and of a file with a BOM', async () => {
    const f = await startFiles();
    const utf16 = writeFile(
      path.join(f.root, 'w.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x\ny\nz\n', 'utf16le')]),
    );
    expect(textOf(await f.call('read_text_file', { path: utf16, tail: 2 }))).toBe('y\nz\n');
    const bom = writeFile(
      path.join(f.root, 'b.txt'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('p\nq\n')]),
    );
    expect(textOf(await f.call('read_text_file', { path: bom, tail: 5 }))).toBe('p\nq\n');
  });

  it('refuses head and tail together', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'a');
    expect(codeOf(await f.call('read_text_file', { path: file, head: 1, tail: 1 }))).toBe('INVALID_INPUT');
  });

  it('answers a FIFO at once instead of waiting for a writer', async () => {
    const f = await startFiles();
    const fifo = path.join(f.root, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    for (const args of [{}, { head: 1 }, { tail: 1 }]) {
      const error = errorOf(await f.call('read_text_file', { path: fifo, ...args }));
      expect(error?.code).toBe('INVALID_INPUT');
      expect(error?.message).toMatch(/named pipe/);
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses /dev/zero behind a link without reading it', async () => {
    const f = await startFiles();
    symlink('/dev/zero', path.join(f.root, 'zeros.txt'));
    const result = await f.call('read_text_file', { path: path.join(f.root, 'zeros.txt') });
    expect(codeOf(result)).toBe('ACCESS_DENIED');
  });

  it('refuses a folder', async () => {
    const f = await startFiles();
    expect(codeOf(await f.call('read_text_file', { path: f.root }))).toBe('INVALID_INPUT');
  });

  it('answers NOT_FOUND for a missing file', async () => {
    const f = await startFiles();
    expect(codeOf(await f.call('read_text_file', { path: path.join(f.root, 'nope.txt') }))).toBe('NOT_FOUND');
  });
});

describe('read_file', () => {
  it('is the deprecated alias of read_text_file', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'a.txt'), 'old prompt');
    const result = await f.call('read_file', { path: file });
    expect(textOf(result)).toBe('old prompt');
    const { tools } = await f.harness.client.listTools();
    expect(tools.find((t) => t.name === 'read_file')?.description).toMatch(/^Deprecated/);
  });
});
