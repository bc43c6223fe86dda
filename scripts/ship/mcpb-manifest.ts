/**
 * The Claude Desktop extension's manifest.json (MCPB manifest 0.3, the current version of the spec):
 * the server run by Claude Desktop's built-in Node from the bundle, the folders and databases chosen
 * in Claude's settings passed on its command line (server/bundle-args.ts), the tools from the catalog.
 */
import { TOOL_CATALOG } from '../../server/tools/catalog.js';
import { BUNDLE_MARKERS } from '../../server/bundle-args.js';

/** The server entry inside the bundle. */
export const BUNDLE_ENTRY = 'dist/server/bundle-entry.js';

/** What the manifest is made from. */
export interface ManifestInputs {
  version: string;
  description: string;
  author: string;
  license: string;
  /** The OS the bundle's native modules were built for (process.platform of the packing machine). */
  platform: NodeJS.Platform;
  /** The Node versions the server supports (package.json engines.node). */
  node: string;
}

/** The manifest for these inputs. */
export function mcpbManifest(inputs: ManifestInputs): Record<string, unknown> {
  return {
    manifest_version: '0.3',
    name: 'gatehouse',
    display_name: 'Gatehouse',
    version: inputs.version,
    description: inputs.description,
    long_description: [
      'Gatehouse lets Claude work with the folders and SQLite databases you choose, and nothing else.',
      'Folders chosen here are shared read and write; databases are shared read only. Finer rules (read-only',
      'folders, writable databases, deny patterns, per-tool switches, pause) come from the same policy file',
      'as the Gatehouse tray app: the extension and the app see the same settings, logs and trash.',
    ].join(' '),
    author: { name: inputs.author },
    license: inputs.license,
    keywords: ['files', 'filesystem', 'sqlite', 'database', 'sandbox', 'security'],
    icon: 'icon.png',
    server: {
      type: 'node',
      entry_point: BUNDLE_ENTRY,
      mcp_config: {
        command: 'node',
        // Each `multiple` value is expanded in place into separate arguments, hence the markers.
        args: [
          `\${__dirname}/${BUNDLE_ENTRY}`,
          BUNDLE_MARKERS.folders,
          '${user_config.allowed_directories}',
          BUNDLE_MARKERS.databases,
          '${user_config.databases}',
        ],
      },
    },
    tools: Object.entries(TOOL_CATALOG).map(([name, info]) => ({ name, description: info.summary })),
    tools_generated: false,
    compatibility: { platforms: [inputs.platform], runtimes: { node: inputs.node } },
    user_config: {
      allowed_directories: {
        type: 'directory',
        title: 'Shared folders',
        description: 'Folders Claude may read and change. Everything outside them stays out of reach.',
        multiple: true,
        required: false,
        default: [],
      },
      databases: {
        type: 'file',
        title: 'SQLite databases',
        description: 'Database files Claude may query, read only. Each is named after its file.',
        multiple: true,
        required: false,
        default: [],
      },
    },
  };
}
