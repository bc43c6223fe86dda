/** Log lines as text, for copying and exporting exactly what the filters show. Pure. */
import type { LogEntry } from '../types.js';

/** What an audit line says about the call: tool, decision, code, duration and client. */
export function describeCall(entry: LogEntry): string {
  const parts = [entry.tool ?? '?', entry.decision ?? ''];
  if (entry.code) parts.push(entry.code);
  if (entry.durationMs !== undefined) parts.push(`${entry.durationMs} ms`);
  if (entry.client) parts.push(`client=${entry.client}`);
  if (entry.database) parts.push(`database=${entry.database}${entry.statementKind ? ` ${entry.statementKind}` : ''}`);
  if (entry.paths?.length) parts.push(`paths=${entry.paths.join(',')}`);
  return parts.filter(Boolean).join(' ');
}

/** The line's other fields, `key=value`. */
export function describeDetails(entry: LogEntry): string {
  return Object.entries(entry.details)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

/** One line of text: time, level, instance, then the call or the message, then the other fields. */
export function formatLogLine(entry: LogEntry): string {
  const what = entry.kind === 'audit' ? describeCall(entry) : entry.message;
  const details = describeDetails(entry);
  return [entry.timestamp, entry.level.toUpperCase(), `pid=${entry.pid ?? '-'}`, what, details]
    .filter(Boolean)
    .join(' ');
}

/** Newest-first entries as text lines, oldest first, as a log file reads. */
export function linesAsText(newestFirst: readonly LogEntry[]): string {
  return [...newestFirst].reverse().map(formatLogLine).join('\n') + '\n';
}

/** Newest-first entries as JSON Lines, oldest first, every field kept. */
export function linesAsJson(newestFirst: readonly LogEntry[]): string {
  return (
    [...newestFirst]
      .reverse()
      .map((entry) => JSON.stringify(entry))
      .join('\n') + '\n'
  );
}
