/**
 * The files a package ships, computed from electron-builder.yml and package-lock.json: the app's own
 * files (`files` globs), the production node_modules electron-builder adds, which of those stay
 * outside app.asar (`asarUnpack`), and the extra resources. The packaging test runs the server from
 * exactly this set; the .mcpb packer copies its server part.
 */
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { parse } from 'yaml';

/** The part of electron-builder.yml this module reads. */
export interface BuilderConfig {
  files: string[];
  asarUnpack?: string[];
  extraResources?: Array<{ from: string; to: string; filter?: string[] }>;
  [key: string]: unknown;
}

/** electron-builder.yml, parsed. */
export function loadBuilderConfig(root: string): BuilderConfig {
  return parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/**
 * What electron-builder leaves out of every package by default (its "default ignored files"); applying
 * them here makes the test stricter: the server must run without them.
 */
const DEFAULT_IGNORED = [
  '**/node_modules/*/{CHANGELOG.md,README.md,README,readme.md,readme}',
  '**/node_modules/*/{test,__tests__,tests,powered-test,example,examples}/**',
  '**/node_modules/**/*.d.ts',
  '**/node_modules/.bin/**',
  '**/*.{iml,o,hprof,orig,pyc,pyo,rbc,swp,csproj,sln,xproj}',
  '**/._*',
  '**/{.DS_Store,.git,.hg,.svn,CVS,RCS,SCCS,.gitignore,.gitattributes}',
  '**/{npm-debug.log,yarn.lock,.yarn-integrity,.yarn-metadata.json}',
];

/** Every file under `dir`, relative to `base`, with "/" separators; symbolic links are not followed. */
export function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** electron-builder's reading of a pattern list: in order, a later `!pattern` removes, a later pattern adds. */
export function matchPatterns(patterns: readonly string[], files: readonly string[]): string[] {
  const rules = patterns.map((pattern) => ({
    exclude: pattern.startsWith('!'),
    // A folder pattern ("dist/server/**" or "node_modules/**") covers the files inside it.
    test: picomatch(pattern.replace(/^!/, ''), { dot: true }),
  }));
  return files.filter((file) => {
    let included = false;
    for (const rule of rules) if (rule.test(file)) included = !rule.exclude;
    return included;
  });
}

/** The production packages of package-lock.json: their folders, e.g. `node_modules/zod`. */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean; link?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([folder, entry]) => folder !== '' && !entry.dev && !entry.devOptional && !entry.link)
    .map(([folder]) => folder);
}

/** The app's files as packaged (relative to the app folder), and which of them are unpacked. */
export interface ShippedApp {
  files: string[];
  unpacked: string[];
  /** Extra resources: path in the package's resources folder -> source path in the repository. */
  resources: Map<string, string>;
}

/** Computes the shipped file set of the repository at `root` (after `npm run build`). */
export function shippedApp(root: string, config = loadBuilderConfig(root)): ShippedApp {
  const own = matchPatterns(
    config.files,
    fs
      .readdirSync(root)
      .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
      .flatMap((name) =>
        fs.statSync(path.join(root, name)).isDirectory() ? listFiles(path.join(root, name), root) : [name],
      ),
  );
  const modules = productionPackages(root).flatMap((folder) =>
    listFiles(path.join(root, folder), root).filter(
      // A nested package's files belong to that package's own entry.
      (file) => !file.slice(folder.length + 1).includes('node_modules/'),
    ),
  );
  // The `!` patterns of `files` apply to node_modules too, like electron-builder's own default excludes.
  const excluded = config.files.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const ignored = picomatch([...DEFAULT_IGNORED, ...excluded], { dot: true });
  const files = [...own, ...modules].filter((file) => !ignored(file)).sort();
  const unpacked = matchPatterns(config.asarUnpack ?? [], files);
  const resources = new Map<string, string>();
  for (const entry of config.extraResources ?? []) {
    const from = listFiles(path.join(root, entry.from));
    for (const file of entry.filter ? matchPatterns(entry.filter, from) : from) {
      resources.set(path.posix.join(entry.to, file), path.posix.join(entry.from, file));
    }
  }
  return { files, unpacked, resources };
}

/** Copies `files` (relative to `from`) into `to`, as real files. */
export function copyFiles(files: readonly string[], from: string, to: string): void {
  for (const file of files) {
    const target = path.join(to, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(from, file), target);
  }
}
