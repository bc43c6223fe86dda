import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, symlink, textOf } from '../../helpers/files.js';
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
