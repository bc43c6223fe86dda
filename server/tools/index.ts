/** The registry: every tool the server knows, in the order `tools/list` shows them. */
import type { ToolDefinition } from './define-tool.js';
import { describeTable } from './describe-table.js';
import { listAllowedDirectories } from './list-allowed-directories.js';
import { listDatabases } from './list-databases.js';
import { listTables } from './list-tables.js';
import { readQuery } from './read-query.js';
import { writeQuery } from './write-query.js';

/** Every tool definition. */
export const ALL_TOOLS: readonly ToolDefinition[] = [
  listAllowedDirectories,
  listDatabases,
  listTables,
  describeTable,
  readQuery,
  writeQuery,
];
