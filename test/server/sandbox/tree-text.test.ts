import { describe, expect, it } from 'vitest';
import { TreeText, type TreeEntry } from '../../../server/sandbox/tree-text.js';

interface Node {
  name: string;
  type: 'file' | 'directory';
  link?: true;
  children?: Node[];
}

/** The entries of a tree in pre-order, as a walk reports them. */
function preOrder(nodes: Node[], depth = 1): TreeEntry[] {
  return nodes.flatMap((node) => [
    { name: node.name, depth, directory: node.type === 'directory', link: node.link === true },
    ...(node.children && !node.link ? preOrder(node.children, depth + 1) : []),
  ]);
}

function write(nodes: Node[]): string {
  const text = new TreeText();
  for (const entry of preOrder(nodes)) text.add(entry);
  return text.finish().join('');
}

const TREES: Array<[string, Node[]]> = [
  ['an empty folder', []],
  ['one file', [{ name: 'a', type: 'file' }]],
  ['an empty subfolder', [{ name: 'd', type: 'directory', children: [] }]],
  [
    'nested folders closing several levels at once',
    [
      {
        name: 'a',
        type: 'directory',
        children: [{ name: 'b', type: 'directory', children: [{ name: 'c', type: 'file' }] }],
      },
      { name: 'z"quoted\\name', type: 'file' },
    ],
  ],
  [
    'a linked folder',
    [
      { name: 'l', type: 'directory', link: true, children: [] },
      {
        name: 'd',
        type: 'directory',
        children: [
          { name: 'x', type: 'file' },
          { name: 'e', type: 'directory', children: [] },
        ],
      },
    ],
  ],
];

/** A random tree, from a seeded generator so a failure can be replayed. */
function randomTree(seed: number, depth = 0): Node[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const build = (level: number): Node[] =>
    Array.from({ length: Math.floor(next() * 4) }, (_, i) => {
      const roll = next();
      if (roll < 0.5 || level >= 4) return { name: `f${i}`, type: 'file' as const };
      if (roll < 0.6) return { name: `l${i}`, type: 'directory' as const, link: true as const, children: [] };
      return { name: `d${i}`, type: 'directory' as const, children: build(level + 1) };
    });
  return build(depth);
}

describe('TreeText', () => {
  it('matches JSON.stringify on 200 random trees', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const tree = randomTree(seed);
      expect(write(tree), `seed ${seed}`).toBe(JSON.stringify(tree, null, 2));
    }
  });

  it('writes a large tree in pieces under 64 KiB, each ending between whole characters', () => {
    const folders = Array.from({ length: 60 }, (_, d) => ({
      name: `folder ${d} 😀`,
      type: 'directory' as const,
      children: Array.from({ length: 50 }, (_, f) => ({
        name: `${'é'.repeat(f % 7)}file-${f}-😀.txt`,
        type: 'file' as const,
      })),
    }));
    const text = new TreeText();
    for (const entry of preOrder(folders)) text.add(entry);
    const pieces = text.finish();
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThan(32 * 1024 + 512);
      const last = piece.charCodeAt(piece.length - 1);
      expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }
    expect(pieces.join('')).toBe(JSON.stringify(folders, null, 2));
  });

  it.each(TREES)('writes exactly what JSON.stringify(tree, null, 2) writes, for %s', (_case, tree) => {
    expect(write(tree)).toBe(JSON.stringify(tree, null, 2));
  });
});
