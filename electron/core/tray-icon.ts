/**
 * Tray icons drawn in code: a filled, anti-aliased circle in the state's colour, as PNG bytes at 1x
 * and 2x, so the state colours need no image files. The PNG encoder also draws the app and macOS
 * template icons (scripts/make-icons.ts).
 */
import zlib from 'node:zlib';
import type { Rgb } from './tray-model.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A `size`x`size` RGBA PNG whose pixel (x, y) is `pixel(x, y)`: [r, g, b, a], each 0-255. */
export function encodePng(size: number, pixel: (x: number, y: number) => readonly number[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // RGBA
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then pixels
    for (let x = 0; x < size; x += 1) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A `size`x`size` RGBA PNG of a filled circle in `color`. */
export function circlePng(size: number, color: Rgb): Buffer {
  const center = size / 2;
  const radius = size / 2 - size / 16;
  return encodePng(size, (x, y) => {
    const distance = Math.hypot(x + 0.5 - center, y + 0.5 - center);
    const alpha = Math.max(0, Math.min(1, radius - distance + 0.5));
    return [color[0], color[1], color[2], Math.round(alpha * 255)];
  });
}
