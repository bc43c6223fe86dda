/** The registry: every tool the server knows, in the order `tools/list` shows them. */
import type { ToolDefinition } from './define-tool.js';
import { listAllowedDirectories } from './list-allowed-directories.js';

/** Every tool definition. */
export const ALL_TOOLS: readonly ToolDefinition[] = [listAllowedDirectories];
