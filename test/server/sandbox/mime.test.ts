import { describe, expect, it } from 'vitest';
import { mimeTypeOf } from '../../../server/sandbox/mime.js';

const hex = (text: string) => Buffer.from(text, 'hex');

describe('mimeTypeOf()', () => {
  it.each([
    ['PNG', hex('89504e470d0a1a0a'), 'x.bin', 'image/png'],
    ['JPEG', hex('ffd8ffe000104a46'), 'x', 'image/jpeg'],
    ['GIF', Buffer.from('GIF89a'), 'x.png', 'image/gif'],
    ['WebP', Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'x', 'image/webp'],
    ['WAV', Buffer.from('RIFF\0\0\0\0WAVEfmt '), 'x', 'audio/wav'],
    ['MP3 with ID3', Buffer.from('ID3\x03\0\0'), 'x', 'audio/mpeg'],
    ['MP3 frame', hex('fffb9064'), 'x', 'audio/mpeg'],
    ['OGG', Buffer.from('OggS\0\x02'), 'x', 'audio/ogg'],
    ['FLAC', Buffer.from('fLaC\0\0'), 'x', 'audio/flac'],
    ['AVIF', Buffer.from('\0\0\0\x1cftypavif'), 'x', 'image/avif'],
    ['M4A', Buffer.from('\0\0\0\x20ftypM4A '), 'x', 'audio/mp4'],
    ['PDF', Buffer.from('%PDF-1.4'), 'x', 'application/pdf'],
    ['SVG with an XML header', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="x">'), 'x', 'image/svg+xml'],
    ['UTF-16 text is not MP3', hex('fffe4100'), 'x.txt', 'application/octet-stream'],
    ['unknown bytes, known name', Buffer.from('????'), 'song.flac', 'audio/flac'],
    ['unknown bytes and name', Buffer.from('????'), 'x.dat', 'application/octet-stream'],
  ])('%s', (_name, bytes, name, mime) => {
    expect(mimeTypeOf(bytes, name)).toBe(mime);
  });
});
