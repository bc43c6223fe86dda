/**
 * electron-builder.yml against electron-builder's own JSON schema (app-builder-lib's scheme.json, the
 * one it validates with before every build), and against what the app and the release need.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig } from '../../scripts/ship/file-set.js';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
// As app-builder-lib compiles it (strict off: the schema carries its own "typeof" keyword), minus type coercion.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const config = loadBuilderConfig(root);

type Section = Record<string, unknown>;
const section = (name: string) => config[name] as Section;

describe('electron-builder.yml', () => {
  it('matches electron-builder’s JSON schema', () => {
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it.each([
    ['a misspelt top-level option', { ...config, asarUnpak: ['x'] }],
    ['a misspelt mac option', { ...config, mac: { ...section('mac'), hardendRuntime: true } }],
    ['a wrong type', { ...config, npmRebuild: 'yes' }],
  ])('is checked by a validator that refuses %s', (_name, broken) => {
    expect(validate(broken)).toBe(false);
  });

  it('keeps the names every part relies on', () => {
    expect(config.appId).toBe('dev.gatehouse.app');
    expect(config.productName).toBe('Gatehouse');
  });

  it('rebuilds native modules for Electron and keeps runAsNode, which Claude Desktop’s entry needs', () => {
    expect(config.npmRebuild).toBe(true);
    expect((config.electronFuses as Section).runAsNode).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/server/**', 'node_modules/**', 'package.json']));
  });

  it('builds a hardened, notarized dmg and zip on macOS with the entitlements file', () => {
    const mac = section('mac');
    expect((mac.target as Array<{ target: string }>).map((t) => t.target)).toEqual(['dmg', 'zip']);
    expect(mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    const plist = fs.readFileSync(path.join(root, mac.entitlements as string), 'utf8');
    expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
    // No exception beyond what V8 needs.
    expect(plist.match(/<key>/g)).toHaveLength(2);
  });

  it('builds an NSIS installer on Windows and an AppImage and a deb with a desktop entry on Linux', () => {
    expect((section('win').target as Array<{ target: string }>).map((t) => t.target)).toEqual(['nsis']);
    expect(section('linux').target).toEqual(['AppImage', 'deb']);
    expect((section('linux').desktop as { entry: Section }).entry).toMatchObject({ Name: 'Gatehouse' });
  });

  it('holds no secret: credentials come from the environment only', () => {
    const text = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const secretKeys =
      /^\s*(cscLink|cscKeyPassword|cscInstallerLink|cscInstallerKeyPassword|certificateFile|certificatePassword|appleId|appleIdPassword|password|apiKey)\s*:/im;
    expect(text).not.toMatch(secretKeys);
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|MII[A-Za-z0-9+/]{40}/);
  });

  it('uses only icon files that exist', () => {
    for (const file of ['build/icon.png', 'build/entitlements.mac.plist', 'build/icons/trayTemplate.png']) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    }
  });
});
