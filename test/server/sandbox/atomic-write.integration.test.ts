/**
 * Writes lose nothing: a reader in another process never sees half a file while the client rewrites
 * it again and again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, startFiles } from '../../helpers/files.js';

const SIZE = 1 << 20;

/** Reads the file in a tight loop until told to stop; counts reads and reads that were not whole. */
const READER = `
const fs = require('node:fs');
const [file, size] = [process.argv[1], Number(process.argv[2])];
let reads = 0, torn = 0, stop = false;
process.on('message', () => { stop = true; });
(function loop() {
  for (let i = 0; i < 20; i += 1) {
    const bytes = fs.readFileSync(file);
    reads += 1;
    const first = bytes[0];
    if (bytes.length !== size || bytes[size >> 1] !== first || bytes[size - 1] !== first || bytes.indexOf(first === 65 ? 66 : 65) !== -1) torn += 1;
  }
  if (stop) { process.send({ reads, torn }); process.exit(0); }
  setImmediate(loop);
})();`;

/**
 * Resolves once a temp file has bytes in it: the write registered its temp (that happens before its first
 * byte) and has not renamed it yet. Polls every turn of the event loop, because each step of the write
 * (write, fchmod, fsync, close, rename) takes at least one turn: a timer could sleep through them all.
 */
async function writeUnderway(listTemps: () => string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  const hasBytes = (file: string) => (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;
  while (!listTemps().some(hasBytes)) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the write to fill its temp file');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('atomic writes', () => {
  it('never show a concurrent reader half a file', async () => {
    const f = await startFiles();
    const file = path.join(f.root, 'data.txt');
    fs.writeFileSync(file, 'A'.repeat(SIZE));
    const reader = spawn(process.execPath, ['-e', READER, file, String(SIZE)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const report = new Promise<{ reads: number; torn: number }>((resolve) => reader.once('message', resolve as never));
    for (let i = 0; i < 40; i += 1) {
      const result = await f.call('write_file', { path: file, content: (i % 2 ? 'A' : 'B').repeat(SIZE) });
      expect(codeOf(result)).toBeUndefined();
    }
    for (let i = 0; i < 10; i += 1) {
      const [from, to] = i % 2 ? ['B', 'A'] : ['A', 'B'];
      await f.call('edit_file', { path: file, edits: [{ oldText: from.repeat(SIZE), newText: to.repeat(SIZE) }] });
    }
    reader.send('stop');
    const { reads, torn } = await report;
    expect(reads).toBeGreaterThan(20);
    expect(torn).toBe(0);
  });

  it('removes the temp file of a write still running when the sandbox closes', async () => {
    const f = await startFiles();
    const file = path.join(f.root, 'big.txt');
    fs.writeFileSync(file, 'old');
    const temps = () => fs.readdirSync(f.root).filter((name) => name.endsWith('.tmp'));
    const writing = f.call('write_file', { path: file, content: 'n'.repeat(9 * SIZE) });
    await writeUnderway(() => temps().map((name) => path.join(f.root, name)));
    f.harness.files.close();
    expect(temps()).toEqual([]);
    await writing;
    expect(temps()).toEqual([]);
    // The write either lost its temp before the rename (old text) or had renamed it already (new text).
    expect(['old', 'n'.repeat(9 * SIZE)]).toContain(fs.readFileSync(file, 'utf8'));
  });
});
