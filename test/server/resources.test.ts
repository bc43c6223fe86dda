import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { SECRET, startFiles, symlink } from '../helpers/files.js';
import { waitFor, writeFile } from '../helpers/temp.js';

const uri = (p: string) => pathToFileURL(p).href;

describe('resources', () => {
  it('lists each root as a resource and offers a file:// template', async () => {
    const f = await startFiles();
    const { resources } = await f.harness.client.listResources();
    expect(resources).toEqual([
      expect.objectContaining({ uri: uri(f.root), name: f.root, mimeType: 'inode/directory' }),
    ]);
    const { resourceTemplates } = await f.harness.client.listResourceTemplates();
    expect(resourceTemplates[0]?.uriTemplate).toBe('file:///{+path}');
  });

  it('reads text, binary files and folders through the sandbox', async () => {
    const f = await startFiles();
    const text = writeFile(path.join(f.root, 'a.txt'), 'hello');
    const png = writeFile(path.join(f.root, 'i.png'), Buffer.from('89504e470d0a1a0a00', 'hex'));
    expect((await f.harness.client.readResource({ uri: uri(text) })).contents).toEqual([
      { uri: uri(text), mimeType: 'text/plain', text: 'hello' },
    ]);
    const [image] = (await f.harness.client.readResource({ uri: uri(png) })).contents;
    expect(image).toMatchObject({
      mimeType: 'image/png',
      blob: Buffer.from('89504e470d0a1a0a00', 'hex').toString('base64'),
    });
    const [folder] = (await f.harness.client.readResource({ uri: uri(f.root) })).contents;
    expect(folder).toMatchObject({ text: '[FILE] a.txt\n[FILE] i.png' });
  });

  it.each([
    ['a file outside the roots', (f: { secret: string }) => uri(f.secret), /ACCESS_DENIED/],
    [
      'a link out of the root',
      (f: { root: string; secret: string }) => uri(symlink(f.secret, path.join(f.root, 'l'))),
      /ACCESS_DENIED/,
    ],
    ['a denied file', (f: { root: string }) => uri(writeFile(path.join(f.root, '.env'), 'K=1')), /ACCESS_DENIED/],
    ['a missing file', (f: { root: string }) => uri(path.join(f.root, 'none')), /NOT_FOUND/],
    ['another scheme', () => 'https://example.com/x', /INVALID_INPUT/],
  ])('refuses %s', async (_case, target, message) => {
    const f = await startFiles();
    const error = await f.harness.client.readResource({ uri: target(f) }).catch((e: Error) => e);
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toContain(SECRET);
  });

  it('announces changes of a subscribed file, and stops after unsubscribe', async () => {
    const f = await startFiles();
    const file = writeFile(path.join(f.root, 'watched.txt'), 'v1');
    const updates: string[] = [];
    f.harness.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates.push(n.params.uri));
    await f.harness.client.subscribeResource({ uri: uri(file) });
    fs.writeFileSync(path.join(f.root, 'other.txt'), 'not watched');
    fs.writeFileSync(file, 'v2');
    await waitFor(() => updates.length > 0, 5000, 'resource update');
    expect(updates).toEqual([uri(file)]);
    await f.harness.client.unsubscribeResource({ uri: uri(file) });
    fs.writeFileSync(file, 'v3');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates).toHaveLength(1);
  });

  it('refuses to subscribe to a file outside the roots', async () => {
    const f = await startFiles();
    const error = await f.harness.client.subscribeResource({ uri: uri(f.secret) }).catch((e: Error) => e);
    expect(String(error)).toMatch(/ACCESS_DENIED/);
  });
});
