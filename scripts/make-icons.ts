/**
 * Writes the icons drawn by electron/core/icon-art.ts into build/: the app icon (electron-builder makes
 * the .icns and .ico from build/icon.png) and the macOS tray template images. Run with `npm run icons`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ICON_FILES } from '../electron/core/icon-art.js';

const root = path.resolve(import.meta.dirname, '../..');
for (const [file, draw] of Object.entries(ICON_FILES)) {
  const target = path.join(root, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, draw());
  process.stdout.write(`${file}\n`);
}
