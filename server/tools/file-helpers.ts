/** What the file tools share: input fields, the path check with its audit note, and formatting. */
import { z } from 'zod';
import type { Intent, Target } from '../sandbox/index.js';
import type { ToolContext } from './define-tool.js';

/** A path input, as the reference server names and types it. */
export const pathInput = z
  .string()
  .describe('Absolute path inside an allowed folder (a relative path is taken from the first allowed folder).');

/** Glob patterns whose matches are left out; a pattern without `/` matches a name at any depth. */
export const excludePatternsInput = z
  .array(z.string().max(1000))
  .max(100)
  .optional()
  .default([])
  .describe(
    'Glob patterns to leave out, e.g. ["node_modules", "*.log", "build/**"]. A pattern without "/" matches a name at any depth.',
  );

function audited(path: string): string {
  return path.length > 300 ? `${path.slice(0, 300)}…` : path;
}

/** Checks a client's path under the call's policy and notes it for the audit record. */
export function targetOf(ctx: ToolContext, input: string, intent: Intent): Promise<Target> {
  ctx.audit.paths.push(audited(input));
  return ctx.services.files.target(ctx.policy, input, intent);
}

/** A byte count for people, as the reference server prints it. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  if (bytes <= 0) return '0 B';
  const i = Math.min(Math.floor(Math.log(bytes) / Math.log(1024)), units.length - 1);
  return i === 0 ? `${bytes} B` : `${(bytes / 1024 ** i).toFixed(2)} ${units[i]}`;
}

/** A target's absolute path as reported back: the normalised path the client named. */
export function shownPath(target: Target): string {
  return target.lexical;
}
