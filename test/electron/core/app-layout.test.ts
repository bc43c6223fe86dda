import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconDir, unpackedPath } from '../../../electron/core/app-layout.js';
import { bundledServerScript } from '../../../electron/core/server-launch.js';

describe('unpackedPath()', () => {
  it('moves a file inside app.asar to app.asar.unpacked (macOS layout)', () => {
    const inside = '/Applications/Gatehouse.app/Contents/Resources/app.asar/dist/server/main.js';
    expect(unpackedPath(inside, '/')).toBe(
      '/Applications/Gatehouse.app/Contents/Resources/app.asar.unpacked/dist/server/main.js',
    );
  });

  it('does the same with Windows separators', () => {
    const inside = 'C:\\Users\\ana\\AppData\\Local\\Programs\\Gatehouse\\resources\\app.asar\\dist\\server\\main.js';
    expect(unpackedPath(inside, '\\')).toBe(
      'C:\\Users\\ana\\AppData\\Local\\Programs\\Gatehouse\\resources\\app.asar.unpacked\\dist\\server\\main.js',
    );
  });

  it('leaves a checkout path alone, also one that merely contains the word', () => {
    expect(unpackedPath('/home/ana/gatehouse/dist/server/main.js', '/')).toBe(
      '/home/ana/gatehouse/dist/server/main.js',
    );
    expect(unpackedPath('/home/ana/my-app.asar-notes/main.js', '/')).toBe('/home/ana/my-app.asar-notes/main.js');
  });
});

describe('bundledServerScript()', () => {
  it('is the built server of this checkout', () => {
    expect(bundledServerScript()).toBe(path.resolve(import.meta.dirname, '../../../server/main.js'));
  });
});

describe('trayIconDir()', () => {
  it('is <resources>/icons when packaged, where extraResources puts build/icons', () => {
    expect(trayIconDir({ packaged: true, resourcesPath: '/opt/Gatehouse/resources', appRoot: '/x' })).toBe(
      path.join('/opt/Gatehouse/resources', 'icons'),
    );
  });

  it('is build/icons in a checkout', () => {
    expect(trayIconDir({ packaged: false, resourcesPath: '', appRoot: '/src/gatehouse' })).toBe(
      path.join('/src/gatehouse', 'build', 'icons'),
    );
  });
});
