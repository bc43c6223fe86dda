/**
 * One line of `server.log` (winston JSON: an event or an audit record, see server/logging.ts) parsed
 * for the tray, and the filters the dashboard and `gatehouse logs` apply to them.
 */
import type { AuditRecord, LogKind } from '../../server/logging.js';

/** A parsed log line. Audit fields are present on audit records only. */
export interface LogEntry {
  timestamp: string;
  level: string;
  message: string;
  kind: LogKind;
  /** The server process that wrote the line (its instance). */
  pid: number | null;
  tool?: string;
  decision?: AuditRecord['decision'];
  code?: string;
  durationMs?: number;
  client?: string;
  paths?: string[];
  database?: string;
  statementKind?: string;
  /** The line's other fields (error text, file, reason...), as text. */
  details: Record<string, string>;
}

/** What to keep. Every field narrows; none means everything. */
export interface LogFilter {
  levels?: string[];
  tool?: string;
  decision?: AuditRecord['decision'];
  kind?: LogKind;
  pid?: number;
  /** ISO times, inclusive. */
  since?: string;
  until?: string;
  /** Case-insensitive text anywhere in the line. */
  text?: string;
}

const KNOWN = new Set([
  'timestamp',
  'level',
  'message',
  'kind',
  'pid',
  'tool',
  'decision',
  'code',
  'durationMs',
  'client',
  'paths',
  'database',
  'statementKind',
]);

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Parses one line; null for a line that is not a winston JSON record. */
export function parseLogLine(line: string): LogEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const timestamp = str(v.timestamp);
  const level = str(v.level);
  if (!timestamp || !level) return null;
  const details: Record<string, string> = {};
  for (const [key, field] of Object.entries(v)) {
    if (KNOWN.has(key) || field === undefined) continue;
    details[key] = typeof field === 'string' ? field : JSON.stringify(field);
  }
  const entry: LogEntry = {
    timestamp,
    level,
    message: str(v.message) ?? '',
    kind: v.kind === 'audit' ? 'audit' : 'event',
    pid: typeof v.pid === 'number' ? v.pid : null,
    details,
  };
  if (entry.kind === 'audit') {
    entry.tool = str(v.tool);
    entry.decision = v.decision === 'refused' ? 'refused' : 'allowed';
    entry.code = str(v.code);
    entry.durationMs = typeof v.durationMs === 'number' ? v.durationMs : undefined;
    entry.client = str(v.client);
    entry.paths = Array.isArray(v.paths) ? v.paths.filter((p): p is string => typeof p === 'string') : undefined;
    entry.database = str(v.database);
    entry.statementKind = str(v.statementKind);
  }
  return entry;
}

/** True when the entry passes every part of the filter. `line` is its raw text, for the text search. */
export function matchesFilter(entry: LogEntry, line: string, filter: LogFilter): boolean {
  if (filter.levels?.length && !filter.levels.includes(entry.level)) return false;
  if (filter.kind && entry.kind !== filter.kind) return false;
  if (filter.tool && entry.tool !== filter.tool) return false;
  if (filter.decision && entry.decision !== filter.decision) return false;
  if (filter.pid !== undefined && entry.pid !== filter.pid) return false;
  if (filter.since && entry.timestamp < filter.since) return false;
  if (filter.until && entry.timestamp > filter.until) return false;
  if (filter.text && !line.toLowerCase().includes(filter.text.toLowerCase())) return false;
  return true;
}

/** Parses `30s`, `15m`, `2h`, `7d` into milliseconds; null for anything else. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
