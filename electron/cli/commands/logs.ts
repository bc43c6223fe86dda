/** `gatehouse logs`: the server log and audit trail, filtered; `--follow` keeps printing new lines. */
import { parseDuration, type LogEntry, type LogFilter } from '../../core/log-entry.js';
import { expectPositionals, parseCommandArgs, UsageError, type CliCommand, type CliContext } from '../command.js';
import { formatLogEntry } from '../format.js';

function filterFrom(values: Record<string, string | boolean | undefined>): LogFilter {
  const filter: LogFilter = {};
  if (typeof values.tool === 'string') filter.tool = values.tool;
  if (values.decision !== undefined) {
    if (values.decision !== 'allowed' && values.decision !== 'refused') {
      throw new UsageError('--decision must be allowed or refused');
    }
    filter.decision = values.decision;
  }
  if (typeof values.since === 'string') {
    const ms = parseDuration(values.since);
    if (ms === null) throw new UsageError('--since takes a duration such as 30s, 15m, 2h or 7d');
    filter.since = new Date(Date.now() - ms).toISOString();
  }
  if (typeof values.level === 'string') filter.levels = values.level.split(',');
  if (typeof values.instance === 'string') {
    const pid = Number(values.instance);
    if (!Number.isInteger(pid) || pid <= 0) throw new UsageError('--instance takes a process id');
    filter.pid = pid;
  }
  if (typeof values.grep === 'string') filter.text = values.grep;
  return filter;
}

/** Resolves on SIGINT or SIGTERM: the end of `--follow`, which is then a normal exit. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Prints new lines until `stop` resolves. JSON output is one document per line (NDJSON). */
async function follow(context: CliContext, filter: LogFilter, stop: Promise<void>): Promise<void> {
  const print = (entries: LogEntry[]) => {
    for (const entry of entries)
      context.io.stdout.write(`${context.json ? JSON.stringify(entry) : formatLogEntry(entry)}\n`);
  };
  const watch = await context.core().logs.follow(filter, print);
  await stop;
  await watch.close();
}

/** The logs command. */
export const logsCommand: CliCommand = {
  name: 'logs',
  usage: [
    'gatehouse logs [--follow] [--tool T] [--decision allowed|refused] [--since DURATION] [--json]',
    '               [--level error,warn] [--instance PID] [--grep TEXT] [--limit N]',
  ],
  async run(args, context) {
    const { values, positionals } = parseCommandArgs(args, {
      follow: { type: 'boolean', short: 'f' },
      tool: { type: 'string' },
      decision: { type: 'string' },
      since: { type: 'string' },
      level: { type: 'string' },
      instance: { type: 'string' },
      grep: { type: 'string' },
      limit: { type: 'string' },
    });
    expectPositionals(positionals, 0, 'no arguments besides options');
    const filter = filterFrom(values);
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError('--limit takes 1 to 10000');
    // Listening for Ctrl-C starts before anything is printed, so an early one still ends cleanly.
    const stop = values.follow ? interrupted() : undefined;
    const page = await context.core().logs.page(filter, limit);
    if (stop) {
      // History first, then new lines as they come, in the same format.
      for (const entry of page.entries) {
        context.io.stdout.write(`${context.json ? JSON.stringify(entry) : formatLogEntry(entry)}\n`);
      }
      return follow(context, filter, stop);
    }
    return {
      value: { entries: page.entries },
      text: page.entries.length ? page.entries.map(formatLogEntry).join('\n') : 'No matching log lines.',
    };
  },
};
