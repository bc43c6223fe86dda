import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, slowOpensWorker, startFiles, symlink, textOf } from '../../helpers/files.js';
import { tempDir, waitFor, writeFile } from '../../helpers/temp.js';

/** Opens of "stall" paths hang for 4 s; opening a "slowdir" folder takes 300 ms. */
const STALLING_SOURCE = slowOpensWorker("p.includes('stall')", 4000);
const SLOW_FOLDER_SOURCE = slowOpensWorker("p.endsWith('slowdir')", 300);
const SLOWER_FOLDER_SOURCE = slowOpensWorker("p.endsWith('slowdir')", 1000);
/** Every text file takes 5 ms to open, as on a slow network drive. */
const SLOW_FILES_SOURCE = slowOpensWorker("p.endsWith('.txt')", 5);
/** Opening slow.txt takes 300 ms; every folder named d<digits> takes 3 ms. */
const SLOW_READ_SOURCE = slowOpensWorker("p.endsWith('slow.txt')", 300);
const SLOW_FOLDERS_SOURCE = slowOpensWorker('/\\/d\\d+$/.test(p)', 3);

// Where a temp folder here stands for a network drive, on which no call runs inline, the inline route is off.
describe('the fs workers', () => {
  it('end a stalled read with TIMEOUT while reads in another root keep being served', async () => {
    const nas = tempDir('gatehouse-nas-');
    const f = await startFiles({
      policy: { roots: [{ path: nas, access: 'read' }] },
      files: { inline: false, workers: { source: STALLING_SOURCE, timeoutMs: 2500, stallMs: 50 } },
    });
    const stalled = writeFile(path.join(nas, 'stall.txt'), 'slow');
    const fine = writeFile(path.join(f.root, 'fine.txt'), 'fast');
    const slow = f.call('read_text_file', { path: stalled });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    for (let i = 0; i < 5; i += 1) expect(textOf(await f.call('read_text_file', { path: fine }))).toBe('fast');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(codeOf(await slow)).toBe('TIMEOUT');
    expect(f.harness.files.stats().workers).toMatchObject({ stalled: 1 });
  });

  it('serve reads again once a stalled worker recovers', async () => {
    const f = await startFiles({
      files: { inline: false, workers: { source: STALLING_SOURCE, timeoutMs: 300, stallMs: 50, maxWorkers: 1 } },
    });
    const stalled = writeFile(path.join(f.root, 'stall.txt'), 'slow');
    const fine = writeFile(path.join(f.root, 'fine.txt'), 'fast');
    const slow = f.call('read_text_file', { path: stalled });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // With its only worker stalled, a read waits and ends with TIMEOUT instead of hanging.
    expect(codeOf(await f.call('read_text_file', { path: fine }))).toBe('TIMEOUT');
    expect(codeOf(await slow)).toBe('TIMEOUT');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(textOf(await f.call('read_text_file', { path: fine }))).toBe('fast');
  });

  it('let a content search that keeps making progress run past the deadline, and end a stalled one', async () => {
    const f = await startFiles({
      files: { inline: false, workers: { source: SLOW_FILES_SOURCE, timeoutMs: 800, stallMs: 5000 } },
    });
    // 300 folders of one file: about 1.5 s of opens, with progress every 100 folders.
    for (let i = 0; i < 300; i += 1) writeFile(path.join(f.root, `d${String(i).padStart(3, '0')}`, 'f.txt'), `n${i}\n`);
    const started = Date.now();
    const result = await f.call('search_file_contents', { path: f.root, query: 'n299', caseSensitive: true });
    expect(codeOf(result)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThan(800);
    expect(textOf(result)).toContain('d299/f.txt:1: n299');

    const g = await startFiles({
      files: { inline: false, workers: { source: STALLING_SOURCE, timeoutMs: 800, stallMs: 50 } },
    });
    writeFile(path.join(g.root, 'a', 'stall.txt'), 'n1');
    expect(codeOf(await g.call('search_file_contents', { path: g.root, query: 'n1' }))).toBe('TIMEOUT');
  });

  it('run no more walks at once than maxWalks; the others wait their turn and finish', async () => {
    const f = await startFiles({
      files: { inline: false, workers: { source: SLOW_FOLDER_SOURCE, maxWalks: 1, stallMs: 5000, timeoutMs: 10_000 } },
    });
    writeFile(path.join(f.root, 'slowdir', 'a.txt'), 'a');
    const started = Date.now();
    const walks = [f.call('directory_tree', { path: f.root }), f.call('directory_tree', { path: f.root })];
    let waited = false;
    const poll = setInterval(() => (waited ||= f.harness.files.stats().workers.waiting > 0), 20);
    const results = await Promise.all(walks).finally(() => clearInterval(poll));
    for (const result of results) expect(textOf(result)).toContain('"name": "slowdir"');
    // Each walk spends 300 ms opening slowdir: one after the other, not side by side.
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(waited).toBe(true);
  });

  it('start no spare worker for walks that are making progress; a call that finds them all walking starts one', async () => {
    const f = await startFiles({
      files: {
        inline: false,
        workers: { source: SLOWER_FOLDER_SOURCE, maxWalks: 2, maxWorkers: 4, stallMs: 5000, timeoutMs: 10_000 },
      },
    });
    writeFile(path.join(f.root, 'slowdir', 'a.txt'), 'a');
    const fine = writeFile(path.join(f.root, 'elsewhere', 'fine.txt'), 'fast');
    const walks = [f.call('directory_tree', { path: f.root }), f.call('directory_tree', { path: f.root })];
    let most = 0;
    const poll = setInterval(() => (most = Math.max(most, f.harness.files.stats().workers.workers)), 10);
    // Both walks spend 1 s opening slowdir; the watchdog (every 250 ms here) looks at the workers meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(f.harness.files.stats().workers).toMatchObject({ workers: 2, stalled: 0 });
    expect(textOf(await f.call('read_text_file', { path: fine }))).toBe('fast');
    const results = await Promise.all(walks).finally(() => clearInterval(poll));
    for (const result of results) expect(textOf(result)).toContain('"name": "slowdir"');
    expect(most).toBe(3);
  });

  it('let a walk wait for a worker busy with a cheap call rather than start one more beside it', async () => {
    const f = await startFiles({
      files: { workers: { source: SLOW_READ_SOURCE, maxWalks: 1, maxWorkers: 4, stallMs: 5000, timeoutMs: 10_000 } },
    });
    writeFile(path.join(f.root, 'folder', 'slow.txt'), 'slow');
    // Read through a link, the read goes to a worker; the walk's own stat of its start runs inline
    // (inline.ts), so the walk reaches the pool while the read still holds the one worker.
    symlink(path.join(f.root, 'folder'), path.join(f.root, 'via'));
    const slow = path.join(f.root, 'via', 'slow.txt');
    writeFile(path.join(f.root, 'tree', 'a.txt'), 'a');
    let most = 0;
    const poll = setInterval(() => (most = Math.max(most, f.harness.files.stats().workers.workers)), 10);
    const read = f.call('read_text_file', { path: slow });
    await waitFor(() => f.harness.files.stats().workers.running === 1, 2000, 'the read to reach a worker');
    const walk = f.call('directory_tree', { path: path.join(f.root, 'tree') });
    const [readResult, walkResult] = await Promise.all([read, walk]).finally(() => clearInterval(poll));
    expect(textOf(readResult)).toBe('slow');
    expect(textOf(walkResult)).toContain('"name": "a.txt"');
    expect(most).toBe(1);
  });

  it('take a long walk that keeps sending batches for a working one, not a stalled one', async () => {
    const f = await startFiles({
      files: { workers: { source: SLOW_FOLDERS_SOURCE, maxWalks: 1, maxWorkers: 4, stallMs: 450, timeoutMs: 10_000 } },
    });
    // 300 folders at 3 ms each: about a second, with a batch every 100 folders (~300 ms).
    for (let i = 0; i < 300; i += 1) writeFile(path.join(f.root, `d${i}`, 'f.txt'), '');
    let most = 0;
    const poll = setInterval(() => (most = Math.max(most, f.harness.files.stats().workers.workers)), 10);
    const first = f.call('search_files', { path: f.root, pattern: '**/f.txt' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Past stallMs: were the first walk taken for stalled, this one would start a second worker.
    const second = f.call('search_files', { path: f.root, pattern: '**/f.txt' });
    const results = await Promise.all([first, second]).finally(() => clearInterval(poll));
    for (const result of results) expect(textOf(result).split('\n')).toHaveLength(300);
    expect(most).toBe(1);
  });

  it('end after idleMs with nothing to do, never in the middle of a walk, and start again when needed', async () => {
    const f = await startFiles({
      files: {
        inline: false,
        workers: { source: SLOWER_FOLDER_SOURCE, idleMs: 500, stallMs: 5000, timeoutMs: 10_000 },
      },
    });
    writeFile(path.join(f.root, 'slowdir', 'a.txt'), 'a');
    writeFile(path.join(f.root, 'quick', 'b.txt'), 'b');
    // A quick walk leaves its worker idle; the next walk takes it and spends 1 s opening slowdir, twice
    // idleMs, while the idle check comes due: a busy worker must not be taken for idle.
    expect(textOf(await f.call('directory_tree', { path: path.join(f.root, 'quick') }))).toContain('"name": "b.txt"');
    expect(textOf(await f.call('directory_tree', { path: f.root }))).toContain('"name": "a.txt"');
    expect(f.harness.files.stats().workers.workers).toBe(1);
    await waitFor(() => f.harness.files.stats().workers.workers === 0, 3000, 'the idle worker to end');
    expect(textOf(await f.call('directory_tree', { path: f.root }))).toContain('"name": "a.txt"');
    expect(f.harness.files.stats().workers.workers).toBe(1);
  });

  it('end the extra workers of a burst after spareIdleMs, and keep the last one for idleMs', async () => {
    const f = await startFiles({
      files: {
        workers: {
          source: SLOWER_FOLDER_SOURCE,
          maxWalks: 2,
          idleMs: 60_000,
          spareIdleMs: 300,
          stallMs: 5000,
          timeoutMs: 10_000,
        },
      },
    });
    writeFile(path.join(f.root, 'slowdir', 'a.txt'), 'a');
    // Two walks side by side (each spends 1 s opening slowdir) take a worker each.
    const walks = [f.call('directory_tree', { path: f.root }), f.call('directory_tree', { path: f.root })];
    await waitFor(() => f.harness.files.stats().workers.workers === 2, 2000, 'a worker for each walk');
    for (const result of await Promise.all(walks)) expect(textOf(result)).toContain('"name": "a.txt"');
    await waitFor(() => f.harness.files.stats().workers.workers === 1, 3000, 'the extra worker to end');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(f.harness.files.stats().workers.workers).toBe(1);
  });
});
