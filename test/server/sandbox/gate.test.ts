import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FsCalls } from '../../../server/sandbox/fs-calls.js';
import { FsGate } from '../../../server/sandbox/gate.js';
import { tempDir } from '../../helpers/temp.js';

const gates: FsGate[] = [];
const fifos: string[] = [];
afterEach(() => {
  // Release every open still blocked on a FIFO, so libuv's threads come back.
  for (const fifo of fifos.splice(0)) {
    for (let i = 0; i < 8; i += 1) {
      try {
        fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        break;
      }
    }
  }
  for (const gate of gates.splice(0)) gate.close();
});

function gateWith(options: Partial<ConstructorParameters<typeof FsGate>[0]> = {}) {
  const gate = new FsGate({ maxInFlight: 4, maxPerLane: 3, timeoutMs: 300, ...options });
  gates.push(gate);
  return { gate, calls: new FsCalls(gate) };
}

/** A FIFO: opening it for reading without O_NONBLOCK blocks a thread until a writer comes. */
function stallingPath(): string {
  const fifo = path.join(tempDir(), 'stall');
  execFileSync('mkfifo', [fifo]);
  fifos.push(fifo);
  return fifo;
}

describe('FsGate', () => {
  it('ends a stalled call with TIMEOUT and keeps answering', async () => {
    const { calls } = gateWith();
    const stalled = calls.open('nas', stallingPath(), fs.constants.O_RDONLY);
    await expect(stalled).rejects.toMatchObject({ code: 'TIMEOUT', category: 'external_error' });
    await expect(calls.stat('local', tempDir())).resolves.toBeDefined();
  });

  it('keeps a stalled root from starving the others: its lane holds at most maxPerLane threads', async () => {
    const { gate, calls } = gateWith({ maxInFlight: 4, maxPerLane: 2, timeoutMs: 400 });
    const fifo = stallingPath();
    const stalled = [0, 1, 2, 3].map(() => calls.open('nas', fifo, fs.constants.O_RDONLY).catch((e: unknown) => e));
    // Two run and block; two wait behind the lane's limit. Another root still gets a thread.
    expect(gate.stats()).toMatchObject({ running: 2, waiting: 2 });
    const started = Date.now();
    await calls.stat('local', tempDir());
    expect(Date.now() - started).toBeLessThan(300);
    const outcomes = await Promise.all(stalled);
    expect(outcomes.every((e) => (e as { code?: string }).code === 'TIMEOUT')).toBe(true);
  });

  it('closes an fd that arrives after its TIMEOUT', async () => {
    const { gate, calls } = gateWith({ timeoutMs: 100 });
    const fifo = stallingPath();
    await expect(calls.open('nas', fifo, fs.constants.O_RDONLY)).rejects.toMatchObject({ code: 'TIMEOUT' });
    const before = fs.readdirSync('/proc/self/fd').length;
    const writer = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    fs.closeSync(writer);
    fifos.splice(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gate.stats().running).toBe(0);
    expect(fs.readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before);
  });
});
