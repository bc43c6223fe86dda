/**
 * MCP resources (issue 3, item 6): each root as a resource, a `file://` template for the files inside
 * the roots, reads through the same sandbox as the tools, and subscriptions that watch only the
 * subscribed files (released on unsubscribe and on disconnect).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
} from '@modelcontextprotocol/sdk/types.js';
import { rootUriToPath } from './client-roots.js';
import { GatehouseError, toErrorPayload } from './errors.js';
import type { ServerLogger } from './logging.js';
import type { Policy } from './policy/schema.js';
import { decodeText, mimeTypeOf, sniffText, type FileSandbox, type Target } from './sandbox/index.js';

/** The resources of one server. */
export interface Resources {
  /** Tells the client the list of resources changed (roots changed). */
  listChanged(): void;
  /** Stops every watch. */
  close(): Promise<void>;
}

/** MCP's code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

function protocolError(error: unknown): McpError {
  const payload = toErrorPayload(error);
  const code = payload.code === 'NOT_FOUND' ? RESOURCE_NOT_FOUND : ErrorCode.InvalidParams;
  return new McpError(code, `${payload.code}: ${payload.message}`);
}

/** Registers the resource handlers on `server`. */
export function registerResources(deps: {
  server: Server;
  files: FileSandbox;
  logger: ServerLogger;
  /** The policy in force for this client (narrowed to its roots). */
  policy: () => Promise<Policy>;
}): Resources {
  const { server, files, logger } = deps;
  const watches = new Map<string, Promise<() => Promise<void>>>();

  /** A resource URI checked like a tool's path, under the policy in force now. */
  const targetOf = async (uri: string): Promise<Target> => {
    const policy = await deps.policy();
    if (policy.paused)
      throw new GatehouseError('PAUSED', 'Gatehouse is paused: nothing is served until it is resumed.');
    const file = rootUriToPath(uri);
    if (file === null)
      throw new GatehouseError('INVALID_INPUT', 'Only file:// URIs inside the allowed folders are served.');
    return files.target(policy, file, 'read');
  };

  const read = async (uri: string): Promise<ReadResourceResult> => {
    const target = await targetOf(uri);
    const { facts } = await files.stat(target);
    if (facts.kind === 'directory') {
      const { entries } = await files.list(target, { sizes: false });
      const text = entries.map((e) => `${e.type === 'directory' ? '[DIR]' : '[FILE]'} ${e.name}`).join('\n');
      return { contents: [{ uri, mimeType: 'text/plain', text }] };
    }
    const { bytes } = await files.readBytes(target);
    const sniffed = sniffText(bytes);
    if (!sniffed.binary) {
      return {
        contents: [{ uri, mimeType: 'text/plain', text: decodeText(bytes, sniffed.encoding, sniffed.bomLength) }],
      };
    }
    return { contents: [{ uri, mimeType: mimeTypeOf(bytes, target.lexical), blob: bytes.toString('base64') }] };
  };

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const policy = await deps.policy();
    return {
      resources: policy.roots.map((root) => ({
        uri: pathToFileURL(root.path).href,
        name: root.path,
        title: path.basename(root.path) || root.path,
        mimeType: 'inode/directory',
        description: `A folder shared with Gatehouse (${root.access} access).`,
      })),
    };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      {
        uriTemplate: 'file:///{+path}',
        name: 'file',
        title: 'Files in the allowed folders',
        description: 'Any file inside a folder shared with Gatehouse, by its file:// URL.',
      },
    ],
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    const started = performance.now();
    let code: ReturnType<typeof toErrorPayload>['code'] | undefined;
    try {
      return await read(uri);
    } catch (error) {
      code = toErrorPayload(error).code;
      if (!(error instanceof GatehouseError)) logger.log.error('resource read failed unexpectedly', { error });
      throw protocolError(error);
    } finally {
      const record = { tool: 'resources/read', decision: code ? ('refused' as const) : ('allowed' as const), code };
      logger.audit(
        { ...record, durationMs: Math.round((performance.now() - started) * 100) / 100, paths: [uri.slice(0, 300)] },
        server.getClientVersion(),
      );
    }
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    if (watches.has(uri)) return {};
    try {
      const target = await targetOf(uri);
      const notify = () => {
        // Checked again under the policy in force: a file hidden since is not announced.
        void targetOf(uri)
          .then((again) => files.stat(again))
          .then(() => server.sendResourceUpdated({ uri }))
          .catch(() => {});
      };
      const watching = files.watch(target, notify);
      watches.set(uri, watching);
      await watching.catch((error: unknown) => {
        watches.delete(uri);
        throw error;
      });
      return {};
    } catch (error) {
      throw protocolError(error);
    }
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    const watching = watches.get(request.params.uri);
    watches.delete(request.params.uri);
    if (watching) await (await watching)();
    return {};
  });

  return {
    listChanged() {
      if (server.transport) void server.sendResourceListChanged().catch(() => {});
    },
    async close() {
      const all = [...watches.values()];
      watches.clear();
      await Promise.allSettled(all.map(async (watching) => (await watching)()));
    },
  };
}
