/**
 * Hostile paths against every file tool, through a real MCP client: each case is named for the attack,
 * and no result may carry the outside secret.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, leaks, startFiles, symlink, type FileFixture } from '../../helpers/files.js';
import { tempDir, writeFile } from '../../helpers/temp.js';

type Attack = (f: FileFixture) => string;

/** Paths that must be refused wherever a tool takes a path. */
const ATTACKS: Array<[string, Attack, string[]]> = [
  ['absolute path outside every root', (f) => f.secret, ['ACCESS_DENIED']],
  ['traversal with ..', (f) => `${f.root}/../${path.basename(f.outside)}/secret.txt`, ['ACCESS_DENIED']],
  ['deep traversal to /etc', (f) => `${f.root}/a/b/../../../../../../etc/passwd`, ['ACCESS_DENIED']],
  ['relative traversal', (f) => `../${path.basename(f.outside)}/secret.txt`, ['ACCESS_DENIED']],
  ['prefix sibling (root_evil)', (f) => `${f.root}_evil/secret.txt`, ['ACCESS_DENIED']],
  ['file symlink out of the root', (f) => symlink(f.secret, path.join(f.root, 'innocent.txt')), ['ACCESS_DENIED']],
  [
    'folder symlink out of the root',
    (f) => `${symlink(f.outside, path.join(f.root, 'docs'))}/secret.txt`,
    ['ACCESS_DENIED'],
  ],
  [
    'chained symlinks out',
    (f) => symlink(symlink(f.secret, path.join(f.root, 'one')), path.join(f.root, 'two')),
    ['ACCESS_DENIED'],
  ],
  [
    'relative symlink climbing out',
    (f) => symlink(`../${path.basename(f.outside)}/secret.txt`, path.join(f.root, 'rel')),
    ['ACCESS_DENIED'],
  ],
  ['NUL byte truncation', (f) => `${f.root}/a.txt\0.png`, ['INVALID_INPUT']],
  ['Windows drive path on POSIX', () => 'C:\\Windows\\win.ini', ['INVALID_INPUT']],
  ['denied .env', (f) => writeFile(path.join(f.root, '.env'), 'KEY=1'), ['ACCESS_DENIED']],
  ['denied file inside .git', (f) => writeFile(path.join(f.root, '.git', 'config'), '[core]'), ['ACCESS_DENIED']],
  ['denied private key', (f) => writeFile(path.join(f.root, 'id.pem'), 'KEY'), ['ACCESS_DENIED']],
  [
    'link to a denied file',
    (f) => symlink(writeFile(path.join(f.root, '.env'), 'K=1'), path.join(f.root, 'env.txt')),
    ['ACCESS_DENIED'],
  ],
  ["Gatehouse's own policy file", (f) => f.harness.policyFile, ['ACCESS_DENIED']],
  [
    'link loop',
    (f) => (symlink('loop-b', path.join(f.root, 'loop-a')), symlink('loop-a', path.join(f.root, 'loop-b'))),
    ['ACCESS_DENIED', 'NOT_FOUND'],
  ],
];

/** Each tool, called with the hostile path where it takes one. */
const TOOLS: Array<[string, (p: string, f: FileFixture) => Record<string, unknown>]> = [
  ['read_text_file', (p) => ({ path: p })],
  ['read_file', (p) => ({ path: p })],
  ['read_media_file', (p) => ({ path: p })],
  ['get_file_info', (p) => ({ path: p })],
  ['list_directory', (p) => ({ path: p })],
  ['list_directory_with_sizes', (p) => ({ path: p })],
  ['directory_tree', (p) => ({ path: p })],
  ['search_files', (p) => ({ path: p, pattern: '**/*' })],
  ['search_file_contents', (p) => ({ path: p, query: 'SECRET' })],
  ['write_file', (p) => ({ path: p, content: 'owned' })],
  ['edit_file', (p) => ({ path: p, edits: [{ oldText: 'TOP', newText: 'owned' }] })],
  ['append_file', (p) => ({ path: p, content: 'owned' })],
  ['create_directory', (p) => ({ path: `${p}/sub` })],
  ['delete_file', (p) => ({ path: p })],
  ['move_file (source)', (p, f) => ({ source: p, destination: path.join(f.root, 'moved') })],
  ['move_file (destination)', (p, f) => ({ source: writeFile(path.join(f.root, 'mine.txt'), 'x'), destination: p })],
  ['copy_file (source)', (p, f) => ({ source: p, destination: path.join(f.root, 'copied') })],
  ['copy_file (destination)', (p, f) => ({ source: writeFile(path.join(f.root, 'mine.txt'), 'x'), destination: p })],
];

function toolName(label: string): string {
  return label.split(' ')[0]!;
}

/** A destination that exists (the hostile link itself) is refused as existing: nothing is overwritten. */
function allowed(label: string, codes: string[]): string[] {
  return label.includes('(destination)') ? [...codes, 'ALREADY_EXISTS'] : codes;
}

describe('every file tool against hostile paths', () => {
  describe.each(TOOLS)('%s', (label, argsFor) => {
    it.each(ATTACKS)('refuses %s', async (_attack, attack, codes) => {
      const f = await startFiles();
      const outsideBefore = fs.readdirSync(f.outside).sort();
      const result = await f.call(toolName(label), argsFor(attack(f), f));
      expect(allowed(label, codes)).toContain(codeOf(result));
      expect(leaks(result)).toBe(false);
      // Nothing was written, moved or created outside the root.
      expect(fs.readdirSync(f.outside).sort()).toEqual(outsideBefore);
      expect(fs.readFileSync(f.secret, 'utf8')).toContain('TOP-SECRET');
    });
  });
});

describe('a read-only root', () => {
  const WRITES: Array<[string, (f: FileFixture) => Record<string, unknown>]> = [
    ['write_file', (f) => ({ path: path.join(f.root, 'a.txt'), content: 'x' })],
    ['edit_file', (f) => ({ path: path.join(f.root, 'a.txt'), edits: [{ oldText: 'hello', newText: 'x' }] })],
    ['append_file', (f) => ({ path: path.join(f.root, 'a.txt'), content: 'x' })],
    ['create_directory', (f) => ({ path: path.join(f.root, 'new') })],
    ['delete_file', (f) => ({ path: path.join(f.root, 'a.txt') })],
    ['move_file', (f) => ({ source: path.join(f.root, 'a.txt'), destination: path.join(f.root, 'b.txt') })],
    ['copy_file', (f) => ({ source: path.join(f.root, 'a.txt'), destination: path.join(f.root, 'b.txt') })],
  ];

  it.each(WRITES)('refuses %s under a read root', async (tool, args) => {
    // A second, writable root makes the write tools offered at all.
    const f = await startFiles({ access: 'read', policy: { roots: [{ path: tempDir(), access: 'write' }] } });
    writeFile(path.join(f.root, 'a.txt'), 'hello');
    const result = await f.call(tool, args(f));
    expect(codeOf(result)).toBe('ACCESS_DENIED');
    expect(fs.readFileSync(path.join(f.root, 'a.txt'), 'utf8')).toBe('hello');
    expect(fs.readdirSync(f.root)).toEqual(['a.txt']);
  });

  it('refuses a write that goes through a link from a write root into a read root', async () => {
    const f = await startFiles();
    const readOnly = tempDir();
    writeFile(path.join(readOnly, 'notes.txt'), 'keep');
    fs.writeFileSync(
      f.harness.policyFile,
      JSON.stringify({
        version: 1,
        roots: [
          { path: f.root, access: 'write' },
          { path: readOnly, access: 'read' },
        ],
      }),
    );
    await f.harness.policy.reload();
    symlink(path.join(readOnly, 'notes.txt'), path.join(f.root, 'link.txt'));
    const result = await f.call('write_file', { path: path.join(f.root, 'link.txt'), content: 'owned' });
    expect(codeOf(result)).toBe('ACCESS_DENIED');
    expect(fs.readFileSync(path.join(readOnly, 'notes.txt'), 'utf8')).toBe('keep');
  });
});
