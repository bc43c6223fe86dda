import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { logFilePath } from '../../server/logging.js';
import { errorOf, startHarness, type Harness } from '../helpers/in-memory.js';
import { tempDir, waitFor, writePolicy } from '../helpers/temp.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function toolNames(h: Harness): Promise<string[]> {
  return (await h.client.listTools()).tools.map((t) => t.name);
}

describe('createServer()', () => {
  it('offers list_allowed_directories with schemas and honest annotations', async () => {
    harness = await startHarness({ policy: { version: 1 } });
    const { tools } = await harness.client.listTools();
    const tool = tools.find((t) => t.name === 'list_allowed_directories');
    expect(tool?.inputSchema.type).toBe('object');
    expect(tool?.outputSchema?.type).toBe('object');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
  });

  it('lists the roots of the policy and the positional DIRs with their access', async () => {
    const notes = tempDir();
    const site = tempDir();
    harness = await startHarness({
      policy: { version: 1, roots: [{ path: notes, access: 'read' }] },
      extraRoots: [site],
    });
    const result = await harness.call('list_allowed_directories');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      directories: [
        { path: notes, access: 'read' },
        { path: site, access: 'write' },
      ],
    });
    expect((result.content as Array<{ text: string }>)[0]!.text).toContain(`${notes} (read)`);
  });

  it('refuses every call with PAUSED while paused, and serves again on resume', async () => {
    harness = await startHarness({ policy: { version: 1, paused: true } });
    const refused = await harness.call('list_allowed_directories');
    expect(errorOf(refused)).toEqual({
      category: 'client_error',
      code: 'PAUSED',
      message: expect.stringMatching(/paused/),
      retryAfterMs: null,
    });
    writePolicy(harness.policyFile, { version: 1, paused: false });
    const h = harness;
    await waitFor(async () => !(await h.call('list_allowed_directories')).isError, 5000, 'resume');
  });

  it('drops a switched-off tool from tools/list, refuses it with TOOL_DISABLED and says so', async () => {
    harness = await startHarness({ policy: { version: 1 } });
    expect(await toolNames(harness)).toContain('list_allowed_directories');
    writePolicy(harness.policyFile, { version: 1, tools: { list_allowed_directories: false } });
    const h = harness;
    await waitFor(() => h.listChanged() > 0, 5000, 'list_changed');
    expect(await toolNames(harness)).not.toContain('list_allowed_directories');
    expect(errorOf(await harness.call('list_allowed_directories'))?.code).toBe('TOOL_DISABLED');
  });

  it('sends no list_changed when a change leaves the offered tools as they were', async () => {
    harness = await startHarness({ policy: { version: 1 } });
    writePolicy(harness.policyFile, { version: 1, limits: { maxRows: 10 } });
    const h = harness;
    await waitFor(() => h.policy.current().policy.limits.maxRows === 10, 5000, 'reload');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(harness.listChanged()).toBe(0);
  });

  it('answers an unknown tool with INVALID_INPUT', async () => {
    harness = await startHarness({ policy: { version: 1 } });
    expect(errorOf(await harness.call('no_such_tool'))).toMatchObject({
      code: 'INVALID_INPUT',
      category: 'client_error',
    });
  });

  it("hands each call's audit record and metrics to the transport's afterWrite, not before its answer", async () => {
    const held: Array<() => void> = [];
    const finished: string[] = [];
    harness = await startHarness({
      policy: { version: 1 },
      afterWrite: (work) => held.push(work),
      observer: { finished: (tool) => finished.push(tool) },
    });
    expect((await harness.call('list_allowed_directories')).isError).toBeFalsy();
    // The client has its answer while the call's bookkeeping still waits.
    expect(finished).toEqual([]);
    expect(held).toHaveLength(1);
    held.splice(0).forEach((work) => work());
    expect(finished).toEqual(['list_allowed_directories']);
    const file = logFilePath(harness.home);
    await waitFor(
      () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('"kind":"audit"'),
      5000,
      'audit record',
    );
  });

  it('writes one audit record per call, without contents', async () => {
    harness = await startHarness({ policy: { version: 1, paused: true } });
    await harness.call('list_allowed_directories');
    const h = harness;
    const records = await waitFor(
      () => {
        const file = logFilePath(h.home);
        const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
        const audits = lines.map((l) => JSON.parse(l)).filter((r) => r.kind === 'audit');
        return audits.length > 0 ? audits : undefined;
      },
      5000,
      'audit record',
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      tool: 'list_allowed_directories',
      decision: 'refused',
      code: 'PAUSED',
      client: 'vitest',
      clientVersion: '1.0.0',
      pid: process.pid,
    });
    expect(typeof records[0].durationMs).toBe('number');
  });
});
