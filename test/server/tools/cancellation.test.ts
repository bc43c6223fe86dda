import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFiles, type FileFixture } from '../../helpers/files.js';
import { waitFor, writeFile } from '../../helpers/temp.js';

async function bigTree(): Promise<FileFixture> {
  const f = await startFiles();
  for (let d = 0; d < 60; d += 1) {
    for (let i = 0; i < 60; i += 1)
      writeFile(path.join(f.root, `d${d}`, `s${i % 6}`, `f${i}.txt`), 'some text\n'.repeat(20));
  }
  return f;
}

const idle = (f: FileFixture) => () => {
  const { calls, workers } = f.harness.files.stats();
  return calls.running === 0 && workers.running === 0;
};

describe('cancellation of long file calls', () => {
  it('stops a content search promptly: the sandbox is idle long before the search would end', async () => {
    const f = await bigTree();
    const args = { path: f.root, query: 'needle-that-is-nowhere' };
    await f.call('search_file_contents', args);
    let started = Date.now();
    await f.call('search_file_contents', args);
    const whole = Date.now() - started;
    await waitFor(idle(f));
    const controller = new AbortController();
    const call = f.harness.client.callTool({ name: 'search_file_contents', arguments: args }, undefined, {
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    started = Date.now();
    await expect(call).rejects.toThrow();
    await waitFor(idle(f), 5000, 'the sandbox to go idle');
    expect(Date.now() - started, `a whole search takes ${whole} ms`).toBeLessThan(whole * 0.6);
  });

  it.each([
    ['directory_tree', (root: string) => ({ path: root })],
    ['search_files', (root: string) => ({ path: root, pattern: '**/nothing' })],
  ])('%s answers a cancelled walk and frees its worker', async (tool, args) => {
    const f = await bigTree();
    const controller = new AbortController();
    const call = f.harness.client.callTool({ name: tool, arguments: args(f.root) }, undefined, {
      signal: controller.signal,
    });
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor(idle(f), 3000, 'the sandbox to go idle');
  });
});
