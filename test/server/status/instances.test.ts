import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  instanceFilePath,
  listInstances,
  removeInstanceFile,
  writeInstanceFile,
} from '../../../server/status/instances.js';
import { tempDir } from '../../helpers/temp.js';

const record = (pid: number) => ({
  pid,
  port: 4000,
  startedAt: new Date().toISOString(),
  version: '1.0.0',
  client: null,
});

describe('instance files', () => {
  it('writes a 0600 file that lists as a running instance', () => {
    const home = tempDir();
    writeInstanceFile(home, record(process.pid));
    expect(fs.statSync(instanceFilePath(home, process.pid)).mode & 0o777).toBe(0o600);
    expect(listInstances(home).map((i) => i.pid)).toEqual([process.pid]);
    removeInstanceFile(home, process.pid);
    expect(listInstances(home)).toEqual([]);
  });

  it('removes the file of a process that is gone, and skips garbage', () => {
    const home = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeInstanceFile(home, record(dead));
    writeInstanceFile(home, record(process.pid));
    fs.writeFileSync(instanceFilePath(home, 999_999_999), '{ half-written');
    expect(listInstances(home).map((i) => i.pid)).toEqual([process.pid]);
    expect(fs.existsSync(instanceFilePath(home, dead))).toBe(false);
  });

  it('lists nothing when the folder does not exist', () => {
    expect(listInstances(tempDir())).toEqual([]);
  });
});
