import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childPids, RssSampler } from '../../bench/rss.js';

describe.runIf(process.platform === 'linux')('RssSampler', () => {
  it('sums the RSS of a process’s children, whichever are alive at each sample', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(childPids(process.pid)).toContain(child.pid);
      const sampler = new RssSampler(60_000);
      sampler.trackChildren(process.pid);
      sampler.stop();
      const [sample] = sampler.childSamples(process.pid);
      // Whatever the child holds so soon after its start, it is counted.
      expect(sample!.rssBytes).toBeGreaterThan(0);
    } finally {
      child.kill();
    }
  });
});
