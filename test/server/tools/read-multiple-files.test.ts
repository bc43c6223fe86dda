import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataOf, leaks, startFiles, textOf } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

describe('read_multiple_files', () => {
  it('reads each file, and a failure of one does not fail the others', async () => {
    const f = await startFiles();
    const a = writeFile(path.join(f.root, 'a.txt'), 'alpha');
    const b = writeFile(path.join(f.root, 'b.txt'), 'beta');
    const missing = path.join(f.root, 'missing.txt');
    const result = await f.call('read_multiple_files', { paths: [a, f.secret, missing, b] });
    const data = dataOf<{ files: Array<Record<string, unknown>>; failed: number }>(result);
    expect(data.failed).toBe(2);
    expect(data.files.map((file) => (file.error as { code?: string } | undefined)?.code ?? 'ok')).toEqual([
      'ok',
      'ACCESS_DENIED',
      'NOT_FOUND',
      'ok',
    ]);
    expect(textOf(result)).toContain(`${a}:\nalpha\n`);
    expect(textOf(result)).toContain(`${b}:\nbeta\n`);
    expect(textOf(result)).toContain(`${missing}: Error - Not found`);
    expect(leaks(result)).toBe(false);
  });

  it('keeps the whole answer within maxReadBytes', async () => {
    const f = await startFiles({ policy: { limits: { maxReadBytes: 100 } } });
    const paths = [0, 1, 2].map((i) => writeFile(path.join(f.root, `${i}.txt`), 'x'.repeat(60)));
    const data = dataOf<{ files: Array<{ error?: { code: string } }>; failed: number }>(
      await f.call('read_multiple_files', { paths }),
    );
    expect(data.failed).toBeGreaterThanOrEqual(1);
    expect(data.files.some((file) => file.error?.code === 'TOO_LARGE')).toBe(true);
  });

  it('refuses an empty list', async () => {
    const f = await startFiles();
    expect(dataOf.bind(null, await f.call('read_multiple_files', { paths: [] }))).toThrow(/INVALID_INPUT/);
  });
});
