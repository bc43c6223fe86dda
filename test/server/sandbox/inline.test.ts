/**
 * The inline route on the real file system with the native module: what it serves on the event loop,
 * and everything it hands to a worker (null) because the lookup might cross a link or reach a file
 * system that can stall.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InlineRoute } from '../../../server/sandbox/inline.js';
import { LocalFolders } from '../../../server/sandbox/local-mounts.js';
import { loadNativeDirs, nativeDirsPath } from '../../../server/sandbox/native-dirs.js';
import type { ReadRequest } from '../../../server/sandbox/worker-protocol.js';
import { tempDir, writeFile } from '../../helpers/temp.js';

const read = (file: string): ReadRequest => ({ op: 'read', path: file, follow: false, maxBytes: 1 << 20 });
const list = (folder: string, sizes = false) => ({ op: 'list' as const, path: folder, sizes });

/** A route over a temp folder, with the mount table the test chooses. */
function setup(table = '1 0 8:1 / / rw - ext4 /dev/x rw') {
  const dirs = loadNativeDirs(nativeDirsPath());
  if (!dirs) throw new Error('native/dirs.c is not built: npm run build:native');
  const root = tempDir('gatehouse-inline-');
  const route = new InlineRoute(dirs, new LocalFolders(() => table));
  return { root, route };
}

function bytesOf(answer: unknown): string {
  const ok = (answer as { ok: { length: number; bytes: ArrayBuffer } }).ok;
  return Buffer.from(ok.bytes, 0, ok.length).toString();
}

describe.runIf(process.platform === 'linux')('the inline route', () => {
  it('reads, describes and lists on a local disk from the first call', () => {
    const { root, route } = setup();
    const file = writeFile(path.join(root, 'a', 'b.txt'), 'hello');
    const answer = route.run(root, read(file));
    expect(answer).toMatchObject({ ok: { real: file, facts: { kind: 'file', size: 5 } } });
    expect(bytesOf(answer)).toBe('hello');
    expect(route.run(root, { op: 'stat', path: path.join(root, 'a') })).toMatchObject({
      ok: { real: path.join(root, 'a'), facts: { kind: 'directory' } },
    });
    expect(route.run(root, list(path.join(root, 'a')))).toMatchObject({ ok: { folder: true, names: ['b.txt'] } });
    expect(route.run(root, list(path.join(root, 'a'), true))).toMatchObject({ ok: { names: ['b.txt'], sizes: [5] } });
  });

  it('answers a missing entry inline with the error a worker would give', () => {
    const { root, route } = setup();
    for (const req of [read(path.join(root, 'gone.txt')), { op: 'stat' as const, path: path.join(root, 'gone') }])
      expect(route.run(root, req)).toMatchObject({ error: { code: 'ENOENT' } });
    expect(route.run(root, list(path.join(root, 'gone')))).toMatchObject({ error: { code: 'ENOENT' } });
  });

  it('hands every path with a link in it to a worker, the last component included', () => {
    const { root, route } = setup();
    const outside = tempDir('gatehouse-inline-outside-');
    writeFile(path.join(outside, 'secret.txt'), 'secret');
    const file = writeFile(path.join(root, 'real', 'f.txt'), 'x');
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'));
    fs.symlinkSync(outside, path.join(root, 'out'));
    fs.symlinkSync(file, path.join(root, 'f-link.txt'));
    for (const req of [
      read(path.join(root, 'link', 'f.txt')),
      read(path.join(root, 'out', 'secret.txt')),
      read(path.join(root, 'f-link.txt')),
      { op: 'stat' as const, path: path.join(root, 'f-link.txt') },
      { op: 'stat' as const, path: path.join(root, 'out') },
      list(path.join(root, 'out')),
      list(path.join(root, 'out'), true),
      // Not normalised: the native open takes plain paths only.
      list(`${root}/real/../real`),
    ])
      expect(route.run(root, req), `${req.op} ${req.path}`).toBeNull();
  });

  it('hands a folder that became a link to a worker at once', () => {
    const { root, route } = setup();
    writeFile(path.join(root, 'd', 'f.txt'), 'old');
    writeFile(path.join(root, 'elsewhere', 'f.txt'), 'new');
    expect(bytesOf(route.run(root, read(path.join(root, 'd', 'f.txt'))))).toBe('old');
    expect(route.run(root, list(path.join(root, 'd')))).not.toBeNull();
    fs.renameSync(path.join(root, 'd'), path.join(root, 'd-old'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'd'));
    expect(route.run(root, read(path.join(root, 'd', 'f.txt')))).toBeNull();
    expect(route.run(root, list(path.join(root, 'd')))).toBeNull();
  });

  it('hands what only the slower road can tell apart to a worker: a file listed, a FIFO, a folder it cannot read', () => {
    const { root, route } = setup();
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    expect(route.run(root, list(file))).toBeNull();
    expect(route.run(root, list(path.join(root, 'pipe')))).toBeNull();
    // Opened without waiting, described, never read.
    expect(route.run(root, read(path.join(root, 'pipe')))).toMatchObject({ ok: { facts: { kind: 'fifo' } } });
    fs.mkdirSync(path.join(root, 'closed'), { mode: 0o000 });
    if (process.getuid?.() !== 0) expect(route.run(root, list(path.join(root, 'closed')))).toBeNull();
  });

  it('never serves a root on a network or FUSE file system inline', () => {
    const { root, route } = setup(`1 0 8:1 / / rw - fuse.rclone drive rw`);
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    expect(route.run(root, read(file))).toBeNull();
    expect(route.run(root, list(root))).toBeNull();
  });

  it('never runs walks or reads that follow a final link inline', () => {
    const { root, route } = setup();
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    expect(route.run(root, { ...read(file), follow: true })).toBeNull();
    expect(
      route.run(root, {
        op: 'walk',
        path: root,
        mode: 'search',
        pattern: '**',
        excludes: [],
        deny: [],
        max: 10,
      } as never),
    ).toBeNull();
  });
});
