import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InlineRoute } from '../../../server/sandbox/inline.js';
import { LocalFolders } from '../../../server/sandbox/local-mounts.js';
import type { ReadRequest, WorkerRequest } from '../../../server/sandbox/worker-protocol.js';
import { tempDir, writeFile } from '../../helpers/temp.js';

const read = (file: string): ReadRequest => ({ op: 'read', path: file, follow: false, maxBytes: 1 << 20 });

/** A route on the real file system, with a clock the test moves and a mount table it chooses. */
function setup(table = '1 0 8:1 / / rw - ext4 /dev/x rw') {
  const root = tempDir('gatehouse-inline-');
  const clock = { now: 1000 };
  const route = new InlineRoute(
    new LocalFolders(
      () => table,
      () => clock.now,
    ),
    () => clock.now,
  );
  /** What a worker would answer, computed here; the route learns from it as from a worker. */
  const viaWorker = (req: WorkerRequest) => {
    if (req.op === 'walk') throw new Error('not a cheap request');
    route.learn(root, req, { real: fs.realpathSync(req.path) });
  };
  return { root, clock, route, viaWorker };
}

describe('the inline route', () => {
  it('sends the first call in a folder to a worker, then serves the folder inline', () => {
    const { root, route, viaWorker } = setup();
    const file = writeFile(path.join(root, 'a', 'b.txt'), 'hello');
    expect(route.run(root, read(file))).toBeNull();
    viaWorker(read(file));
    const answer = route.run(root, read(file));
    expect(answer).not.toBeNull();
    const ok = (answer as { ok: { real: string; length: number; bytes: ArrayBuffer } }).ok;
    expect(ok.real).toBe(file);
    expect(Buffer.from(ok.bytes, 0, ok.length).toString()).toBe('hello');
    // The folder itself may be listed inline too; its parent has not been seen yet.
    expect(route.run(root, { op: 'list', path: path.join(root, 'a'), sizes: false })).toMatchObject({
      ok: { names: ['b.txt'] },
    });
    expect(route.run(root, { op: 'list', path: root, sizes: false })).toBeNull();
  });

  it('answers a missing file inline with the error a worker would give', () => {
    const { root, route, viaWorker } = setup();
    const file = writeFile(path.join(root, 'x.txt'), 'x');
    viaWorker(read(file));
    expect(route.run(root, read(path.join(root, 'gone.txt')))).toMatchObject({ error: { code: 'ENOENT' } });
  });

  it('never vouches for a folder reached through a link', () => {
    const { root, route, viaWorker } = setup();
    const file = writeFile(path.join(root, 'real', 'f.txt'), 'x');
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'));
    const throughLink = read(path.join(root, 'link', 'f.txt'));
    viaWorker(throughLink);
    expect(route.run(root, throughLink)).toBeNull();
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('forgets a folder that became a link, on the first inline call that sees it', () => {
    const { root, route, viaWorker } = setup();
    writeFile(path.join(root, 'd', 'f.txt'), 'old');
    writeFile(path.join(root, 'elsewhere', 'f.txt'), 'new');
    viaWorker(read(path.join(root, 'd', 'f.txt')));
    fs.renameSync(path.join(root, 'd'), path.join(root, 'd-old'));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'd'));
    // Served, but with the real place it reached: the sandbox's check refuses what lies outside the roots.
    const answer = route.run(root, read(path.join(root, 'd', 'f.txt'))) as { ok: { real: string } };
    expect(answer.ok.real).toBe(path.join(root, 'elsewhere', 'f.txt'));
    expect(route.run(root, read(path.join(root, 'd', 'f.txt')))).toBeNull();
  });

  it('hands a stat of a link to a worker instead of following it', () => {
    const { root, route, viaWorker } = setup();
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    fs.symlinkSync(file, path.join(root, 'l.txt'));
    viaWorker(read(file));
    expect(route.run(root, { op: 'stat', path: file })).toMatchObject({ ok: { facts: { kind: 'file' } } });
    expect(route.run(root, { op: 'stat', path: path.join(root, 'l.txt') })).toBeNull();
  });

  it('stays off while a change runs, and forgets every folder after it', () => {
    const { root, route, viaWorker } = setup();
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    viaWorker(read(file));
    const end = route.beginChange();
    expect(route.run(root, read(file))).toBeNull();
    end();
    expect(route.run(root, read(file))).toBeNull();
    viaWorker(read(file));
    expect(route.run(root, read(file))).not.toBeNull();
  });

  it('asks a worker again when a folder has not been seen for a while', () => {
    const { root, clock, route, viaWorker } = setup();
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    viaWorker(read(file));
    clock.now += 2900;
    // Each call that finds the folder's path still free of links counts as seeing it again.
    expect(route.run(root, read(file))).not.toBeNull();
    clock.now += 2900;
    expect(route.run(root, read(file))).not.toBeNull();
    clock.now += 3100;
    expect(route.run(root, read(file))).toBeNull();
  });

  it('never serves a root on a network or FUSE file system inline', () => {
    const { root, route, viaWorker } = setup(`1 0 8:1 / / rw - fuse.rclone drive rw`);
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    viaWorker(read(file));
    expect(route.run(root, read(file))).toBeNull();
  });

  it('never runs walks or reads that follow a final link inline', () => {
    const { root, route, viaWorker } = setup();
    const file = writeFile(path.join(root, 'f.txt'), 'x');
    viaWorker(read(file));
    expect(route.run(root, { ...read(file), follow: true })).toBeNull();
  });
});
