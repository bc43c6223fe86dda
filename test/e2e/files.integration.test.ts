import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/in-memory.js';
import { connectClient, type SpawnedClient } from '../helpers/spawn-server.js';
import { tempDir, writeFile } from '../helpers/temp.js';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function client(home: string, args: string[]): Promise<SpawnedClient> {
  const spawned = await connectClient(home, args);
  cleanups.push(() => spawned.close().catch(() => {}));
  return spawned;
}

const text = (result: Record<string, unknown>) => (result.content as Array<{ text: string }>)[0]!.text;

describe('the built server with file tools', () => {
  it('serves the reference tools on a positional DIR, with stdout carrying only JSON-RPC', async () => {
    const home = tempDir();
    const docs = tempDir();
    writeFile(path.join(docs, 'notes', 'todo.md'), '- ship it\n');
    const c = await client(home, [docs]);
    const call = (name: string, args: Record<string, unknown>) => c.client.callTool({ name, arguments: args });
    expect(text(await call('read_text_file', { path: path.join(docs, 'notes', 'todo.md') }))).toBe('- ship it\n');
    expect(text(await call('list_directory', { path: docs }))).toBe('[DIR] notes');
    await call('write_file', { path: path.join(docs, 'new.txt'), content: 'written' });
    expect(fs.readFileSync(path.join(docs, 'new.txt'), 'utf8')).toBe('written');
    expect(text(await call('search_files', { path: docs, pattern: '**/*.md' }))).toBe(
      path.join(docs, 'notes', 'todo.md'),
    );
    expect(errorOf(await call('read_text_file', { path: path.join(home, 'policy.json') }))?.code).toBe('ACCESS_DENIED');
    expect(c.errors).toEqual([]);
  });

  it('leaves the old or the new content when killed -9 in the middle of writes', async () => {
    const home = tempDir();
    const docs = tempDir();
    const file = path.join(docs, 'big.txt');
    const size = 4 << 20;
    const versions = new Set(['O', 'N', 'M']);
    fs.writeFileSync(file, 'O'.repeat(size));
    const outcomes = new Set<string>();
    // Kills at spread-out moments: some timed from the start, some once a first write has landed (so the
    // test sees the new content even on a machine too busy to finish a write within the fixed delays).
    for (const [index, delay] of [30, 150, 300, 500, 800, 1200].entries()) {
      const c = await client(home, [docs]);
      const writes = ['N', 'M', 'N'].map((letter) =>
        c.client
          .callTool({ name: 'write_file', arguments: { path: file, content: letter.repeat(size) } })
          .catch(() => {}),
      );
      if (index % 2 === 1) await writes[0];
      await new Promise((resolve) => setTimeout(resolve, index % 2 === 1 ? delay / 10 : delay));
      process.kill(c.pid!, 'SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const bytes = fs.readFileSync(file);
      const letter = String.fromCharCode(bytes[0]!);
      expect(bytes.length).toBe(size);
      expect(versions.has(letter)).toBe(true);
      expect(bytes.indexOf(letter === 'N' ? 'M' : 'N')).toBe(-1);
      expect(bytes.indexOf(letter === 'O' ? 'N' : 'O')).toBe(-1);
      outcomes.add(letter);
    }
    // Writes did land between the kills, and never as a mix of two versions.
    expect([...outcomes].some((letter) => letter !== 'O')).toBe(true);
  });
});
