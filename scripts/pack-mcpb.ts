/**
 * `npm run pack:mcpb`: builds release/gatehouse.mcpb, the Claude Desktop extension. The bundle holds
 * manifest.json, an icon, package.json, the built server and the production node_modules the packaged
 * app ships for it (scripts/ship/file-set.ts), packed and validated by the MCPB tool itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packExtension } from '@anthropic-ai/mcpb';
import { appIconPng } from '../electron/core/icon-art.js';
import { copyFiles, shippedApp } from './ship/file-set.js';
import { mcpbManifest } from './ship/mcpb-manifest.js';

interface PackageJson {
  name: string;
  version: string;
  description: string;
  license: string;
  author: { name: string };
  engines: { node: string };
}

/** Stages the bundle's files in `stage` (emptied first) and returns the manifest written there. */
export function stageMcpb(root: string, stage: string): Record<string, unknown> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  // The server and what it imports: the same files the app keeps unpacked for Claude Desktop.
  const files = shippedApp(root).unpacked.filter(
    (file) => file.startsWith('dist/server/') || file.startsWith('node_modules/'),
  );
  copyFiles(files, root, stage);
  // The server reads its version here, and "type": "module" makes Node load dist/ as ES modules.
  const bundlePkg = { name: pkg.name, version: pkg.version, private: true, type: 'module', license: pkg.license };
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(bundlePkg, null, 2)}\n`);
  fs.writeFileSync(path.join(stage, 'icon.png'), appIconPng(512));
  const manifest = mcpbManifest({
    version: pkg.version,
    description: pkg.description,
    author: pkg.author.name,
    license: pkg.license,
    platform: process.platform,
    node: pkg.engines.node,
  });
  fs.writeFileSync(path.join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Stages and packs; returns the .mcpb path. */
export async function packMcpb(root: string, outDir = path.join(root, 'release')): Promise<string> {
  const stage = path.join(outDir, 'mcpb-stage');
  stageMcpb(root, stage);
  const output = path.join(outDir, 'gatehouse.mcpb');
  if (!(await packExtension({ extensionPath: stage, outputPath: output, silent: true }))) {
    throw new Error('mcpb pack refused the bundle (run `npx mcpb validate release/mcpb-stage/manifest.json`)');
  }
  fs.rmSync(stage, { recursive: true, force: true });
  return output;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const root = path.resolve(import.meta.dirname, '../..');
  packMcpb(root).then(
    (output) => process.stdout.write(`${path.relative(root, output)}\n`),
    (error: unknown) => {
      process.stderr.write(`pack:mcpb: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
