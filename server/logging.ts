/**
 * winston logging and the audit trail. Lines are JSON in `$GATEHOUSE_HOME/logs/server.log`, rotated by
 * size; never stdout, which carries the protocol. The tray's LogReader parses these same records.
 */
import path from 'node:path';
import winston from 'winston';
import type { ErrorCode } from './errors.js';
import type { LogLevel } from './config.js';
import { LogFileTransport } from './log-file.js';

/** One record per tool call. Never file contents, SQL parameter values or secrets. */
export interface AuditRecord {
  tool: string;
  decision: 'allowed' | 'refused';
  /** The error code of a refused or failed call. */
  code?: ErrorCode;
  durationMs: number;
  /** Paths the call touched or was refused for. */
  paths?: string[];
  database?: string;
  /** First keyword of the SQL, e.g. `SELECT`: never the statement or its parameters. */
  statementKind?: string;
  resultBytes?: number;
}

/** Where a log line comes from in `server.log`: a plain event or an audit record. */
export type LogKind = 'event' | 'audit';

/** The log file of a Gatehouse home. */
export function logFilePath(home: string): string {
  return path.join(home, 'logs', 'server.log');
}

/** Options of the server logger. */
export interface LoggerOptions {
  home: string;
  level: LogLevel;
  toStderr: boolean;
  maxBytes: number;
  maxFiles: number;
  /** Fields stamped on every line (pid, version). */
  defaultMeta: Record<string, unknown>;
  /** Called when the log file cannot be written: the server keeps serving and health reports it. */
  onFileError?: (error: Error) => void;
}

/** The server's logger plus the audit writer. */
export interface ServerLogger {
  readonly log: winston.Logger;
  /** Writes one audit record, stamped with the client that made the call. */
  audit(record: AuditRecord, client?: { name: string; version: string }): void;
  /** Flushes and closes the transports. */
  close(): Promise<void>;
}

/** AuditRecord fields that auditJson() does not write; while there are any, its record type is `never`. */
type Unwritten = Exclude<
  keyof AuditRecord,
  'tool' | 'decision' | 'code' | 'durationMs' | 'paths' | 'database' | 'statementKind' | 'resultBytes'
>;
type EveryFieldWritten<T> = [Unwritten] extends [never] ? T : never;

let lastMs = 0;
let lastIso = '';
/** The current time in ISO 8601, formatted once per millisecond: busy servers log many calls in one. */
function timestamp(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

/**
 * One audit line, the JSON winston would write (undefined fields left out) after `stamp` (the fields
 * every line carries, as JSON without braces), built by hand: JSON.stringify of the whole record took
 * 2-3 µs, several percent of a cheap call.
 */
export function auditJson(
  stamp: string,
  record: EveryFieldWritten<AuditRecord>,
  client?: { name: string; version: string },
): string {
  const json = JSON.stringify;
  let line = `{${stamp ? `${stamp},` : ''}"kind":"audit","tool":${json(record.tool)},"decision":${json(record.decision)}`;
  if (record.code !== undefined) line += `,"code":${json(record.code)}`;
  line += `,"durationMs":${json(record.durationMs)}`;
  if (record.paths !== undefined) line += `,"paths":${json(record.paths)}`;
  if (record.database !== undefined) line += `,"database":${json(record.database)}`;
  if (record.statementKind !== undefined) line += `,"statementKind":${json(record.statementKind)}`;
  if (record.resultBytes !== undefined) line += `,"resultBytes":${json(record.resultBytes)}`;
  if (client !== undefined) line += `,"client":${json(client.name)},"clientVersion":${json(client.version)}`;
  return `${line},"level":"info","message":"tool call","timestamp":"${timestamp()}"}`;
}

/** Creates the logger; the log folder is created on first write (a failure is reported, not thrown). */
export function createServerLogger(options: LoggerOptions): ServerLogger {
  const file = new LogFileTransport({
    filename: logFilePath(options.home),
    maxBytes: options.maxBytes,
    maxFiles: options.maxFiles,
    onError: (error) => options.onFileError?.(error),
  });
  const transports: winston.transport[] = [file];
  if (options.toStderr) {
    // Security: every level to stderr; winston's Console transport would otherwise use stdout.
    transports.push(new winston.transports.Console({ stderrLevels: [...Object.keys(winston.config.npm.levels)] }));
  }
  const log = winston.createLogger({
    level: options.level,
    defaultMeta: options.defaultMeta,
    format: winston.format.combine(
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      winston.format.json(),
    ),
    transports,
  });
  const auditsEnabled = log.isLevelEnabled('info');
  // The stamp fields (pid, version) as JSON once; each record is written after them.
  const metaJson = JSON.stringify(options.defaultMeta).slice(1, -1);
  return {
    log,
    audit(record, client) {
      if (!auditsEnabled) return;
      const line = auditJson(metaJson, record, client);
      file.append(line);
      if (options.toStderr) process.stderr.write(`${line}\n`);
    },
    close: async () => {
      await closeLogger(log);
      file.close();
    },
  };
}

function closeLogger(log: winston.Logger): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    log.on('finish', done);
    log.end();
    // A transport that cannot flush (unwritable folder) must not hold up shutdown.
    setTimeout(done, 2000).unref();
  });
}
