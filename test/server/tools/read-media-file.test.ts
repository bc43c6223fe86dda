import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, dataOf, startFiles } from '../../helpers/files.js';
import { writeFile } from '../../helpers/temp.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')]);

describe('read_media_file', () => {
  it('returns an image as base64 with its MIME type, and no data in structuredContent', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'dot.png'), PNG);
    const result = await f.call('read_media_file', { path: file });
    expect(result.content).toEqual([{ type: 'image', data: PNG.toString('base64'), mimeType: 'image/png' }]);
    expect(result.structuredContent).toEqual({ path: file, mimeType: 'image/png', size: PNG.length });
  });

  it('types a file by its content, not its name', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'photo.png'), GIF);
    expect(dataOf(await f.call('read_media_file', { path: file })).mimeType).toBe('image/gif');
    const named = writeFile(path.join(f.root, 'notes.txt'), PNG);
    expect(dataOf(await f.call('read_media_file', { path: named })).mimeType).toBe('image/png');
  });

  it('returns audio as an audio block', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'beep.bin'), WAV);
    const result = await f.call('read_media_file', { path: file });
    expect(result.content).toEqual([{ type: 'audio', data: WAV.toString('base64'), mimeType: 'audio/wav' }]);
  });

  it('returns another binary as an embedded resource', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'doc.pdf'), Buffer.from('%PDF-1.7\n%\xff\xff'));
    const [block] = (await f.call('read_media_file', { path: file })).content as Array<Record<string, unknown>>;
    expect(block).toMatchObject({ type: 'resource', resource: { mimeType: 'application/pdf', uri: `file://${file}` } });
  });

  it('refuses a file over maxReadBytes', async () => {
    const f = await startFiles({ policy: { limits: { maxReadBytes: 16 } } });
    const file = writeFile(path.join(f.root, 'big.png'), Buffer.concat([PNG, Buffer.alloc(64)]));
    expect(codeOf(await f.call('read_media_file', { path: file }))).toBe('TOO_LARGE');
  });
});
