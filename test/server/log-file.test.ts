import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, LogFileTransport } from '../../server/log-file.js';
import { tempDir } from '../helpers/temp.js';

const MESSAGE = Symbol.for('message');

function write(transport: LogFileTransport, text: string): void {
  transport.log({ [MESSAGE]: text }, () => {});
}

describe('LogFileTransport', () => {
  it('writes lines in batches, in order, with mode 0600', () => {
    const file = path.join(tempDir(), 'logs', 'server.log');
    const transport = new LogFileTransport({ filename: file, maxBytes: 1 << 20, maxFiles: 3, flushMs: 1000 });
    for (let i = 0; i < 100; i += 1) write(transport, `{"n":${i}}`);
    expect(fs.existsSync(file)).toBe(false);
    transport.flush();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).n)).toEqual([...Array(100).keys()]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    transport.close();
  });

  it('writes a full batch at once, without waiting for its timer, and keeps multi-byte lines whole', () => {
    const file = path.join(tempDir(), 'server.log');
    const transport = new LogFileTransport({ filename: file, maxBytes: 1 << 30, maxFiles: 2, flushMs: 60_000 });
    // Three bytes per character in UTF-8: a bound on the batch computed in UTF-16 units would overflow it.
    const line = (i: number) => `{"n":${i},"text":"${'€'.repeat(500)}"}`;
    const count = Math.ceil((3 * BATCH_BYTES) / Buffer.byteLength(line(0)));
    for (let i = 0; i < count; i += 1) write(transport, line(i));
    const early = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
    expect(early.length).toBeGreaterThan(count / 2);
    expect(early.length).toBeLessThan(count);
    transport.close();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual(Array.from({ length: count }, (_, i) => line(i)));
  });

  it('writes a line larger than the batch on its own, after the lines queued before it', () => {
    const file = path.join(tempDir(), 'server.log');
    const transport = new LogFileTransport({ filename: file, maxBytes: 1 << 30, maxFiles: 2, flushMs: 60_000 });
    const huge = 'h'.repeat(BATCH_BYTES * 2);
    write(transport, 'before');
    write(transport, huge);
    write(transport, 'after');
    expect(fs.readFileSync(file, 'utf8')).toBe(`before\n${huge}\n`);
    transport.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(`before\n${huge}\nafter\n`);
  });

  it("rotates by size with winston's tailable names and keeps maxFiles files", () => {
    const dir = tempDir();
    const file = path.join(dir, 'server.log');
    const transport = new LogFileTransport({ filename: file, maxBytes: 100, maxFiles: 3 });
    for (let round = 0; round < 5; round += 1) {
      write(transport, `round-${round}-${'x'.repeat(100)}`);
      transport.flush();
    }
    write(transport, 'newest');
    transport.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['server.log', 'server1.log', 'server2.log']);
    expect(fs.readFileSync(file, 'utf8')).toBe('newest\n');
    expect(fs.readFileSync(path.join(dir, 'server1.log'), 'utf8')).toMatch(/^round-4/);
    expect(fs.readFileSync(path.join(dir, 'server2.log'), 'utf8')).toMatch(/^round-3/);
  });

  it('follows a rotation done by another server sharing the file instead of rotating again', () => {
    const dir = tempDir();
    const file = path.join(dir, 'server.log');
    const transport = new LogFileTransport({ filename: file, maxBytes: 50, maxFiles: 3 });
    write(transport, 'mine');
    transport.flush();
    fs.renameSync(file, path.join(dir, 'server1.log'));
    fs.writeFileSync(file, 'theirs\n');
    write(transport, 'y'.repeat(60));
    transport.flush();
    write(transport, 'after');
    transport.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('theirs\nafter\n');
    expect(fs.existsSync(path.join(dir, 'server2.log'))).toBe(false);
  });

  it('reports a folder it cannot write, drops the lines and keeps going', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'logs'), 'not a folder');
    const errors: Error[] = [];
    const transport = new LogFileTransport({
      filename: path.join(dir, 'logs', 'server.log'),
      maxBytes: 1000,
      maxFiles: 2,
      onError: (error) => errors.push(error),
    });
    write(transport, 'lost');
    expect(() => transport.flush()).not.toThrow();
    expect(errors).toHaveLength(1);
    transport.close();
  });
});
