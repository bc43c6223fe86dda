import { describe, expect, it } from 'vitest';
import { DEFAULT_DENY, parsePolicyText, validatePolicy } from '../../../server/policy/schema.js';

const contractExample = {
  version: 1,
  paused: false,
  roots: [
    { path: '/home/ana/notes', access: 'read' },
    { path: '/home/ana/projects/site', access: 'write' },
  ],
  deny: ['**/.git/**', '**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/.ssh/**'],
  databases: [{ name: 'notes', path: '/home/ana/notes/notes.db', access: 'read' }],
  tools: { move_file: false },
  limits: { maxReadBytes: 10485760, maxWriteBytes: 10485760, maxRows: 1000, queryTimeoutMs: 5000, callsPerMinute: 600 },
};

function issuesOf(value: unknown) {
  const result = validatePolicy(value);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.issues;
}

describe('validatePolicy()', () => {
  it('accepts the example of the contract as it is', () => {
    const result = validatePolicy(contractExample);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.policy.tools.move_file).toBe(false);
  });

  it('fills in every default when only the version is given', () => {
    const result = validatePolicy({ version: 1 });
    expect(result).toEqual({
      ok: true,
      policy: {
        version: 1,
        paused: false,
        roots: [],
        deny: [...DEFAULT_DENY],
        databases: [],
        tools: {},
        limits: {
          maxReadBytes: 10485760,
          maxWriteBytes: 10485760,
          maxRows: 1000,
          queryTimeoutMs: 5000,
          callsPerMinute: 600,
        },
      },
    });
  });

  it('keeps an explicitly empty deny list empty', () => {
    const result = validatePolicy({ version: 1, deny: [] });
    expect(result.ok && result.policy.deny).toEqual([]);
  });

  const refusals: Array<[string, unknown, string, RegExp]> = [
    ['a wrong version', { version: 2 }, 'version', /1/],
    ['a relative root', { version: 1, roots: [{ path: 'notes', access: 'read' }] }, 'roots.0.path', /absolute/],
    ['a NUL byte in a root', { version: 1, roots: [{ path: '/a\0b', access: 'read' }] }, 'roots.0.path', /NUL/],
    ['an unknown access', { version: 1, roots: [{ path: '/a', access: 'admin' }] }, 'roots.0.access', /read|write/],
    ['a limit above its range', { version: 1, limits: { maxRows: 1e9 } }, 'limits.maxRows', /100000/],
    ['a limit below its range', { version: 1, limits: { queryTimeoutMs: 0 } }, 'limits.queryTimeoutMs', /100/],
    ['a fractional limit', { version: 1, limits: { maxRows: 1.5 } }, 'limits.maxRows', /int/i],
    ['a misspelt key', { version: 1, pasued: true }, '', /pasued/],
    ['an unknown tool', { version: 1, tools: { move_flie: false } }, 'tools', /move_flie/],
    ['a non-boolean tool switch', { version: 1, tools: { move_file: 'no' } }, 'tools.move_file', /boolean/],
    [
      'a bad database name',
      { version: 1, databases: [{ name: 'a b', path: '/x.db', access: 'read' }] },
      'databases.0.name',
      /letters/,
    ],
    [
      'a duplicate database name',
      {
        version: 1,
        databases: [
          { name: 'a', path: '/x.db', access: 'read' },
          { name: 'a', path: '/y.db', access: 'read' },
        ],
      },
      'databases.1.name',
      /duplicate/,
    ],
  ];

  it.each(refusals)('refuses %s, naming the field', (_name, value, field, reason) => {
    const issues = issuesOf(value);
    const issue = issues.find((i) => i.field === field);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toMatch(reason);
  });

  it('accepts Windows drive and UNC roots', () => {
    const result = validatePolicy({
      version: 1,
      roots: [
        { path: 'C:\\Users\\ana', access: 'read' },
        { path: '\\\\server\\share\\docs', access: 'read' },
      ],
    });
    expect(result.ok).toBe(true);
  });
});

describe('parsePolicyText()', () => {
  it('reports broken JSON as an issue of the whole file', () => {
    const result = parsePolicyText('{"version": 1,');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]).toMatchObject({ field: '', message: expect.stringMatching(/not valid JSON/) });
  });
});
