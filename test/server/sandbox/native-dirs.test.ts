/**
 * native/dirs.c on the real file system: what each call opens, lists and refuses. CI builds it, so on
 * Linux a module that is missing or does not load fails here instead of leaving the sandbox on its
 * slower road unnoticed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNativeDirs, nativeDirsPath, type NativeDirs } from '../../../server/sandbox/native-dirs.js';
import { fsOperations } from '../../../server/sandbox/worker-main.js';
import { tempDir, writeFile } from '../../helpers/temp.js';

const O_PATH = 0o10000000;

function load(): NativeDirs {
  const dirs = loadNativeDirs(nativeDirsPath());
  if (!dirs) throw new Error('native/dirs.c is not built: npm run build:native');
  return dirs;
}

/** An open folder's [names, kinds], read natively and split as the sandbox splits it. */
function entriesOf(dirs: NativeDirs, fd: number): [string[], number[]] {
  return fsOperations(fs, true, dirs).readFolder(fd);
}

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
}

/** Each of `names` (a path, "." or "..", empty, a NUL) is refused with EINVAL: one name, never a path. */
function expectOneNameOnly(open: (name: string) => number, names: readonly string[]): void {
  for (const name of names)
    expect(
      codeOf(() => open(name)),
      name,
    ).toBe('EINVAL');
}

/** A folder with a file, a subfolder, a link and a FIFO, and a link to a folder outside it. */
function sample() {
  const root = tempDir('gatehouse-native-');
  const outside = tempDir('gatehouse-native-outside-');
  writeFile(path.join(root, 'file.txt'), 'hello');
  fs.mkdirSync(path.join(root, 'sub'));
  fs.symlinkSync(outside, path.join(root, 'out'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  return { root, outside };
}

describe.runIf(process.platform === 'linux')('the native syscalls', () => {
  it('are built and load', () => {
    expect(nativeDirsPath()).not.toBeNull();
    expect(loadNativeDirs(nativeDirsPath())).not.toBeNull();
    expect(loadNativeDirs(path.join(tempDir('gatehouse-native-none-'), 'missing.node'))).toBeNull();
    expect(nativeDirsPath('darwin')).toBeNull();
  });

  it('openNoLinks opens a path without links, and is where its path says', () => {
    const dirs = load();
    const { root } = sample();
    const fd = dirs.openNoLinks(path.join(root, 'file.txt'), fs.constants.O_RDONLY);
    try {
      expect(fs.readlinkSync(`/proc/self/fd/${fd}`)).toBe(path.join(root, 'file.txt'));
      expect(fs.readFileSync(`/proc/self/fd/${fd}`, 'utf8')).toBe('hello');
    } finally {
      dirs.close(fd);
    }
    dirs.close(dirs.openNoLinks(root, O_PATH));
  });

  it('openNoLinks refuses a link anywhere on the path, odd paths and flags that could write', () => {
    const dirs = load();
    const { root, outside } = sample();
    writeFile(path.join(outside, 'secret.txt'), 'secret');
    const R = fs.constants.O_RDONLY;
    expect(codeOf(() => dirs.openNoLinks(path.join(root, 'out', 'secret.txt'), R))).toBe('ELOOP');
    expect(codeOf(() => dirs.openNoLinks(path.join(root, 'out'), O_PATH))).toBe('ELOOP');
    expect(codeOf(() => dirs.openNoLinks(path.join(root, 'missing'), R))).toBe('ENOENT');
    for (const odd of ['relative', `${root}/`, `${root}//file.txt`, `${root}/./file.txt`, `${root}/sub/../file.txt`]) {
      expect(
        codeOf(() => dirs.openNoLinks(odd, R)),
        odd,
      ).toBe('EINVAL');
    }
    expect(codeOf(() => dirs.openNoLinks(`${root}/file.txt\0/x`, R))).toBe('EINVAL');
    for (const flags of [
      fs.constants.O_WRONLY,
      fs.constants.O_RDWR,
      R | fs.constants.O_CREAT,
      R | fs.constants.O_TRUNC,
    ]) {
      expect(codeOf(() => dirs.openNoLinks(path.join(root, 'new.txt'), flags))).toBe('EINVAL');
    }
    expect(fs.existsSync(path.join(root, 'new.txt'))).toBe(false);
  });

  it('readDir lists an open folder with the kind of each entry, and refuses anything else', () => {
    const dirs = load();
    const { root } = sample();
    const odd = ['a b', 'ünïcödé', 'line\nbreak', '-', '0digit', '...'];
    for (const name of odd) writeFile(path.join(root, name), '');
    const fd = dirs.openNoLinks(root, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try {
      const [names, kinds] = entriesOf(dirs, fd);
      const listed = Object.fromEntries(names.map((name, i) => [name, kinds[i]]));
      expect(listed).toEqual({ 'file.txt': 0, sub: 1, out: 2, pipe: 3, ...Object.fromEntries(odd.map((n) => [n, 0])) });
    } finally {
      dirs.close(fd);
    }
    const file = dirs.openNoLinks(path.join(root, 'file.txt'), fs.constants.O_RDONLY);
    expect(codeOf(() => dirs.readDir(file))).toBe('ENOTDIR');
    dirs.close(file);
    expect(codeOf(() => dirs.readDir(-1))).toBe('EBADF');
  });

  it('reads a folder larger than one getdents buffer', () => {
    const dirs = load();
    const root = tempDir('gatehouse-native-big-');
    const names = Array.from({ length: 3000 }, (_, i) => `entry-with-a-longish-name-${i}.txt`);
    for (const name of names) fs.writeFileSync(path.join(root, name), '');
    const fd = dirs.openNoLinks(root, fs.constants.O_RDONLY);
    try {
      expect(entriesOf(dirs, fd)[0].sort()).toEqual([...names].sort());
    } finally {
      dirs.close(fd);
    }
  });

  it('openDirAt opens a child folder through its parent, never a link, a file or a path', () => {
    const dirs = load();
    const { root } = sample();
    writeFile(path.join(root, 'sub', 'deep.txt'), '');
    const parent = dirs.openNoLinks(root, fs.constants.O_RDONLY);
    try {
      const child = dirs.openDirAt(parent, 'sub');
      expect(dirs.readDir(child)).toBe('0deep.txt/');
      dirs.close(child);
      expect(codeOf(() => dirs.openDirAt(parent, 'out'))).toMatch(/^(ELOOP|ENOTDIR)$/);
      expect(codeOf(() => dirs.openDirAt(parent, 'file.txt'))).toBe('ENOTDIR');
      expect(codeOf(() => dirs.openDirAt(parent, 'pipe'))).toBe('ENOTDIR');
      expectOneNameOnly((name) => dirs.openDirAt(parent, name), ['sub/..', '', '.', '..', '../x', 'a\0b']);
    } finally {
      dirs.close(parent);
    }
    expect(codeOf(() => dirs.close(-1))).toBe('EBADF');
  });

  it('openFileAt opens a child file through its parent, never a link or a path, and a FIFO without waiting', () => {
    const dirs = load();
    const { root } = sample();
    fs.symlinkSync(path.join(root, 'file.txt'), path.join(root, 'alias.txt'));
    const parent = dirs.openNoLinks(root, fs.constants.O_RDONLY);
    try {
      const file = dirs.openFileAt(parent, 'file.txt');
      expect(fs.readlinkSync(`/proc/self/fd/${file}`)).toBe(path.join(root, 'file.txt'));
      const buffer = Buffer.alloc(16);
      expect(buffer.toString('utf8', 0, fs.readSync(file, buffer, 0, 16, 0))).toBe('hello');
      dirs.close(file);
      // A FIFO opens at once (nothing writes to it): the caller sees by fstat that it is no file.
      const pipe = dirs.openFileAt(parent, 'pipe');
      expect(fs.fstatSync(pipe).isFIFO()).toBe(true);
      dirs.close(pipe);
      expect(codeOf(() => dirs.openFileAt(parent, 'alias.txt'))).toBe('ELOOP');
      expect(codeOf(() => dirs.openFileAt(parent, 'out'))).toBe('ELOOP');
      expect(codeOf(() => dirs.openFileAt(parent, 'missing.txt'))).toBe('ENOENT');
      expectOneNameOnly((name) => dirs.openFileAt(parent, name), ['sub/../file.txt', '', '.', '..', '../x', 'a\0b']);
    } finally {
      dirs.close(parent);
    }
  });

  it('statFd describes an open fd exactly as fs.fstatSync does, for every kind of entry', async () => {
    const dirs = load();
    const { root } = sample();
    fs.symlinkSync('file.txt', path.join(root, 'alias.txt'));
    const socket = path.join(root, 'sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    const native = fsOperations(fs, true, dirs);
    const portable = fsOperations(fs, true, null);
    const nofollow = O_PATH | fs.constants.O_NOFOLLOW;
    const opened: Array<[string, number]> = [
      ['file', fs.openSync(path.join(root, 'file.txt'), 'r')],
      ['directory', fs.openSync(path.join(root, 'sub'), O_PATH)],
      ['symlink', fs.openSync(path.join(root, 'alias.txt'), nofollow)],
      ['fifo', fs.openSync(path.join(root, 'pipe'), O_PATH)],
      ['socket', fs.openSync(socket, O_PATH)],
      ['device', fs.openSync('/dev/null', 'r')],
    ];
    try {
      for (const [kind, fd] of opened) {
        const facts = native.factsOfFd(fd);
        expect(facts, kind).toEqual(portable.factsOfFd(fd));
        expect(facts.kind).toBe(kind);
      }
      const out = new Float64Array(8);
      dirs.statFd(opened[0]![1], out);
      const st = fs.fstatSync(opened[0]![1]);
      expect([...out]).toEqual([st.mode, st.dev, st.ino, st.size, st.mtimeMs, st.atimeMs, st.birthtimeMs, st.ctimeMs]);
      expect(() => dirs.statFd(opened[0]![1], new Float64Array(7))).toThrow(TypeError);
    } finally {
      for (const [, fd] of opened) fs.closeSync(fd);
      server.close();
    }
    expect(codeOf(() => dirs.statFd(opened[0]![1], new Float64Array(8)))).toBe('EBADF');
  });
  it('readInto reads the start of an open file, stops at its end, and refuses a buffer too small', () => {
    const dirs = load();
    const { root } = sample();
    const content = Buffer.from('0123456789'.repeat(10_000));
    const file = path.join(root, 'big.txt');
    fs.writeFileSync(file, content);
    const fd = dirs.openNoLinks(file, fs.constants.O_RDONLY);
    try {
      const buffer = Buffer.alloc(content.length + 10);
      expect(dirs.readInto(fd, buffer, content.length)).toBe(content.length);
      expect(buffer.subarray(0, content.length).equals(content)).toBe(true);
      // Asked for more than the file holds: what there is, from offset 0 again.
      buffer.fill(0);
      expect(dirs.readInto(fd, buffer, content.length + 10)).toBe(content.length);
      expect(buffer.subarray(0, 10).toString()).toBe('0123456789');
      expect(dirs.readInto(fd, buffer, 0)).toBe(0);
      expect(() => dirs.readInto(fd, Buffer.alloc(4), 5)).toThrow(TypeError);
      expect(() => dirs.readInto(fd, buffer, -1)).toThrow(TypeError);
      expect(() => dirs.readInto(fd, buffer, 2 ** 32 + 4)).toThrow(TypeError);
    } finally {
      dirs.close(fd);
    }
    expect(codeOf(() => dirs.readInto(fd, Buffer.alloc(4), 4))).toBe('EBADF');
    const folder = dirs.openNoLinks(root, fs.constants.O_RDONLY);
    try {
      expect(codeOf(() => dirs.readInto(folder, Buffer.alloc(4), 4))).toBe('EISDIR');
    } finally {
      dirs.close(folder);
    }
  });
});
