import { describe, expect, it } from 'vitest';
import { describeChanges } from '../../../renderer/permissions/changes.js';
import { DEFAULT_DENY } from '../../../server/policy/defaults.js';

const base = {
  version: 1 as const,
  roots: [
    { path: '/a', access: 'read' as const },
    { path: '/b', access: 'write' as const },
  ],
  databases: [{ name: 'notes', path: '/n.db', access: 'read' as const }],
  tools: { move_file: false },
};

describe('describeChanges()', () => {
  it('lists nothing for an unchanged document', () => {
    expect(describeChanges(base, structuredClone(base))).toEqual([]);
  });

  it('names each change to folders, databases, tools, pause and limits', () => {
    const draft = {
      version: 1 as const,
      paused: true,
      roots: [
        { path: '/a', access: 'write' as const },
        { path: '/c', access: 'read' as const },
      ],
      databases: [{ name: 'journal', path: '/n.db', access: 'write' as const }],
      tools: { copy_file: false },
      limits: { maxRows: 50 },
    };
    expect(describeChanges(base, draft)).toEqual([
      'Pause all tools',
      '/a: read only → read & write',
      'Share /c (read only)',
      'Stop sharing /b',
      'Rename database notes → journal',
      'journal: read only → read & write',
      'Switch on Move or rename (move_file)',
      'Switch off Copy file (copy_file)',
      'maxRows: default → 50',
    ]);
  });

  it('compares deny patterns with the defaults a missing key stands for', () => {
    expect(describeChanges(base, { ...base, deny: [...DEFAULT_DENY, '**/secret'] })).toEqual(['Hide **/secret']);
    expect(describeChanges(base, { ...base, deny: DEFAULT_DENY.slice(1) })).toEqual(['Stop hiding **/.git/**']);
    expect(describeChanges(base, { ...base, deny: [...DEFAULT_DENY] })).toEqual(['Keep the deny patterns as listed']);
  });
});
