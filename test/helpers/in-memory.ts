/** A real SDK Client connected to createServer() in memory, with a temp home and a live policy file. */
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ListRootsRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createServer, type GatehouseServer } from '../../server/create-server.js';
import { createServerLogger, type ServerLogger } from '../../server/logging.js';
import { openPolicySource, type PolicySource } from '../../server/policy/source.js';
import { openDatabaseService, type DatabaseServiceOptions } from '../../server/sandbox/database/service.js';
import { createFileSandbox, type FileSandbox, type FileSandboxOptions } from '../../server/sandbox/index.js';
import type { Services } from '../../server/services.js';
import type { CallObserver } from '../../server/status/metrics.js';
import { tempDir, writePolicy } from './temp.js';

/** The BUILT database worker (a child process runs JavaScript, not the TypeScript under test). */
export const DATABASE_WORKER = path.resolve(import.meta.dirname, '../../dist/server/sandbox/database/worker.js');

/** A connected client and everything behind it. */
export interface Harness {
  client: Client;
  home: string;
  policyFile: string;
  policy: PolicySource;
  logger: ServerLogger;
  services: Services;
  gatehouse: GatehouseServer;
  /** The file sandbox the server's tools use. */
  files: FileSandbox;
  /** How many `tools/list_changed` notifications arrived. */
  listChanged: () => number;
  /** Calls a tool and returns the raw result. */
  call(name: string, args?: Record<string, unknown>): ReturnType<Client['callTool']>;
  close(): Promise<void>;
}

/** Options of startHarness(). */
export interface HarnessOptions {
  /** The policy file to write first; none is written when omitted. */
  policy?: unknown;
  extraRoots?: string[];
  services?: Partial<Services>;
  /** The home folder; by default a temp folder removed after the test (pass one to share a harness). */
  home?: string;
  /** Options of the database service (memory limit, idle time...). */
  databaseOptions?: Partial<DatabaseServiceOptions>;
  /** Options of the file sandbox (gate limits, the portable strategy). */
  files?: Partial<FileSandboxOptions>;
  /** Makes the client offer MCP roots: what it answers to roots/list. */
  clientRoots?: () => Array<{ uri: string; name?: string }>;
  /** Gives the server's end of the connection an afterWrite, as the stdio transport has. */
  afterWrite?: (work: () => void) => void;
  /** Observes every finished call, as the metrics do. */
  observer?: CallObserver;
}

/** Starts a server on a temp home and connects a client to it. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const home = options.home ?? tempDir('gatehouse-home-');
  const policyFile = path.join(home, 'policy.json');
  if (options.policy !== undefined) writePolicy(policyFile, options.policy);
  const logger = createServerLogger({
    home,
    level: 'debug',
    toStderr: false,
    maxBytes: 1 << 20,
    maxFiles: 2,
    defaultMeta: { pid: process.pid },
  });
  const policy = await openPolicySource({ file: policyFile, extraRoots: options.extraRoots ?? [], log: logger.log });
  const databases = openDatabaseService({
    policy,
    log: logger.log,
    workerEntry: DATABASE_WORKER,
    ...options.databaseOptions,
  });
  const files = createFileSandbox({ home, protectedPaths: [policyFile], userHome: os.homedir(), ...options.files });
  const services: Services = { home, files, databases, ...options.services };
  const gatehouse = createServer({ policy, logger, services, version: 'test', observer: options.observer });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  if (options.afterWrite) Object.assign(serverSide, { afterWrite: options.afterWrite });
  const client = new Client(
    { name: 'vitest', version: '1.0.0' },
    options.clientRoots ? { capabilities: { roots: { listChanged: true } } } : undefined,
  );
  const clientRoots = options.clientRoots;
  if (clientRoots) client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: clientRoots() }));
  let listChanged = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged += 1;
  });
  await gatehouse.connect(serverSide);
  await client.connect(clientSide);
  await client.listTools(); // caches output schemas, so every later result is validated by the client
  return {
    client,
    home,
    policyFile,
    policy,
    logger,
    services,
    gatehouse,
    files,
    listChanged: () => listChanged,
    call: (name, args = {}) => client.callTool({ name, arguments: args }),
    async close() {
      await client.close();
      await gatehouse.close();
      await databases.close();
      await policy.close();
      files.close();
      await logger.close();
    },
  };
}

/** The contract error of a tool result, or undefined for a success. */
export function errorOf(
  result: Record<string, unknown>,
): { category: string; code: string; message: string; retryAfterMs: number | null } | undefined {
  if (!result.isError) return undefined;
  return (result.structuredContent as { error: never }).error;
}
