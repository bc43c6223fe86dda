/** The registry: every tool the server knows, in the order `tools/list` shows them. */
import { appendFileTool } from './append-file.js';
import { copyFileTool } from './copy-file.js';
import { createDirectoryTool } from './create-directory.js';
import type { ToolDefinition } from './define-tool.js';
import { deleteFileTool } from './delete-file.js';
import { describeTable } from './describe-table.js';
import { directoryTreeTool } from './directory-tree.js';
import { editFileTool } from './edit-file.js';
import { getFileInfoTool } from './get-file-info.js';
import { listAllowedDirectories } from './list-allowed-directories.js';
import { listDatabases } from './list-databases.js';
import { listDirectoryWithSizesTool } from './list-directory-with-sizes.js';
import { listDirectoryTool } from './list-directory.js';
import { listTables } from './list-tables.js';
import { moveFileTool } from './move-file.js';
import { readMediaFileTool } from './read-media-file.js';
import { readMultipleFilesTool } from './read-multiple-files.js';
import { readQuery } from './read-query.js';
import { readFileTool, readTextFileTool } from './read-text-file.js';
import { searchFileContentsTool } from './search-file-contents.js';
import { searchFilesTool } from './search-files.js';
import { writeFileTool } from './write-file.js';
import { writeQuery } from './write-query.js';

/** Every tool definition. */
export const ALL_TOOLS: readonly ToolDefinition[] = [
  readTextFileTool,
  readFileTool,
  readMediaFileTool,
  readMultipleFilesTool,
  listDirectoryTool,
  listDirectoryWithSizesTool,
  directoryTreeTool,
  searchFilesTool,
  searchFileContentsTool,
  getFileInfoTool,
  listAllowedDirectories,
  writeFileTool,
  editFileTool,
  createDirectoryTool,
  moveFileTool,
  copyFileTool,
  appendFileTool,
  deleteFileTool,
  listDatabases,
  listTables,
  describeTable,
  readQuery,
  writeQuery,
];
