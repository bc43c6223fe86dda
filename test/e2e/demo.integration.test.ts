import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverEnv } from '../helpers/spawn-server.js';
import { tempDir } from '../helpers/temp.js';

const DEMO = path.resolve(import.meta.dirname, '../../dist/scripts/demo.js');

describe('npm run demo (the built script)', () => {
  it('sets up the sample workspace, makes real calls and prints the Claude Desktop entry', () => {
    const home = tempDir();
    const run = spawnSync(process.execPath, [DEMO], { env: serverEnv(home), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(fs.existsSync(path.join(home, 'policy.json'))).toBe(true);
    expect(run.stdout).toContain('buy milk');
    expect(run.stdout).toMatch(/\.env"\}\s+\(refused\)/);
    expect(run.stdout).toMatch(/\/etc\/passwd"\}\s+\(refused\)/);
    expect(run.stdout).toMatch(/"rowCount":3/);
    const entry = JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('{\n  "mcpServers"'))) as {
      mcpServers: { gatehouse: { command: string; args: string[]; env: Record<string, string> } };
    };
    expect(entry.mcpServers.gatehouse).toEqual({
      command: process.execPath,
      args: [path.resolve(import.meta.dirname, '../../dist/server/main.js')],
      env: { GATEHOUSE_HOME: home },
    });
  });
});
