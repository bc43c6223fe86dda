/**
 * The check-then-swap race: another process keeps swapping a path between a place inside the root and
 * a link to the outside while the client reads and writes it. Hundreds of attempts, zero leaks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRET, codeOf, leaks, startFiles, textOf, type FileFixture } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

const ROUNDS = 400;

/**
 * Swaps `target` between two prepared entries as fast as it can, each swap an atomic rename of a fresh
 * symlink or file over it.
 */
const SWAPPER = `
const fs = require('node:fs');
const [target, kind, inside, outside] = process.argv.slice(1);
let n = 0;
for (;;) {
  const temp = target + '.swap' + (n++ % 2);
  try {
    if (kind === 'link') fs.symlinkSync(n % 2 ? inside : outside, temp);
    else if (n % 2) fs.writeFileSync(temp, fs.readFileSync(inside));
    else fs.symlinkSync(outside, temp);
    fs.renameSync(temp, target);
  } catch {}
}`;

const swappers: ChildProcess[] = [];
// Waits for each swapper to be gone: one still renaming while the temp folder is removed makes that fail.
afterEach(async () => {
  await Promise.all(
    swappers.splice(0).map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      return exited;
    }),
  );
});

function startSwapper(target: string, kind: 'link' | 'file', inside: string, outside: string): void {
  const child = spawn(process.execPath, ['-e', SWAPPER, target, kind, inside, outside], { stdio: 'ignore' });
  swappers.push(child);
}

async function waitForSwaps(file: string): Promise<void> {
  // Both states must have been seen before the attack starts.
  const seen = new Set<boolean>();
  const deadline = Date.now() + 5000;
  while (seen.size < 2 && Date.now() < deadline) {
    try {
      seen.add(fs.lstatSync(file).isSymbolicLink());
    } catch {
      // Mid-swap.
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface Tally {
  served: number;
  refused: number;
  leaked: number;
}

async function attack(f: FileFixture, rounds: number, call: () => Promise<Record<string, unknown>>): Promise<Tally> {
  const tally: Tally = { served: 0, refused: 0, leaked: 0 };
  for (let i = 0; i < rounds; i += 1) {
    const result = await call();
    if (leaks(result)) tally.leaked += 1;
    if (codeOf(result)) tally.refused += 1;
    else tally.served += 1;
  }
  void f;
  return tally;
}

/**
 * The sandbox opens and lists with native syscalls where native/dirs.c is built, and with Node's fs
 * alone where it is not: the races run on both roads.
 */
const ROADS = [
  ['native syscalls', {}],
  ["Node's fs alone", { native: false }],
] as const;

describe.each(ROADS)('the check-then-swap race, with %s', (_road, files) => {
  it('never leaks a byte when a folder on the path is swapped for a link out', async () => {
    const f = await startFiles({ files });
    writeFile(path.join(f.root, 'real', 'secret.txt'), 'SAFE-CONTENT');
    writeFile(path.join(f.outside, 'secret.txt'), SECRET);
    const link = path.join(f.root, 'dir');
    startSwapper(link, 'link', path.join(f.root, 'real'), f.outside);
    await waitForSwaps(link);
    const tally = await attack(f, ROUNDS, () => f.call('read_text_file', { path: path.join(link, 'secret.txt') }));
    expect(tally.leaked).toBe(0);
    // The race really happened: both outcomes were seen.
    expect(tally.served).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('never leaks a byte when the file itself is swapped for a link out', async () => {
    const f = await startFiles({ files });
    const safe = writeFile(path.join(f.root, 'template.txt'), 'SAFE-CONTENT');
    const file = path.join(f.root, 'file.txt');
    startSwapper(file, 'file', safe, f.secret);
    await waitForSwaps(file);
    const reads = await attack(f, ROUNDS, () => f.call('read_text_file', { path: file }));
    const infos = await attack(f, ROUNDS / 4, () => f.call('read_multiple_files', { paths: [file, file] }));
    expect(reads.leaked + infos.leaked).toBe(0);
    expect(reads.served).toBeGreaterThan(0);
    expect(reads.refused).toBeGreaterThan(0);
  });

  it('never lists, searches or stats the outside through a swapped folder', async () => {
    const f = await startFiles({ files });
    writeFile(path.join(f.root, 'real', 'inside.txt'), 'inside');
    writeFile(path.join(f.outside, 'outside-only-name.txt'), SECRET);
    const link = path.join(f.root, 'dir');
    startSwapper(link, 'link', path.join(f.root, 'real'), f.outside);
    await waitForSwaps(link);
    const calls = [
      () => f.call('list_directory', { path: link }),
      () => f.call('get_file_info', { path: path.join(link, 'outside-only-name.txt') }),
      () => f.call('search_files', { path: f.root, pattern: '**/*' }),
      () => f.call('directory_tree', { path: f.root }),
    ];
    let leaked = 0;
    for (let i = 0; i < ROUNDS / 2; i += 1) {
      const result = await calls[i % calls.length]!();
      if (JSON.stringify(result).includes('outside-only-name') && !codeOf(result)) leaked += 1;
    }
    expect(leaked).toBe(0);
  });

  it('never searches the outside when a file or a folder in the tree is swapped for a link out', async () => {
    const f = await startFiles({ files });
    const safe = writeFile(path.join(f.root, 'template.txt'), 'SAFE-CONTENT');
    writeFile(path.join(f.root, 'real', 'inside.txt'), 'SAFE-CONTENT');
    writeFile(path.join(f.outside, 'secret-too.txt'), SECRET);
    const file = path.join(f.root, 'file.txt');
    const folder = path.join(f.root, 'dir');
    startSwapper(file, 'file', safe, f.secret);
    startSwapper(folder, 'link', path.join(f.root, 'real'), f.outside);
    await waitForSwaps(file);
    await waitForSwaps(folder);
    let leaked = 0;
    let swappedFileSearched = 0;
    for (let i = 0; i < ROUNDS / 2; i += 1) {
      const result = await f.call('search_file_contents', { path: f.root, query: 'CONTENT', caseSensitive: true });
      if (leaks(result)) leaked += 1;
      if (textOf(result).includes(`${file}:1: SAFE-CONTENT`)) swappedFileSearched += 1;
    }
    expect(leaked).toBe(0);
    // The race really happened: the swapped file was searched while it was a file.
    expect(swappedFileSearched).toBeGreaterThan(0);
  });
});

describe('the check-then-swap race on writes', () => {
  it('never writes a byte outside when the target folder is swapped for a link out', async () => {
    const f = await startFiles();
    fs.mkdirSync(path.join(f.root, 'real'));
    const link = path.join(f.root, 'dir');
    startSwapper(link, 'link', path.join(f.root, 'real'), f.outside);
    await waitForSwaps(link);
    const before = fs.readdirSync(f.outside).sort();
    let written = 0;
    for (let i = 0; i < ROUNDS; i += 1) {
      const tool = ['write_file', 'append_file', 'create_directory'][i % 3]!;
      const target = path.join(link, `new-${i}`);
      const result = await f.call(
        tool,
        tool === 'create_directory' ? { path: target } : { path: target, content: 'x' },
      );
      if (!codeOf(result)) written += 1;
      expect(textOf(result)).not.toContain(SECRET);
    }
    expect(fs.readdirSync(f.outside).sort()).toEqual(before);
    expect(written).toBeGreaterThan(0);
  });
});
