import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAP_FLAGS, growthFactorFor } from '../../server/heap.js';

/**
 * A workload with ~30 MB live that keeps promoting garbage to the old generation, as a server under load
 * does: it prints the largest old space it saw, in MB.
 */
const CHURN = `
import v8 from 'node:v8';
if (process.argv[1]) v8.setFlagsFromString(process.argv[1]);
const oldSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size;
const ring = new Array(200_000);
let most = 0;
for (let i = 0; i < 4_000_000; i += 1) {
  ring[i % ring.length] = { id: i, name: 'entry-' + i, tags: [i, i + 1] };
  if (i % 10_000 === 0) most = Math.max(most, oldSpace());
}
process.stdout.write(String(most / 1048576));
`;

function mostOldSpaceMb(flags: string): number {
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', CHURN, flags], { encoding: 'utf8' }));
}

describe('the heap tuning', () => {
  it('keeps the old generation near its live size while garbage is promoted', () => {
    const untuned = mostOldSpaceMb('');
    const tuned = mostOldSpaceMb(HEAP_FLAGS);
    // V8's own growth reached ~2x the tuned size on Node 20; a flag V8 ignored would show equal sizes.
    expect(tuned).toBeLessThan(untuned * 0.75);
  });
});

/**
 * A workload whose young generation V8 grows to its 16 MB maximum: objects that survive a collection or
 * two, as a server's calls in flight do, made in short tasks with a turn of the event loop between (the
 * governor looks after each collection between turns, as in the server). It loads the BUILT heap module
 * (npm test builds first), starts the governor unless told not to, then starts `workers` worker threads
 * one after another while it goes on working: V8 raises the growth factor while it sets up each one's
 * heap. It prints the largest semi-space it saw, in MB.
 */
const YOUNG = `
import { Worker } from 'node:worker_threads';
const heap = await import(process.argv[1]);
const [govern, workers] = [process.argv[2] === 'govern', Number(process.argv[3])];
if (govern) heap.governYoungGeneration(8);
let most = 0;
let keep = [];
const task = () => {
  for (let i = 0; i < 2_000; i += 1) {
    keep.push({ i, name: 'entry-' + i });
    if (keep.length > 20_000) keep = [];
  }
  most = Math.max(most, heap.semiSpaceMb());
};
const turn = () => new Promise((resolve) => setImmediate(resolve));
for (let round = 0; round < 2_000; round += 1) {
  task();
  await turn();
}
for (let started = 0; started < workers; started += 1) {
  const worker = new Worker('setTimeout(() => {}, 20)', { eval: true });
  if (govern) heap.guardWorkerStart(worker);
  let running = true;
  worker.once('exit', () => (running = false));
  while (running) {
    task();
    await turn();
  }
}
process.stdout.write(String(most));
`;

const BUILT_HEAP = path.resolve(import.meta.dirname, '../../dist/server/heap.js');

function mostSemiSpaceMb(govern: boolean, workers = 0): number {
  const args = ['--input-type=module', '-e', YOUNG, BUILT_HEAP, govern ? 'govern' : 'free', String(workers)];
  return Number(execFileSync(process.execPath, args, { encoding: 'utf8' }));
}

describe('the young generation governor', () => {
  it('picks the growth factor that lands on the cap, and 1 there', () => {
    expect(growthFactorFor(1, 8)).toBe(8);
    expect(growthFactorFor(2, 8)).toBe(4);
    expect(growthFactorFor(3, 8)).toBe(2);
    expect(growthFactorFor(8, 8)).toBe(1);
    expect(growthFactorFor(16, 8)).toBe(1);
    expect(growthFactorFor(0, 8)).toBe(8);
  });

  it('keeps the semi-spaces at the cap, also while worker threads start under load', () => {
    // Without it V8 doubles them to 16 MB on Node 20; a governor that did nothing would show 16.
    expect(mostSemiSpaceMb(false)).toBeGreaterThan(8);
    expect(mostSemiSpaceMb(true)).toBeLessThanOrEqual(8);
    // Setting the flags again only on each worker's 'online' let them double in 6 of 10 runs like this one.
    expect(mostSemiSpaceMb(true, 5)).toBeLessThanOrEqual(8);
  });
});
