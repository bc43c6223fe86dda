import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_FILES, appIconPng, trayTemplatePng } from '../../../electron/core/icon-art.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Decodes the PNGs encodePng writes (8-bit RGBA, filter 0): width and the RGBA bytes. */
function decode(png: Buffer): { size: number; pixels: Buffer } {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  const size = png.readUInt32BE(16);
  let offset = 8;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('ascii');
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) raw.copy(pixels, y * size * 4, y * (size * 4 + 1) + 1, (y + 1) * (size * 4 + 1));
  return { size, pixels };
}

describe('the icon files', () => {
  it.each(Object.entries(ICON_FILES))('%s is committed exactly as drawn (npm run icons)', (file, draw) => {
    expect(fs.readFileSync(path.join(root, file)).equals(draw())).toBe(true);
  });
});

describe('trayTemplatePng()', () => {
  it('is black with alpha only, as macOS template images must be, and shows a shape', () => {
    const { size, pixels } = decode(trayTemplatePng(32));
    expect(size).toBe(32);
    let opaque = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0]);
      if (pixels[i + 3] === 255) opaque += 1;
    }
    // The gate covers a good part of the square, and not all of it (the doorway is open).
    expect(opaque).toBeGreaterThan(32 * 32 * 0.2);
    expect(opaque).toBeLessThan(32 * 32 * 0.8);
  });
});

describe('appIconPng()', () => {
  it('has transparent corners (a rounded tile inset on the icon grid) and a white gate in the middle', () => {
    const { size, pixels } = decode(appIconPng(128));
    const at = (x: number, y: number) => [...pixels.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)];
    expect(at(0, 0)[3]).toBe(0);
    expect(at(size - 1, size - 1)[3]).toBe(0);
    // A pillar of the gate: the left one sits at about x = 0.2 + 0.6 * 0.28 of the icon.
    expect(at(Math.round(size * 0.37), Math.round(size * 0.6))).toEqual([255, 255, 255, 255]);
    // The doorway shows the tile colour.
    expect(at(size / 2, Math.round(size * 0.62))[3]).toBe(255);
    expect(at(size / 2, Math.round(size * 0.62))[0]).toBeLessThan(100);
  });
});
