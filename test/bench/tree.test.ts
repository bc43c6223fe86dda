import { describe, expect, it } from 'vitest';
import { BENCH_TREE, fileText, NEEDLE, planTree, type TreeShape } from '../../bench/tree.js';

const SMALL: TreeShape = { seed: 42, areas: 2, projectsPerArea: 3, foldersPerProject: 4, filesPerFolder: 5 };

describe('planTree()', () => {
  it('plans the same tree for the same seed', () => {
    expect(planTree(SMALL)).toEqual(planTree(SMALL));
  });

  it('plans a different tree for another seed', () => {
    const other = planTree({ ...SMALL, seed: 43 });
    expect(other.files.map((f) => f.path)).not.toEqual(planTree(SMALL).files.map((f) => f.path));
  });

  it('has the shape it was asked for, with unique paths', () => {
    const plan = planTree(SMALL);
    expect(plan.leafFolders).toHaveLength(2 * 3 * 4);
    expect(plan.folders).toHaveLength(2 + 2 * 3 + 2 * 3 * 4);
    expect(plan.files).toHaveLength(2 * 3 * 4 * 5);
    expect(new Set(plan.files.map((f) => f.path)).size).toBe(plan.files.length);
  });

  it('plans the benchmark tree at about 20,000 files in about 2,000 folders', () => {
    const plan = planTree(BENCH_TREE);
    expect(plan.files).toHaveLength(20_000);
    expect(plan.folders).toHaveLength(2_110);
    // Some files carry the content-search needle and some folders a summary.md, but few.
    const needles = plan.files.filter((f) => f.needle).length;
    expect(needles).toBeGreaterThan(20);
    expect(needles).toBeLessThan(100);
    const summaries = plan.files.filter((f) => f.path.endsWith('/summary.md')).length;
    expect(summaries).toBeGreaterThan(100);
    expect(summaries).toBeLessThan(400);
  });
});

describe('fileText()', () => {
  const plan = planTree(SMALL);

  it('writes the same text for the same planned file', () => {
    for (const file of plan.files.slice(0, 10)) expect(fileText(file)).toBe(fileText({ ...file }));
  });

  it('writes about the planned size', () => {
    for (const file of plan.files) {
      const bytes = Buffer.byteLength(fileText(file));
      expect(bytes).toBeGreaterThanOrEqual(file.bytes);
      expect(bytes).toBeLessThan(file.bytes + 200);
    }
  });

  it('carries the needle exactly where planned', () => {
    for (const file of plan.files) {
      expect(fileText(file).includes(NEEDLE)).toBe(false);
      expect(fileText({ ...file, needle: true })).toContain(NEEDLE);
    }
  });

  it('writes valid JSON for .json files', () => {
    const json = plan.files.filter((f) => f.path.endsWith('.json'));
    expect(json.length).toBeGreaterThan(0);
    for (const file of json) {
      expect(() => JSON.parse(fileText(file))).not.toThrow();
      expect(() => JSON.parse(fileText({ ...file, needle: true }))).not.toThrow();
    }
  });
});
