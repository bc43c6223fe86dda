#!/usr/bin/env node
/** The `gatehouse` command's entry: the real process streams, environment and admin core. */
import fs from 'node:fs';
import { adminCoreFromProcess } from '../core/admin-core.js';
import { runCli } from './run.js';

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

process.exitCode = await runCli(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() },
  () => adminCoreFromProcess(),
  { version: readVersion() },
);
