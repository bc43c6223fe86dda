import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSelfTest } from '../../../electron/core/self-test.js';
import { SERVER_ENTRY } from '../../helpers/spawn-server.js';
import { tempDir, writeFile, writePolicy } from '../../helpers/temp.js';

/** The launch a Claude Desktop entry would hold for a home chosen by environment. */
const launchFor = (home: string, script = SERVER_ENTRY) => ({
  command: process.execPath,
  args: [script],
  env: { GATEHOUSE_HOME: home },
});

describe('runSelfTest() against the built server', () => {
  it('launches, shakes hands, lists tools and lists the shared folders, timing each step', async () => {
    const home = tempDir();
    const shared = tempDir();
    writePolicy(path.join(home, 'policy.json'), { version: 1, roots: [{ path: shared, access: 'read' }] });
    const report = await runSelfTest(launchFor(home));
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['launch', 'ok'],
      ['handshake', 'ok'],
      ['list tools', 'ok'],
      ['list_allowed_directories', 'ok'],
    ]);
    expect(report.steps[1]!.detail).toMatch(/^gatehouse /);
    expect(report.steps[3]!.detail).toBe('1 folder shared');
    for (const step of report.steps) expect(step.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('passes with a warning when Gatehouse is paused', async () => {
    const home = tempDir();
    writePolicy(path.join(home, 'policy.json'), { version: 1, paused: true });
    const report = await runSelfTest(launchFor(home));
    expect(report.ok).toBe(true);
    expect(report.steps[3]).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^refused: PAUSED/) });
  });

  it('fails at launch, saying why, when the server script is missing', async () => {
    const report = await runSelfTest(launchFor(tempDir(), '/nowhere/dist/server/main.js'));
    expect(report.ok).toBe(false);
    expect(report.steps).toEqual([
      expect.objectContaining({ name: 'launch', status: 'fail', detail: expect.stringMatching(/does not exist/) }),
    ]);
  });

  it('fails at the handshake with the end of stderr when the server dies on start', async () => {
    const dir = tempDir();
    const script = writeFile(
      path.join(dir, 'main.js'),
      "process.stderr.write('boom: cannot load native module\\n'); process.exit(3);\n",
    );
    const report = await runSelfTest(launchFor(dir, script), { timeoutMs: 5000 });
    expect(report.ok).toBe(false);
    expect(report.steps.at(-1)).toMatchObject({ name: 'handshake', status: 'fail' });
    expect(report.stderrTail).toContain('boom: cannot load native module');
  });
});
