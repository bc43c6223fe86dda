/**
 * Where the packaged app keeps what runs outside Electron's asar archive, and the same places in a
 * checkout. electron-builder.yml ships `dist/server/**`, `node_modules/**` and `package.json` unpacked
 * (asarUnpack), so `<resources>/app.asar.unpacked/dist/server/main.js` is a real file that the app's
 * executable runs as plain Node (ELECTRON_RUN_AS_NODE=1), as Claude Desktop launches it. The tray's
 * icon files are shipped as extraResources in `<resources>/icons`.
 */
import path from 'node:path';

/** The asar archive's name, and the folder beside it that holds its unpacked files. */
const ASAR = 'app.asar';

/**
 * The real-file path of a file that Electron shows inside app.asar: the same path under
 * app.asar.unpacked. A path outside any archive (a checkout) is returned as it is.
 */
export function unpackedPath(file: string, sep: string = path.sep): string {
  const parts = file.split(sep);
  const at = parts.indexOf(ASAR);
  if (at === -1) return file;
  parts[at] = `${ASAR}.unpacked`;
  return parts.join(sep);
}

/** Where the tray's icon files are: `<resources>/icons` when packaged, `build/icons` in a checkout. */
export function trayIconDir(options: { packaged: boolean; resourcesPath: string; appRoot: string }): string {
  return options.packaged ? path.join(options.resourcesPath, 'icons') : path.join(options.appRoot, 'build', 'icons');
}
