/**
 * MIME types from content: the first bytes of a file decide, the name only where the bytes say
 * nothing (a renamed `.png` that is really a GIF is served as a GIF).
 */

const ascii = (bytes: Uint8Array, start: number, text: string) =>
  bytes.length >= start + text.length && [...text].every((c, i) => bytes[start + i] === c.charCodeAt(0));

const ISO_BRANDS: Readonly<Record<string, string>> = {
  avif: 'image/avif',
  avis: 'image/avif',
  heic: 'image/heic',
  heix: 'image/heic',
  mif1: 'image/heif',
  'M4A ': 'audio/mp4',
  'M4B ': 'audio/mp4',
  'M4V ': 'video/mp4',
  isom: 'video/mp4',
  mp41: 'video/mp4',
  mp42: 'video/mp4',
  qt: 'video/quicktime',
};

/** The reference server's table, for files whose bytes carry no signature (SVG without a header). */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
};

/** The MIME type a file's first bytes announce, or undefined. */
export function sniffMime(bytes: Uint8Array): string | undefined {
  const b = bytes;
  if (ascii(b, 0, '\x89PNG\r\n\x1a\n')) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'image/gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return 'audio/wav';
  if (ascii(b, 0, 'BM') && b.length > 18 && [12, 40, 52, 56, 64, 108, 124].includes(b[14]!)) return 'image/bmp';
  if (ascii(b, 0, 'II*\0') || ascii(b, 0, 'MM\0*')) return 'image/tiff';
  if (b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 && b.length > 6 && b[4]! > 0) return 'image/x-icon';
  if (ascii(b, 4, 'ftyp')) return ISO_BRANDS[String.fromCharCode(...b.subarray(8, 12)).replace(/\0+$/, '')];
  if (ascii(b, 0, 'ID3')) return 'audio/mpeg';
  if (b[0] === 0xff && b[1] !== undefined && (b[1] & 0xf6) === 0xf0) return 'audio/aac';
  // 0xFF 0xFE is a UTF-16 byte-order mark, not an MPEG frame.
  if (b[0] === 0xff && b[1] !== undefined && b[1] < 0xfe && (b[1] & 0xe0) === 0xe0) return 'audio/mpeg';
  if (ascii(b, 0, 'OggS')) return 'audio/ogg';
  if (ascii(b, 0, 'fLaC')) return 'audio/flac';
  if (ascii(b, 0, 'MThd')) return 'audio/midi';
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm';
  if (ascii(b, 0, '%PDF-')) return 'application/pdf';
  if (ascii(b, 0, 'PK\x03\x04')) return 'application/zip';
  const head = Buffer.from(b.subarray(0, 1024))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

/** The MIME type of a file: from its bytes, else from its name, else application/octet-stream. */
export function mimeTypeOf(bytes: Uint8Array, name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot === -1 ? '' : name.slice(dot).toLowerCase();
  return sniffMime(bytes) ?? BY_EXTENSION[extension] ?? 'application/octet-stream';
}
