#!/usr/bin/env node
/**
 * The stdio entry: resolve config -> logger -> live policy -> createServer -> connect stdio. Exits 2 on
 * a usage error; otherwise runs until stdin closes or a signal arrives, then cleans up.
 */
import fs from 'node:fs';
import os from 'node:os';
import { loadConfig, usageText, UsageError, type ServerConfig } from './config.js';
import { createServer } from './create-server.js';
import { tuneHeap } from './heap.js';
import { createServerLogger } from './logging.js';
import { createAdmission } from './admission.js';
import { openPolicySource } from './policy/source.js';
import { openDatabaseService, type DatabaseService } from './sandbox/database/service.js';
import { createFileSandbox } from './sandbox/index.js';
import { removeInstanceFile } from './status/instances.js';
import { createServerMetrics } from './status/metrics.js';
import { startStatus, type StatusHandle } from './status/start.js';
import { GatehouseStdioTransport, maxMessageBytesFor } from './transport/stdio.js';

/** How long a stopping server waits for the calls under way. */
const DRAIN_MS = 5000;

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Worker counts over every database pool, for the metrics. */
function poolFigures(databases: DatabaseService): { workers: number; busy: number } {
  let workers = 0;
  let busy = 0;
  for (const { readers, writer } of Object.values(databases.stats())) {
    for (const worker of [...readers.workers, ...(writer?.workers ?? [])]) {
      workers += 1;
      if (worker.load > 0) busy += 1;
    }
  }
  return { workers, busy };
}

async function serve(config: ServerConfig, version: string): Promise<void> {
  tuneHeap();
  let logProblem: string | null = null;
  const logger = createServerLogger({
    home: config.home,
    level: config.logLevel,
    toStderr: config.logToStderr,
    maxBytes: config.logMaxBytes,
    maxFiles: config.logMaxFiles,
    defaultMeta: { pid: process.pid },
    onFileError: (error) => {
      // The server keeps serving without its log file; health reports it.
      if (!logProblem) process.stderr.write(`gatehouse-mcp: cannot write the log file: ${error.message}\n`);
      logProblem = error.message;
    },
  });
  const { log } = logger;
  // A bug must not take down the client's session: log it and keep serving.
  process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));

  const policy = await openPolicySource({
    file: config.policyPath,
    extraRoots: config.extraRoots,
    extraDatabases: config.extraDatabases,
    log,
  });
  const databases = openDatabaseService({ policy, log });
  const admission = createAdmission({
    maxInFlight: config.maxInFlightCalls,
    maxQueued: config.maxQueuedCalls,
    memoryLimitBytes: config.memoryLimitBytes,
  });
  const metrics = createServerMetrics({
    activeCalls: () => admission.stats().inFlight,
    queuedCalls: () => admission.stats().queued,
    databasePool: () => poolFigures(databases),
  });
  policy.onChange((next) => metrics.policyReloaded(next.state === 'valid' || next.state === 'missing'));
  // Gatehouse's own folder and policy file are never served, whatever roots the policy names.
  const files = createFileSandbox({ home: config.home, protectedPaths: [config.policyPath], userHome: os.homedir() });
  const gatehouse = createServer({
    policy,
    logger,
    services: { home: config.home, files, databases },
    version,
    admission,
    observer: metrics,
  });
  const transport = new GatehouseStdioTransport({
    maxMessageBytes: () => maxMessageBytesFor(policy.current().policy),
    onRejected: (reason) => log.warn('malformed message answered with an error', { reason }),
  });

  let status: StatusHandle | undefined;
  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server stopping', { why });
    // Calls under way finish first (bounded): a write ends renamed into place or not at all, its temp
    // file removed, and a database statement is not cut off by its worker being stopped.
    if (!(await admission.idle(DRAIN_MS))) log.warn('calls still running at exit', admission.stats());
    await Promise.allSettled([gatehouse.close(), databases.close(), policy.close(), status?.close()]);
    files.close();
    await logger.close();
    process.exit(0);
  };
  transport.onclose = () => void stop('stdin closed');
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Even on a path that skips stop(), the instance file must not outlive the process.
  process.on('exit', () => removeInstanceFile(config.home, process.pid));

  await gatehouse.connect(transport);
  log.info('server started', { version, home: config.home, policy: config.policyPath, state: policy.current().state });
  try {
    status = await startStatus({
      home: config.home,
      version,
      policy,
      gatehouse,
      metrics,
      log,
      logProblem: () => logProblem,
      memoryLimitBytes: config.memoryLimitBytes,
      quickCheck: (database) => databases.quickCheck({ policy: policy.current().policy, database }),
    });
    if (stopping) await status.close();
  } catch (error) {
    // Without a status listener the tray cannot see this server, but the client can still use it.
    log.error('status listener failed to start', { error });
  }
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`gatehouse-mcp: ${error.message}\n\n${usageText()}`);
    process.exit(2);
  }
  const version = readVersion();
  // Help and version go to stderr: stdout is reserved for the protocol, even here.
  if (config.action === 'help') process.stderr.write(usageText());
  else if (config.action === 'version') process.stderr.write(`gatehouse-mcp ${version}\n`);
  else await serve(config, version);
}

await main();
