import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ProgressNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, leaks, SECRET, startFiles, symlink, textOf } from '../../helpers/files.js';
import { errorOf } from '../../helpers/in-memory.js';
import { writeFile } from '../../helpers/temp.js';

type Match = { path: string; line: number; text: string };

async function fixture() {
  const f = await startFiles();
  writeFile(path.join(f.root, 'a.ts'), 'const todo = 1;\n// TODO: fix\nTodo list\n');
  writeFile(path.join(f.root, 'src', 'b.md'), 'nothing\nanother TODO here\n');
  writeFile(path.join(f.root, 'image.bin'), Buffer.from([0, 1, 2, 84, 79, 68, 79]));
  writeFile(path.join(f.root, '.env'), 'TODO=secret');
  symlink(f.secret, path.join(f.root, 'out.txt'));
  return f;
}

const matchesOf = (result: Record<string, unknown>) => dataOf<{ matches: Match[] }>(result).matches;

describe('search_file_contents', () => {
  it('finds matching lines with path and line number, case-insensitive by default', async () => {
    const f = await fixture();
    const result = await f.call('search_file_contents', { path: f.root, query: 'todo' });
    expect(matchesOf(result).map((m) => [path.relative(f.root, m.path), m.line])).toEqual([
      ['a.ts', 1],
      ['a.ts', 2],
      ['a.ts', 3],
      ['src/b.md', 2],
    ]);
    expect(textOf(result)).toContain(`${path.join(f.root, 'a.ts')}:2: // TODO: fix`);
    expect(dataOf(result)).toMatchObject({ filesSearched: 2, filesSkipped: 1, truncated: false });
  });

  it('matches case-sensitively when asked, and by regex', async () => {
    const f = await fixture();
    const exact = matchesOf(await f.call('search_file_contents', { path: f.root, query: 'TODO', caseSensitive: true }));
    expect(exact.map((m) => m.line)).toEqual([2, 2]);
    const regex = matchesOf(await f.call('search_file_contents', { path: f.root, query: '^to\\w+', isRegex: true }));
    expect(regex.map((m) => m.text)).toEqual(['Todo list']);
  });

  it('limits the search with include and excludePatterns', async () => {
    const f = await fixture();
    const md = matchesOf(await f.call('search_file_contents', { path: f.root, query: 'todo', include: '*.md' }));
    expect(md.map((m) => path.basename(m.path))).toEqual(['b.md']);
    const noSrc = matchesOf(
      await f.call('search_file_contents', { path: f.root, query: 'todo', excludePatterns: ['src'] }),
    );
    expect(noSrc.every((m) => !m.path.includes('/src/'))).toBe(true);
  });

  it('stops at maxResults and says truncated', async () => {
    const f = await fixture();
    const result = await f.call('search_file_contents', { path: f.root, query: 'todo', maxResults: 2 });
    expect(matchesOf(result)).toHaveLength(2);
    expect(dataOf(result).truncated).toBe(true);
  });

  it('reads BOM and UTF-16 text, and skips FIFOs, links, devices and files over maxReadBytes unread', async () => {
    const f = await startFiles({ policy: { limits: { maxReadBytes: 1024 } } });
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    writeFile(path.join(f.root, 'bom.txt'), Buffer.concat([bom, Buffer.from('first\nneedle in bom\n')]));
    const utf16 = Buffer.from('\ufeffline\nneedle in utf16\n', 'utf16le');
    writeFile(path.join(f.root, 'wide.txt'), utf16);
    writeFile(path.join(f.root, 'big.txt'), `needle\n${'x'.repeat(2000)}`);
    // A FIFO must be skipped at once: opening it to read would wait for a writer forever.
    execFileSync('mkfifo', [path.join(f.root, 'pipe.txt')]);
    symlink('/dev/zero', path.join(f.root, 'zero.txt'));
    symlink(f.outside, path.join(f.root, 'outside-folder'));
    writeFile(path.join(f.outside, 'more.txt'), `needle ${SECRET}`);
    const result = await f.call('search_file_contents', { path: f.root, query: 'needle' });
    expect(matchesOf(result).map((m) => [path.basename(m.path), m.line, m.text])).toEqual([
      ['bom.txt', 2, 'needle in bom'],
      ['wide.txt', 2, 'needle in utf16'],
    ]);
    // Skipped: the file over the limit. The FIFO and the links are not files of the tree: never opened.
    expect(dataOf(result)).toMatchObject({ filesSearched: 2, filesSkipped: 1, truncated: false });
    expect(leaks(result)).toBe(false);
  });

  it('finds a case-sensitive literal in UTF-8, UTF-16 and invalid UTF-8 text alike', async () => {
    const f = await startFiles();
    writeFile(path.join(f.root, 'plain.txt'), 'naïve Ünïcode\nnothing\n');
    writeFile(path.join(f.root, 'wide.txt'), Buffer.from('\ufeffnothing\nnaïve Ünïcode\n', 'utf16le'));
    // An invalid byte reads as U+FFFD, as read_text_file shows it.
    writeFile(path.join(f.root, 'broken.txt'), Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0x20, 0x6f, 0x6b, 0x0a]));
    const search = async (query: string) =>
      matchesOf(await f.call('search_file_contents', { path: f.root, query, caseSensitive: true })).map((m) => [
        path.basename(m.path),
        m.line,
      ]);
    expect(await search('Ünïcode')).toEqual([
      ['plain.txt', 1],
      ['wide.txt', 2],
    ]);
    expect(await search('ünïcode')).toEqual([]);
    expect(await search('\ufffd ok')).toEqual([['broken.txt', 1]]);
  });

  it('reports progress while it searches, and finds what lies deep in a big tree', async () => {
    const f = await startFiles();
    for (let i = 0; i < 1200; i += 1) writeFile(path.join(f.root, `d${i % 40}`, `f${i}.txt`), `line\nvalue ${i}\n`);
    const progress: number[] = [];
    f.harness.client.setNotificationHandler(ProgressNotificationSchema, (n) => void progress.push(n.params.progress));
    const result = await f.harness.client.callTool(
      { name: 'search_file_contents', arguments: { path: f.root, query: 'value 1199' } },
      undefined,
      { onprogress: () => {} },
    );
    expect(matchesOf(result).map((m) => [path.relative(f.root, m.path), m.line])).toEqual([['d39/f1199.txt', 2]]);
    expect(dataOf(result)).toMatchObject({ filesSearched: 1200, filesSkipped: 0 });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((done, i) => i === 0 || done >= progress[i - 1]!)).toBe(true);
  });

  it.each([
    ['catastrophic backtracking', '(a+)+$'],
    ['nested quantifiers', '(x+x+)+y'],
  ])('answers at once on %s', async (_case, query) => {
    const f = await startFiles();
    writeFile(path.join(f.root, 'a.txt'), `${'a'.repeat(5000)}!\n${'x'.repeat(5000)}\n`);
    const started = Date.now();
    const result = await f.call('search_file_contents', { path: f.root, query, isRegex: true, caseSensitive: true });
    expect(codeOf(result)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each([
    ['a backreference', '(a)\\1'],
    ['a lookahead', 'a(?=b)'],
    ['a lookbehind', '(?<=a)b'],
    ['an invalid pattern', '(unclosed'],
  ])('refuses %s', async (_case, query) => {
    const f = await startFiles();
    const error = errorOf(await f.call('search_file_contents', { path: f.root, query, isRegex: true }));
    expect(error?.code).toBe('INVALID_INPUT');
  });
});
