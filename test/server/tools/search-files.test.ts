import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles, symlink, textOf } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

async function fixture() {
  const f = await startFiles();
  for (const file of ['a.md', 'src/b.md', 'src/deep/c.md', 'src/d.ts', 'node_modules/e.md', '.env', 'keys/k.pem']) {
    writeFile(path.join(f.root, file), 'x');
  }
  return f;
}

const found = (f: { root: string }, text: string) => text.split('\n').map((p) => path.relative(f.root, p));

describe('search_files', () => {
  it.each([
    ['*.md matches at the top only', '*.md', ['a.md']],
    ['**/*.md matches at any depth', '**/*.md', ['a.md', 'node_modules/e.md', 'src/b.md', 'src/deep/c.md']],
    ['a folder pattern', 'src/*', ['src/b.md', 'src/d.ts', 'src/deep']],
    ['denied files never match', '**/*.pem', []],
  ])('%s', async (_case, pattern, expected) => {
    const f = await fixture();
    const result = await f.call('search_files', { path: f.root, pattern });
    expect(expected.length ? found(f, textOf(result)) : textOf(result)).toEqual(
      expected.length ? expected : 'No matches found',
    );
    expect(dataOf(result).matches).toBe(expected.length);
  });

  it('honours excludePatterns', async () => {
    const f = await fixture();
    const result = await f.call('search_files', {
      path: f.root,
      pattern: '**/*.md',
      excludePatterns: ['node_modules', 'deep'],
    });
    expect(found(f, textOf(result))).toEqual(['a.md', 'src/b.md']);
  });

  it('stops at maxResults and says truncated', async () => {
    const f = await fixture();
    const result = await f.call('search_files', { path: f.root, pattern: '**/*', maxResults: 2 });
    expect(dataOf(result)).toMatchObject({ matches: 2, truncated: true });
  });

  it('survives a link loop, and finds links only when they stay inside', async () => {
    const f = await fixture();
    symlink('..', path.join(f.root, 'src', 'loop'));
    symlink(f.secret, path.join(f.root, 'out.md'));
    const result = await f.call('search_files', { path: f.root, pattern: '**/*' });
    const names = found(f, textOf(result));
    expect(names).toContain('src/loop');
    expect(names).not.toContain('out.md');
    expect(names.some((n) => n.startsWith('src/loop/'))).toBe(false);
  });

  it('refuses an invalid start', async () => {
    const f = await fixture();
    expect(codeOf(await f.call('search_files', { path: path.join(f.root, 'a.md'), pattern: '*' }))).toBe(
      'INVALID_INPUT',
    );
  });
});
