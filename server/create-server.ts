/**
 * createServer(): one MCP server bound to a live policy. No I/O at import time; the caller connects a
 * transport through connect() (stdio in main, in-memory in tests).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type Implementation,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Admission } from './admission.js';
import { routeToolCalls, type RoutedCall } from './call-route.js';
import { withPlainText } from './chunked-text.js';
import { attachClientRoots } from './client-roots.js';
import type { ServerLogger } from './logging.js';
import type { CallObserver } from './status/metrics.js';
import type { PolicySource } from './policy/source.js';
import { registerResources } from './resources.js';
import type { Policy } from './policy/schema.js';
import type { Services } from './services.js';
import { dispatchToolCall, type DispatchDeps } from './tool-calls.js';
import { isToolOffered, type ToolDefinition } from './tools/define-tool.js';
import { ALL_TOOLS } from './tools/index.js';

/** What createServer() needs. */
export interface ServerDeps {
  policy: PolicySource;
  logger: ServerLogger;
  services: Services;
  version: string;
  /** Defaults to every tool of the registry. */
  tools?: readonly ToolDefinition[];
  admission?: Admission;
  observer?: CallObserver;
}

/** A created server and what the process around it needs from it. */
export interface GatehouseServer {
  /** The SDK server. */
  readonly server: Server;
  /** Connects the server to a transport, with tools/call on the direct route. */
  connect(transport: Transport): Promise<void>;
  /** The client's name and version from `initialize`, once known. */
  client(): Implementation | undefined;
  /** Calls `listener` each time a client completes the handshake; returns the unsubscribe function. */
  onInitialized(listener: () => void): () => void;
  /** Stops following the policy and closes the connection. */
  close(): Promise<void>;
}

const INSTRUCTIONS =
  'Gatehouse gives access to folders and SQLite databases chosen by the user, and nothing else. ' +
  'Call list_allowed_directories or list_databases first. Refusals carry a code and a reason.';

/** Names of the tools a policy offers, in registry order. */
function offeredTools(tools: readonly ToolDefinition[], policy: Policy): ToolDefinition[] {
  return tools.filter((tool) => isToolOffered(tool.info, tool.name, policy));
}

/** Creates a server that follows the policy source; tools/list always reflects the current policy. */
export function createServer(deps: ServerDeps): GatehouseServer {
  const tools = deps.tools ?? ALL_TOOLS;
  const byName = new Map(tools.map((tool) => [tool.name as string, tool]));
  const server = new Server(
    { name: 'gatehouse', title: 'Gatehouse', version: deps.version },
    {
      capabilities: { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true } },
      instructions: INSTRUCTIONS,
    },
  );

  // Files beyond tools: the client's roots narrow the policy a call sees; resources read through the
  // same sandbox under that policy.
  const initializedListeners = new Set<() => void>();
  const clientRoots = attachClientRoots({
    server,
    files: deps.services.files,
    log: deps.logger.log,
    onChange: () => resources.listChanged(),
  });
  initializedListeners.add(() => void clientRoots.refresh());
  const policyForCall = () => clientRoots.policyFor(deps.policy.current().policy);
  const resources = registerResources({
    server,
    files: deps.services.files,
    logger: deps.logger,
    policy: policyForCall,
  });
  server.onclose = () => void resources.close();

  // The listing is derived once per policy snapshot, not per request.
  let listing: { policy: Policy; tools: Tool[] } | undefined;
  const currentListing = (): Tool[] => {
    const policy = deps.policy.current().policy;
    if (listing?.policy !== policy) {
      listing = { policy, tools: offeredTools(tools, policy).map((tool) => tool.listing) };
    }
    return listing.tools;
  };

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: currentListing() }));
  // The connected transport's afterWrite, where it has one (the stdio transport): a call's audit record
  // and metrics then wait until its answer is written.
  let afterWrite: ((work: () => void) => void) | undefined;
  const dispatch: DispatchDeps = {
    tools: byName,
    services: deps.services,
    logger: deps.logger,
    admission: deps.admission,
    observer: deps.observer,
    afterAnswer: (work) => (afterWrite ? afterWrite(work) : work()),
  };
  const callTool = async (call: RoutedCall) =>
    dispatchToolCall(dispatch, {
      name: call.name,
      arguments: call.arguments,
      policy: await policyForCall(),
      cancellation: call.cancellation,
      progressToken: call.progressToken,
      sendNotification: call.sendNotification,
      client: server.getClientVersion(),
    });
  // The direct route (connect) serves tools/call; the SDK still serves the task-augmented ones.
  // The SDK checks the result's text is a string: a ChunkedText is made one here.
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const result = await callTool({
      name: request.params.name,
      arguments: request.params.arguments,
      progressToken: request.params._meta?.progressToken,
      cancellation: { signal: extra.signal },
      sendNotification: extra.sendNotification,
    });
    return withPlainText(result);
  });

  const unsubscribe = deps.policy.onChange((next, previous) => {
    const before = offeredTools(tools, previous.policy)
      .map((t) => t.name)
      .join();
    const after = offeredTools(tools, next.policy)
      .map((t) => t.name)
      .join();
    if (before !== after && server.transport) {
      deps.logger.log.info('offered tools changed', { tools: after });
      void server.sendToolListChanged().catch(() => {});
    }
    if (JSON.stringify(next.policy.roots) !== JSON.stringify(previous.policy.roots)) resources.listChanged();
  });

  server.oninitialized = () => {
    for (const listener of initializedListeners) listener();
  };

  return {
    server,
    client: () => server.getClientVersion(),
    async connect(transport) {
      await server.connect(transport);
      const writer = transport as Transport & { afterWrite?: (work: () => void) => void };
      afterWrite = writer.afterWrite?.bind(transport);
      routeToolCalls(transport, { call: callTool, notify: (notification) => server.notification(notification) });
    },
    onInitialized(listener) {
      initializedListeners.add(listener);
      return () => initializedListeners.delete(listener);
    },
    async close() {
      unsubscribe();
      await resources.close();
      await server.close();
    },
  };
}
