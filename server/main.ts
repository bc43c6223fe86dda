#!/usr/bin/env node
/**
 * The stdio entry: resolve config -> logger -> live policy -> createServer -> connect stdio. Exits 2 on
 * a usage error; otherwise runs until stdin closes or a signal arrives, then cleans up.
 */
import fs from 'node:fs';
import { loadConfig, usageText, UsageError, type ServerConfig } from './config.js';
import { createServer } from './create-server.js';
import { createServerLogger } from './logging.js';
import { openPolicySource } from './policy/source.js';
import { openDatabaseService } from './sandbox/database/service.js';
import { GatehouseStdioTransport, maxMessageBytesFor } from './transport/stdio.js';

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function serve(config: ServerConfig, version: string): Promise<void> {
  const logger = createServerLogger({
    home: config.home,
    level: config.logLevel,
    toStderr: config.logToStderr,
    maxBytes: config.logMaxBytes,
    maxFiles: config.logMaxFiles,
    defaultMeta: { pid: process.pid },
    onFileError: (error) => process.stderr.write(`gatehouse-mcp: cannot write the log file: ${error.message}\n`),
  });
  const { log } = logger;
  // A bug must not take down the client's session: log it and keep serving.
  process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));

  const policy = await openPolicySource({ file: config.policyPath, extraRoots: config.extraRoots, log });
  const databases = openDatabaseService({ policy, log });
  const gatehouse = createServer({ policy, logger, services: { home: config.home, databases }, version });
  const transport = new GatehouseStdioTransport({
    maxMessageBytes: () => maxMessageBytesFor(policy.current().policy),
    onRejected: (reason) => log.warn('malformed message answered with an error', { reason }),
  });

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info('server stopping', { why });
    await Promise.allSettled([gatehouse.close(), databases.close(), policy.close()]);
    await logger.close();
    process.exit(0);
  };
  transport.onclose = () => void stop('stdin closed');
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await gatehouse.server.connect(transport);
  log.info('server started', { version, home: config.home, policy: config.policyPath, state: policy.current().state });
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
