import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { slowOpensWorker, startFiles, type FileFixture } from '../../helpers/files.js';
import { waitFor, writeFile } from '../../helpers/temp.js';

/** Opening a .txt file takes 5 ms (a slow network drive). */
const SLOW_SOURCE = slowOpensWorker("p.endsWith('.txt')", 5);

async function bigTree(options: Parameters<typeof startFiles>[0] = {}): Promise<FileFixture> {
  const f = await startFiles(options);
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
  it('stops a content search promptly: the sandbox goes idle long before the search would end', async () => {
    // 3,600 files at 5 ms each: a whole search takes seconds, whatever the load.
    const f = await bigTree({ files: { workers: { source: SLOW_SOURCE } } });
    const controller = new AbortController();
    const call = f.harness.client.callTool(
      { name: 'search_file_contents', arguments: { path: f.root, query: 'needle-that-is-nowhere' } },
      undefined,
      { signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    const aborted = Date.now();
    await expect(call).rejects.toThrow();
    await waitFor(idle(f), 10_000, 'the sandbox to go idle');
    expect(Date.now() - aborted).toBeLessThan(2000);
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
