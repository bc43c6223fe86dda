import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { effectivePolicy } from '../../../server/policy/effective.js';
import { policySchema } from '../../../server/policy/schema.js';
import { createFileSandbox, type FileSandbox } from '../../../server/sandbox/index.js';
import { tempDir } from '../../helpers/temp.js';

const sandboxes: FileSandbox[] = [];
afterEach(() => {
  for (const sandbox of sandboxes.splice(0)) sandbox.close();
});

function sandbox(home = tempDir()) {
  const files = createFileSandbox({ home, protectedPaths: [path.join(home, 'policy.json')], userHome: os.homedir() });
  sandboxes.push(files);
  return files;
}

const policyFor = (root: string, deny?: string[]) =>
  effectivePolicy(
    policySchema.parse({ version: 1, roots: [{ path: root, access: 'write' }], ...(deny ? { deny } : {}) }),
    [],
  );

describe('the compiled view of a policy snapshot', () => {
  it('is compiled once per snapshot, and again for a new one', async () => {
    const files = sandbox();
    const root = tempDir();
    const policy = policyFor(root);
    expect(files.view(policy)).toBe(files.view(policy));
    expect(files.view(policyFor(root))).not.toBe(files.view(policy));
    expect((await files.view(policy)).roots[0]?.real).toBe(root);
  });

  it('hides whatever lies below a denied folder, and Gatehouse own files', async () => {
    const home = tempDir();
    const files = sandbox(home);
    const root = tempDir();
    const view = await files.view(policyFor(root, ['secrets']));
    expect(view.isDenied(path.join(root, 'secrets'))).toBe(true);
    expect(view.isDenied(path.join(root, 'a', 'secrets', 'deep', 'x.txt'))).toBe(true);
    expect(view.isDenied(path.join(root, 'secrets-not'))).toBe(false);
    for (const own of ['trash/x', 'logs/server.log', 'run/status-token', 'policy.json', 'policy-history/1.json']) {
      expect(view.isDenied(path.join(home, own)), own).toBe(true);
    }
    // The rest of the home is the user's (the demo's sample workspace lives there).
    expect(view.isDenied(path.join(home, 'demo-workspace', 'notes.md'))).toBe(false);
    expect(view.isDenied(`${home}-sibling`)).toBe(false);
  });

  it('answers deniedIn(folder)(name) exactly as isDenied(folder + name), in and around its home', async () => {
    const home = tempDir();
    const files = sandbox(home);
    const root = tempDir();
    const view = await files.view(policyFor(root, ['secrets', '**/a/.env']));
    const folders = [
      root,
      path.join(root, 'a'),
      path.join(root, 'secrets'),
      home,
      path.dirname(home),
      path.join(home, 'logs'),
    ];
    const names = ['secrets', '.env', 'notes.md', 'policy.json', 'trash', path.basename(home), 'logs'];
    for (const folder of folders) {
      const denied = view.deniedIn(folder + path.sep);
      for (const name of names) {
        const entry = path.join(folder, name);
        expect(denied(name), entry).toBe(view.isDenied(entry));
      }
    }
    expect(view.deniedIn(home + path.sep)('policy.json')).toBe(true);
    expect(view.deniedIn(path.dirname(home) + path.sep)(path.basename(home))).toBe(false);
  });

  it('knows that this volume tells case apart', async () => {
    const files = sandbox();
    const root = tempDir();
    const view = await files.view(policyFor(root));
    expect(view.roots[0]?.flavor.caseInsensitive).toBe(false);
    expect(view.rootOf(root.toUpperCase())).toBeUndefined();
  });

  it('picks the innermost root, so a write root inside a read root can be written', async () => {
    const files = sandbox();
    const outer = tempDir();
    const inner = path.join(outer, 'inner');
    const policy = effectivePolicy(
      policySchema.parse({
        version: 1,
        roots: [
          { path: outer, access: 'read' },
          { path: inner, access: 'write' },
        ],
      }),
      [],
    );
    await expect(files.target(policy, path.join(inner, 'a.txt'), 'write')).resolves.toBeDefined();
    await expect(files.target(policy, path.join(outer, 'a.txt'), 'write')).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
    });
  });
});
