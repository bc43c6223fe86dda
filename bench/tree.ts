/**
 * The benchmark's file tree: a deterministic plan (pure: same seed, same tree) of a person's folders of
 * projects with small text files, and the writer that lays it out once under `.bench/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pick, randomInt, seededRandom } from './random.js';

/** How big a tree to plan. */
export interface TreeShape {
  seed: number;
  areas: number;
  projectsPerArea: number;
  foldersPerProject: number;
  filesPerFolder: number;
}

/** The full benchmark tree: 10 × 10 × 20 = 2,000 leaf folders (2,110 in all) of 10 files each. */
export const BENCH_TREE: TreeShape = {
  seed: 20_240_611,
  areas: 10,
  projectsPerArea: 10,
  foldersPerProject: 20,
  filesPerFolder: 10,
};

/** A line that a few files carry, for the content search; no generated word contains it. */
export const NEEDLE = 'QUOKKA_MARKER';
/** About one file in this many carries the needle. */
const NEEDLE_EVERY = 400;
/** About one leaf folder in this many has a `summary.md`, the target of the search_files pattern. */
const SUMMARY_EVERY = 10;

/** One planned file: where, how big, and the seed of its text. */
export interface PlannedFile {
  path: string;
  bytes: number;
  seed: number;
  needle: boolean;
}

/** A planned tree, paths relative to its root with `/` separators. */
export interface TreePlan {
  folders: string[];
  leafFolders: string[];
  files: PlannedFile[];
}

const AREAS = ['clients', 'research', 'teaching', 'finance', 'writing', 'design', 'software', 'household', 'archive'];
const FOLDERS = ['src', 'docs', 'notes', 'data', 'drafts', 'scripts', 'assets-meta', 'meetings', 'reports', 'tests'];
const STEMS = [
  'index',
  'notes',
  'todo',
  'plan',
  'report',
  'config',
  'data',
  'draft',
  'readme',
  'ideas',
  'main',
  'utils',
];
const EXTENSIONS = ['.md', '.md', '.txt', '.txt', '.ts', '.py', '.json', '.csv'];
const WORDS = (
  'the of and to in is for on with as by at from this that it be are was an or not have has can will ' +
  'budget meeting draft review client project data report figure table summary result method sample ' +
  'invoice schedule release design module test config value count total month week note idea plan'
).split(' ');

/** Plans the tree for a shape; pure and deterministic. */
export function planTree(shape: TreeShape): TreePlan {
  const random = seededRandom(shape.seed);
  const folders: string[] = [];
  const leafFolders: string[] = [];
  const files: PlannedFile[] = [];
  for (let a = 0; a < shape.areas; a++) {
    const area = `${AREAS[a % AREAS.length]}-${String(a).padStart(2, '0')}`;
    folders.push(area);
    for (let p = 0; p < shape.projectsPerArea; p++) {
      const project = `${area}/project-${String(p).padStart(2, '0')}`;
      folders.push(project);
      for (let f = 0; f < shape.foldersPerProject; f++) {
        const folder = `${project}/${FOLDERS[f % FOLDERS.length]}-${String(f).padStart(2, '0')}`;
        folders.push(folder);
        leafFolders.push(folder);
        const names = new Set<string>();
        if (random() < 1 / SUMMARY_EVERY) names.add('summary.md');
        while (names.size < shape.filesPerFolder) {
          names.add(`${pick(random, STEMS)}-${randomInt(random, 1, 99)}${pick(random, EXTENSIONS)}`);
        }
        for (const name of names) {
          // Mostly small files (a few hundred bytes to a few KB), like notes and source files.
          const bytes = Math.round(200 * Math.exp(random() * Math.log(40)));
          files.push({
            path: `${folder}/${name}`,
            bytes,
            seed: randomInt(random, 1, 2 ** 31),
            needle: random() < 1 / NEEDLE_EVERY,
          });
        }
      }
    }
  }
  return { folders, leafFolders, files };
}

/** The needle as a line that fits the file's kind. */
function needleLine(ext: string): string {
  if (ext === '.ts') return `// ${NEEDLE}`;
  if (ext === '.py') return `# ${NEEDLE}`;
  if (ext === '.json') return `  "marker": "${NEEDLE}",`;
  return NEEDLE;
}

/** The text of a planned file, shaped by its extension; pure and deterministic. */
export function fileText(file: PlannedFile): string {
  const random = seededRandom(file.seed);
  const sentence = (n: number) => Array.from({ length: n }, () => pick(random, WORDS)).join(' ');
  const ext = path.posix.extname(file.path);
  const lines: string[] = [];
  let size = 0;
  const push = (line: string) => {
    lines.push(line);
    size += line.length + 1;
  };
  if (ext === '.json') push('{');
  if (ext === '.csv') push('date,item,amount,note');
  if (ext === '.md') push(`# ${sentence(4)}`);
  if (file.needle) push(needleLine(ext));
  for (let i = 0; size < file.bytes; i++) {
    if (ext === '.ts') push(`export const ${pick(random, STEMS)}${i} = '${sentence(5)}';`);
    else if (ext === '.py') push(`def ${pick(random, STEMS)}_${i}():\n    return "${sentence(5)}"`);
    else if (ext === '.json') push(`  "${pick(random, WORDS)}_${i}": "${sentence(4)}",`);
    else if (ext === '.csv')
      push(
        `2024-0${randomInt(random, 1, 9)}-1${i % 10},${pick(random, WORDS)},${randomInt(random, 1, 999)},${sentence(3)}`,
      );
    else push(sentence(randomInt(random, 6, 16)));
  }
  if (ext === '.json') push('  "end": true\n}');
  return lines.join('\n') + '\n';
}

/** Lays the plan out under `root` once; a stamp file with the shape marks a complete tree to reuse. */
export function ensureTree(root: string, shape: TreeShape = BENCH_TREE): TreePlan {
  const plan = planTree(shape);
  const stamp = path.join(path.dirname(root), `${path.basename(root)}.complete`);
  const expected = JSON.stringify(shape);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === expected) return plan;
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(stamp, { force: true });
  for (const folder of plan.folders) fs.mkdirSync(path.join(root, folder), { recursive: true });
  for (const file of plan.files) fs.writeFileSync(path.join(root, file.path), fileText(file));
  // The stamp lies beside the tree, not in it, so that both servers see exactly the planned entries.
  fs.writeFileSync(stamp, expected);
  return plan;
}
