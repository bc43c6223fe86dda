/**
 * What a `gatehouse` command is: a name, its usage lines, and a function from arguments to a result.
 * Adding a command is one module exporting a CliCommand plus one line in registry.ts.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AdminCore } from '../core/admin-core.js';

/** A usage error: exit status 2, with the command's usage on stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The process streams, injectable so the runner can be driven in-process too. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  cwd: string;
}

/** What a command gets. */
export interface CliContext {
  /** The admin core, built on first use. */
  core(): AdminCore;
  /** `--json`: print one JSON document on stdout. */
  json: boolean;
  io: CliIo;
}

/**
 * A command's outcome. The runner prints `value` (with --json) or `text`; `failed` makes the exit
 * status 1 with `failed` as the one-line reason on stderr. A command that streams (logs --follow)
 * prints for itself and returns nothing.
 */
export interface CommandResult {
  value: unknown;
  text: string;
  failed?: string;
}

/** One command. */
export interface CliCommand {
  /** The first word, e.g. `policy`. */
  name: string;
  /** Other first words that run it (`resume` for `pause`). */
  aliases?: string[];
  /** Usage lines, shown by --help and after a usage error. */
  usage: string[];
  run(args: string[], context: CliContext, invokedAs: string): Promise<CommandResult | void>;
}

/** parseArgs with strict options and positionals, whose complaints are usage errors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Checks the number of positional arguments. */
export function expectPositionals(positionals: string[], count: number, what: string): void {
  if (positionals.length !== count) throw new UsageError(`expected ${what}`);
}

/** `read` or `write`, from `--access`. */
export function accessOption(value: string | undefined): 'read' | 'write' {
  if (value === 'read' || value === 'write') return value;
  throw new UsageError('--access must be read or write');
}
