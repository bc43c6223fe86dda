/**
 * The release workflow cannot run here; what can be checked is: it parses, it builds on the three
 * runners, it signs, and secrets reach only the steps that need them, by name, through env.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const text = fs.readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include: Array<{ os: string; platform: string }> } };
  steps: Step[];
}
const workflow = parse(text) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const packageJob = workflow.jobs.package!;
const builderRuns = packageJob.steps.filter((step) => step.run?.includes('electron-builder'));

describe('.github/workflows/release.yml', () => {
  it('runs on version tags and by hand, reading the repository only unless it drafts the release', () => {
    expect(Object.keys(workflow.on)).toEqual(['push', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ tags: ['v*'] });
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.release?.permissions).toEqual({ contents: 'write' });
    expect(workflow.jobs.release?.if).toContain('refs/tags/v');
  });

  it('packages on macOS, Windows and Linux runners', () => {
    const matrix = packageJob.strategy!.matrix.include;
    expect(matrix.map((entry) => entry.platform)).toEqual(['mac', 'win', 'linux']);
    expect(matrix.map((entry) => entry.os)).toEqual([
      expect.stringMatching(/^macos-/),
      expect.stringMatching(/^windows-/),
      expect.stringMatching(/^ubuntu-/),
    ]);
    for (const platform of ['mac', 'win', 'linux']) {
      expect(
        builderRuns.some((step) => step.run!.includes(`--${platform}`) && step.if?.includes(`'${platform}'`)),
      ).toBe(true);
    }
  });

  it('installs from the lockfile and fails a mac or Windows build that is not signed', () => {
    expect(packageJob.steps.some((step) => step.run?.startsWith('npm ci'))).toBe(true);
    for (const step of builderRuns.filter((s) => !s.run!.includes('--linux'))) {
      expect(step.run).toContain('-c.forceCodeSigning=true');
    }
    expect(packageJob.steps.some((step) => step.run?.includes('smoke-packaged.js'))).toBe(true);
    expect(packageJob.steps.some((step) => step.run?.includes('npm run pack:mcpb'))).toBe(true);
  });

  it('verifies signatures on macOS and Windows, and signs the checksums', () => {
    const runs = steps.map((step) => step.run ?? '').join('\n');
    expect(runs).toMatch(/codesign --verify --deep --strict/);
    expect(runs).toMatch(/xcrun stapler validate/);
    expect(runs).toMatch(/Get-AuthenticodeSignature/);
    expect(runs).toMatch(/gpg .*--detach-sign/s);
  });

  it('passes secrets by name through env only, never into a command line or an action input', () => {
    for (const step of steps) {
      expect(step.run ?? '', step.name).not.toMatch(/secrets\./);
      expect(JSON.stringify(step.with ?? {}), step.name).not.toMatch(/secrets\./);
      for (const value of Object.values(step.env ?? {})) {
        if (value.includes('secrets.')) expect(value).toMatch(/^\$\{\{ secrets\.[A-Z0-9_]+ \}\}$/);
      }
    }
  });

  it('uses only secrets that RELEASING.md documents', () => {
    const releasing = fs.readFileSync(path.join(root, 'RELEASING.md'), 'utf8');
    const names = [...text.matchAll(/secrets\.([A-Z0-9_]+)/g)].map((match) => match[1]!);
    expect(names.length).toBeGreaterThan(5);
    for (const name of new Set(names)) expect(releasing, name).toContain(`\`${name}\``);
  });

  it('holds no credential itself, and pins every action to a major version', () => {
    expect(text).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|password\s*[:=]\s*['"]?[^$\s'"]/i);
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });
});
