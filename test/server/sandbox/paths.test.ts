import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  foldCase,
  hostFlavor,
  isWithin,
  parseRequestedPath,
  pathFlavor,
  relativeWithin,
  type PathBase,
  type PathFlavor,
} from '../../../server/sandbox/paths.js';

const posix = pathFlavor(path.posix, { caseInsensitive: false });
const mac = hostFlavor(path.posix, 'darwin');
const win = hostFlavor(path.win32, 'win32');

const posixBase = { home: '/home/ana', relativeTo: '/home/ana/notes' };
const winBase = { home: 'C:\\Users\\Ana', relativeTo: 'C:\\Users\\Ana\\Notes' };

function parsed(input: string, flavor: PathFlavor, base: PathBase = flavor.windows ? winBase : posixBase): string {
  const result = parseRequestedPath(input, flavor, base);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.path;
}

function refusal(input: string, flavor: PathFlavor, base: PathBase = flavor.windows ? winBase : posixBase): string {
  const result = parseRequestedPath(input, flavor, base);
  if (result.ok) throw new Error(`accepted as ${result.path}`);
  return result.reason;
}

describe('isWithin()', () => {
  const root = '/a/root';
  it.each([
    ['the root itself', '/a/root'],
    ['a direct child', '/a/root/x'],
    ['a deep child', '/a/root/x/y/z.txt'],
    ['a child whose name starts with dots', '/a/root/..hidden'],
  ])('accepts %s', (_attack, candidate) => {
    expect(isWithin(candidate, root, posix)).toBe(true);
  });

  it.each([
    ['prefix sibling', '/a/root_evil'],
    ['prefix sibling file', '/a/root.txt'],
    ['prefix sibling child', '/a/root_evil/x'],
    ['the parent', '/a'],
    ['the file system root', '/'],
    ['another tree', '/etc/passwd'],
    ['case variant on a case-sensitive volume', '/a/Root/x'],
  ])('refuses %s', (_attack, candidate) => {
    expect(isWithin(candidate, root, posix)).toBe(false);
  });

  it('treats the file system root as containing everything', () => {
    expect(isWithin('/etc/passwd', '/', posix)).toBe(true);
    expect(isWithin('C:\\x', 'C:\\', win)).toBe(true);
  });

  it('compares case-insensitively on macOS volumes, and Unicode forms as equal', () => {
    expect(isWithin('/users/ana/notes/x', '/Users/Ana/Notes', mac)).toBe(true);
    expect(isWithin('/Users/Ana/Cafe\u0301/x', '/Users/Ana/Café', mac)).toBe(true);
    expect(isWithin('/Users/Ana/Notes_evil', '/Users/Ana/Notes', mac)).toBe(false);
  });

  describe('Windows rules (path.win32)', () => {
    it.each([
      ['drive letter in another case', 'c:\\users\\ana\\notes\\x.txt', 'C:\\Users\\Ana\\Notes'],
      ['forward slashes', 'C:/Users/Ana/Notes/x.txt', 'C:\\Users\\Ana\\Notes'],
      ['non-ASCII case folding', 'C:\\ÄRGER\\x', 'C:\\ärger'],
      ['UNC share', '\\\\server\\share\\docs\\x', '\\\\SERVER\\share\\docs'],
    ])('accepts %s', (_case, candidate, root) => {
      expect(isWithin(candidate, root, win)).toBe(true);
    });

    it.each([
      ['another drive', 'D:\\Users\\Ana\\Notes\\x', 'C:\\Users\\Ana\\Notes'],
      ['prefix sibling', 'C:\\Users\\Ana\\Notes_evil', 'C:\\Users\\Ana\\Notes'],
      ['another UNC share', '\\\\server\\other\\docs', '\\\\server\\share'],
      ['UNC host named like a drive folder', '\\\\C\\Users\\Ana', 'C:\\Users'],
      ['NTFS does not normalise Unicode', 'C:\\Cafe\u0301\\x', 'C:\\Café'],
      ['length-changing case maps are not folds', 'C:\\STRASSE\\x', 'C:\\straße'],
    ])('refuses %s', (_attack, candidate, root) => {
      expect(isWithin(candidate, root, win)).toBe(false);
    });
  });
});

describe('parseRequestedPath()', () => {
  it('resolves traversal lexically, so the result is checked as what it names', () => {
    expect(parsed('/home/ana/notes/../../../etc/passwd', posix)).toBe('/etc/passwd');
    expect(parsed('/home/ana/notes/./a//b/', posix)).toBe('/home/ana/notes/a/b');
  });

  it('takes relative paths from the first root and ~ from home, like the reference server', () => {
    expect(parsed('todo.md', posix)).toBe('/home/ana/notes/todo.md');
    expect(parsed('../secrets', posix)).toBe('/home/ana/secrets');
    expect(parsed('~/notes/a.md', posix)).toBe('/home/ana/notes/a.md');
    expect(parsed('~', posix)).toBe('/home/ana');
    expect(refusal('a.md', posix, { home: '/home/ana', relativeTo: undefined })).toMatch(/relative/);
  });

  it.each([
    ['NUL byte truncation', '/home/ana/notes/a.txt\0.png', /NUL/],
    ['empty path', '', /empty/],
    ['Windows drive path on POSIX', 'C:\\Windows\\system.ini', /Windows path/],
    ['Windows drive path with slashes on POSIX', 'c:/secrets', /Windows path/],
  ])('refuses %s on POSIX', (_attack, input, reason) => {
    expect(refusal(input, posix)).toMatch(reason);
  });

  it('keeps backslashes as ordinary characters of POSIX names', () => {
    expect(parsed('/home/ana/notes/a\\..\\..\\b', posix)).toBe('/home/ana/notes/a\\..\\..\\b');
  });

  describe('Windows rules (path.win32)', () => {
    it.each([
      ['a plain drive path', 'C:\\Users\\Ana\\Notes\\a.txt', 'C:\\Users\\Ana\\Notes\\a.txt'],
      ['forward slashes', 'C:/Users/Ana/Notes/a.txt', 'C:\\Users\\Ana\\Notes\\a.txt'],
      ['the \\\\?\\ prefix', '\\\\?\\C:\\Users\\Ana\\Notes\\a.txt', 'C:\\Users\\Ana\\Notes\\a.txt'],
      ['the \\\\?\\UNC prefix', '\\\\?\\UNC\\server\\share\\a.txt', '\\\\server\\share\\a.txt'],
      ['a UNC path', '\\\\server\\share\\dir\\a.txt', '\\\\server\\share\\dir\\a.txt'],
      ['traversal', 'C:\\Users\\Ana\\Notes\\..\\..\\..\\Windows', 'C:\\Windows'],
      ['a relative path', 'sub\\a.txt', 'C:\\Users\\Ana\\Notes\\sub\\a.txt'],
      ['~', '~\\Notes', 'C:\\Users\\Ana\\Notes'],
    ])('accepts %s', (_case, input, expected) => {
      expect(parsed(input, win)).toBe(expected);
    });

    it.each([
      ['alternate data stream', 'C:\\Users\\Ana\\Notes\\a.txt:secret', /alternate data stream/],
      ['default data stream', 'C:\\Users\\Ana\\Notes\\a.txt::$DATA', /alternate data stream/],
      ['stream on a folder', 'C:\\Users\\Ana\\Notes:hidden\\x', /alternate data stream/],
      ['trailing dot past a deny glob', 'C:\\Users\\Ana\\Notes\\key.pem.', /dot or a space/],
      ['trailing space', 'C:\\Users\\Ana\\Notes\\.env ', /dot or a space/],
      ['device name', 'C:\\Users\\Ana\\Notes\\CON', /reserved device/],
      ['device name with an extension', 'C:\\Users\\Ana\\Notes\\nul.txt', /reserved device/],
      ['superscript COM port', 'C:\\Users\\Ana\\Notes\\COM¹', /reserved device/],
      ['device namespace', '\\\\.\\PhysicalDrive0', /device/],
      ['pipe namespace', '\\\\.\\pipe\\secret', /device/],
      ['volume GUID path', '\\\\?\\Volume{0b1e5d0c-0000-0000-0000-100000000000}\\x', /device/],
      ['NT object path', '\\??\\C:\\Windows', /device/],
      ['drive-relative path', 'C:Windows\\system.ini', /name the drive/],
      ['current-drive root path', '\\Windows\\system.ini', /name the drive/],
      ['wildcard characters', 'C:\\Users\\Ana\\Notes\\*.txt', /forbids/],
      ['NUL byte', 'C:\\Users\\Ana\\Notes\\a\0b', /NUL/],
    ])('refuses %s', (_attack, input, reason) => {
      expect(refusal(input, win)).toMatch(reason);
    });
  });
});

describe('foldCase()', () => {
  it('folds one character at a time without changing lengths', () => {
    expect(foldCase('abc')).toBe('ABC');
    expect(foldCase('ärger')).toBe('ÄRGER');
    expect(foldCase('straße')).toBe('STRAßE');
  });
});

describe('relativeWithin()', () => {
  it('gives slash-separated paths on both platforms', () => {
    expect(relativeWithin('/a/root/x/y', '/a/root', posix)).toBe('x/y');
    expect(relativeWithin('C:\\r\\x\\y', 'C:\\r', win)).toBe('x/y');
    expect(relativeWithin('/a/root', '/a/root', posix)).toBe('');
  });
});
