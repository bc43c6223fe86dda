/** The file scenarios: Gatehouse against the reference filesystem server (and grep), same tree. */
import path from 'node:path';
import type { Scenario } from './compare.js';
import { commandContender, mcpContender } from './invoke.js';
import { pick, seededRandom } from './random.js';
import type { McpTarget } from './servers.js';
import { NEEDLE, type TreePlan } from './tree.js';

/** Tool arguments for call number i. */
export type ArgsFor = (i: number) => Record<string, unknown>;

/** The glob of the search_files scenario: ~1 leaf folder in 10 has a summary.md. */
export const SEARCH_PATTERN = '**/summary.md';

/**
 * The cheap file calls, by contract tool name (the reference uses the same names and inputs). They
 * rotate over 1,000 files and all leaf folders, so the server cannot answer from one cached entry.
 */
export function cheapFileCalls(root: string, plan: TreePlan): Record<string, ArgsFor> {
  const random = seededRandom(11);
  const files = Array.from({ length: 1000 }, () => path.join(root, pick(random, plan.files).path));
  const folders = plan.leafFolders.map((folder) => path.join(root, folder));
  const nth = <T>(items: readonly T[], i: number) => items[i % items.length] as T;
  return {
    read_text_file: (i) => ({ path: nth(files, i) }),
    get_file_info: (i) => ({ path: nth(files, i) }),
    list_directory: (i) => ({ path: nth(folders, i) }),
  };
}

/** Every file scenario, Gatehouse first. */
export function fileScenarios(gatehouse: McpTarget, reference: McpTarget, root: string, plan: TreePlan): Scenario[] {
  const cheap = Object.entries(cheapFileCalls(root, plan)).map(([tool, args]): Scenario => ({
    name: tool,
    weight: 'cheap',
    versus: reference.name,
    contenders: [mcpContender(gatehouse, tool, args), mcpContender(reference, tool, args)],
    goals: [{ minRatio: 2 }, { concurrency: 8, maxP99Ms: 10 }],
  }));
  const areas = plan.folders.filter((folder) => !folder.includes('/')).map((area) => path.join(root, area));
  const search = () => ({ path: root, pattern: SEARCH_PATTERN });
  const tree = (i: number) => ({ path: areas[i % areas.length] });
  const grep = 'grep -r';
  const contents = () => ({ path: root, query: NEEDLE, caseSensitive: true, maxResults: 1000 });
  return [
    ...cheap,
    {
      name: 'search_files',
      weight: 'heavy',
      versus: reference.name,
      contenders: [mcpContender(gatehouse, 'search_files', search), mcpContender(reference, 'search_files', search)],
      goals: [{ minRatio: 10 }],
    },
    {
      name: 'directory_tree',
      weight: 'heavy',
      versus: reference.name,
      contenders: [mcpContender(gatehouse, 'directory_tree', tree), mcpContender(reference, 'directory_tree', tree)],
      goals: [{ minRatio: 3 }],
    },
    {
      name: 'search_file_contents',
      weight: 'heavy',
      versus: grep,
      contenders: [
        mcpContender(gatehouse, 'search_file_contents', contents),
        commandContender(grep, 'grep', ['-rnF', '--', NEEDLE, root]),
      ],
    },
  ];
}

/** What the file section measured, for its introduction. */
export function fileSectionNotes(root: string, plan: TreePlan): string[] {
  const areas = plan.folders.filter((folder) => !folder.includes('/')).length;
  const leaves = plan.leafFolders.length;
  return [
    `read_text_file and get_file_info rotate over 1,000 files; list_directory over the ${leaves.toLocaleString('en-US')} leaf folders (10 entries each).`,
    `search_files: pattern \`${SEARCH_PATTERN}\` from the root (every entry of the tree is visited).`,
    `directory_tree: one of the ${areas} top-level folders per call (about ${Math.round(plan.files.length / areas).toLocaleString('en-US')} files each), rotating.`,
    `search_file_contents: the literal \`${NEEDLE}\` from the root, case-sensitive, against \`grep -rnF\` (output read through a pipe) on the same tree (${path.basename(root)}).`,
  ];
}
