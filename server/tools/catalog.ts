/**
 * What every tool is, as plain data: its group, what it may do, and a one-line summary. Pure, so the
 * policy schema, the tray and the dashboard share it with the server; the handlers live in tools/.
 */

/** What a tool may do; drives MCP annotations and which tools a policy offers. */
export type ToolEffect = 'read' | 'write' | 'destructive';

/** The dashboard's grouping, and which policy part decides whether a write tool is offered. */
export type ToolGroup = 'files' | 'database';

/** One entry of the catalog. */
export interface ToolInfo {
  readonly title: string;
  readonly group: ToolGroup;
  readonly effect: ToolEffect;
  /** Same call, same outcome: safe to retry. */
  readonly idempotent: boolean;
  /** Can take much memory or time (trees, many files, queries): shed first under memory pressure. */
  readonly heavy: boolean;
  readonly summary: string;
}

const read = (title: string, group: ToolGroup, summary: string, heavy = false): ToolInfo => ({
  title,
  group,
  effect: 'read',
  idempotent: true,
  heavy,
  summary,
});

/** Every tool of CONTRACT §3, by its contract name. */
export const TOOL_CATALOG = {
  read_text_file: read('Read text file', 'files', 'Read a text file, or its first or last lines.'),
  read_file: read('Read file (deprecated)', 'files', 'Old name of read_text_file, kept for old prompts.'),
  read_media_file: read('Read image or audio', 'files', 'Read an image or audio file as base64.', true),
  read_multiple_files: read('Read several files', 'files', 'Read several text files in one call.', true),
  list_directory: read('List folder', 'files', 'List the entries of a folder.'),
  list_directory_with_sizes: read('List folder with sizes', 'files', 'List a folder with sizes.'),
  directory_tree: read('Folder tree', 'files', 'A recursive tree of a folder as JSON.', true),
  search_files: read('Find files', 'files', 'Find files whose path matches a glob.', true),
  search_file_contents: read('Search in files', 'files', 'Find lines that contain a text or regex.', true),
  get_file_info: read('File info', 'files', 'Size, times, type and permissions of a path.'),
  list_allowed_directories: read('Allowed folders', 'files', 'The folders Gatehouse may use.'),
  write_file: {
    title: 'Write file',
    group: 'files',
    effect: 'destructive',
    idempotent: true,
    heavy: false,
    summary: 'Create or replace a file.',
  },
  edit_file: {
    title: 'Edit file',
    group: 'files',
    effect: 'destructive',
    idempotent: false,
    heavy: false,
    summary: 'Replace exact text in a file.',
  },
  create_directory: {
    title: 'Create folder',
    group: 'files',
    effect: 'write',
    idempotent: true,
    heavy: false,
    summary: 'Create a folder and its parents.',
  },
  move_file: {
    title: 'Move or rename',
    group: 'files',
    effect: 'write',
    idempotent: false,
    heavy: false,
    summary: 'Move or rename a file; never overwrites.',
  },
  copy_file: {
    title: 'Copy file',
    group: 'files',
    effect: 'write',
    idempotent: false,
    heavy: false,
    summary: 'Copy a file; never overwrites.',
  },
  append_file: {
    title: 'Append to file',
    group: 'files',
    effect: 'write',
    idempotent: false,
    heavy: false,
    summary: 'Append text to a file.',
  },
  delete_file: {
    title: 'Delete to trash',
    group: 'files',
    effect: 'destructive',
    idempotent: false,
    heavy: false,
    summary: "Move a file or empty folder into Gatehouse's trash.",
  },
  list_databases: read('List databases', 'database', 'The databases Gatehouse may use.'),
  list_tables: read('List tables', 'database', 'Tables and views of a database.'),
  describe_table: read('Describe table', 'database', 'Columns, keys and indexes of a table.'),
  read_query: read('Read query', 'database', 'Run one read-only SQL statement.', true),
  write_query: {
    title: 'Write query',
    group: 'database',
    effect: 'destructive',
    idempotent: false,
    heavy: false,
    summary: 'Run one SQL statement that changes data.',
  },
} as const satisfies Record<string, ToolInfo>;

/** A contract tool name. */
export type ToolName = keyof typeof TOOL_CATALOG;

/** Every contract tool name, in catalog order. */
export const TOOL_NAMES = Object.keys(TOOL_CATALOG) as ToolName[];

/** True for a contract tool name. */
export function isToolName(name: string): name is ToolName {
  return Object.prototype.hasOwnProperty.call(TOOL_CATALOG, name);
}
