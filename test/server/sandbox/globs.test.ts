import { describe, expect, it } from 'vitest';
import {
  compileClientGlobs,
  compileGlobs,
  compileSearchGlob,
  globDepth,
  requiredLiteral,
} from '../../../server/sandbox/globs.js';
import { DEFAULT_DENY } from '../../../server/policy/schema.js';

describe('compileGlobs()', () => {
  const deny = compileGlobs(DEFAULT_DENY, { nocase: false });
  it.each([
    ['/home/ana/project/.env', true],
    ['/home/ana/project/.env.local', true],
    ['/home/ana/project/.git', true],
    ['/home/ana/project/.git/config', true],
    ['/home/ana/.ssh/id_ed25519', true],
    ['/home/ana/keys/server.pem', true],
    ['/home/ana/.hidden/deeper/server.key', true],
    ['C:/Users/Ana/project/.env', true],
    ['/home/ana/project/env.txt', false],
    ['/home/ana/project/.gitignore', false],
    ['/home/ana/project/keys.txt', false],
  ])('the default deny list on %s: %s', (p, denied) => {
    expect(deny.matches(p)).toBe(denied);
  });

  it('matches a pattern without a slash at any depth, like .gitignore', () => {
    const set = compileGlobs(['node_modules', '*.log'], { nocase: false });
    expect(set.matches('node_modules')).toBe(true);
    expect(set.matches('a/b/node_modules')).toBe(true);
    expect(set.matches('a/debug.log')).toBe(true);
    expect(set.matches('a/log.txt')).toBe(false);
  });

  it('ignores case where the volume does', () => {
    expect(compileGlobs(['**/.env'], { nocase: true }).matches('/x/.ENV')).toBe(true);
    expect(compileGlobs(['**/.env'], { nocase: false }).matches('/x/.ENV')).toBe(false);
  });

  it('answers inFolder(folder)(name) exactly as matches(folder + name)', () => {
    // '**/a/.env' needs the literal 'a/.env', which lies across the end of the folder '/x/a/'.
    const globs = [...DEFAULT_DENY, '**/a/.env', 'node_modules', '*.log', 'sec?et/**'];
    const folders = ['/', '/x/', '/x/a/', '/x/.git/', '/x/node_modules/', '/x/secret/', '/x/.e/', '/x/a/b/'];
    const names = ['.env', '.env.local', '.git', 'config', 'x.log', 'node_modules', 'server.pem', 'secret', 'env', 'a'];
    for (const nocase of [false, true]) {
      const set = compileGlobs(globs, { nocase, descendants: true });
      for (const folder of folders) {
        const denied = set.inFolder(folder);
        for (const name of names) expect(denied(name), folder + name).toBe(set.matches(folder + name));
      }
    }
    expect(compileGlobs(['**/a/.env'], { nocase: false }).inFolder('/x/a/')('.env')).toBe(true);
    expect(compileGlobs([], { nocase: false }).inFolder('/x/')('.env')).toBe(false);
  });

  it('hands a worker each glob as data: literal, regex source and flags', () => {
    expect(compileGlobs([], { nocase: false })).toMatchObject({ empty: true, parts: [] });
    expect(compileClientGlobs(['*.md'], false).parts).toEqual([['.md', expect.stringContaining('md'), '']]);
  });

  it.each([
    ['**/.git/**', '.git'],
    ['**/node_modules', 'node_modules'],
    ['**/{a,b}/x.txt', 'x.txt'],
    ['[[:alpha:]]/x', 'x'],
    ['!negated', ''],
    ['**/a\\*b', ''],
    ['+(ab|cd)/efg', 'efg'],
    ['{unbalanced', ''],
  ])('requires of %s the literal %j', (glob, literal) => {
    expect(requiredLiteral(glob)).toBe(literal);
  });
});

describe('compileSearchGlob()', () => {
  const matcher = (pattern: string) => {
    const [literal, source, flags] = compileSearchGlob(pattern, false).part;
    return (rel: string) => rel.includes(literal) && new RegExp(source, flags).test(rel);
  };

  it('matches relative paths exactly as written, dot files included', () => {
    const md = matcher('*.md');
    expect(md('a.md')).toBe(true);
    expect(md('docs/a.md')).toBe(false);
    expect(matcher('**/*.md')('docs/.hidden/a.md')).toBe(true);
  });
});

describe('globDepth()', () => {
  it.each([
    ['*.md', 1],
    ['src/*.ts', 2],
    ['src/**/*.ts', Infinity],
    ['{a,b/c}', Infinity],
    ['./x', Infinity],
    ['+(a|b)', Infinity],
  ])('%s reaches %s levels', (pattern, depth) => {
    expect(globDepth(pattern)).toBe(depth);
  });
});
