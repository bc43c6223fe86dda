/**
 * The direct route for tools/call. The SDK's generic request path validates each call's envelope and
 * params with zod twice and its result once, builds a context of closures and takes several promise
 * hops: about 45 µs of a ~90 µs call on a 2-core machine, more than most tools spend working. Every
 * tools/call takes this route instead, and malformed params get InvalidParams (the SDK answered some
 * with an internal error and some not at all). Other methods, and task-augmented calls, stay with it.
 *
 * What the SDK did for a call is kept: the answer carries the request's id; `notifications/cancelled`
 * aborts the call and no answer is sent; a closed connection aborts every call; progress goes out as
 * notifications only while the call runs.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, JSONRPCMessage, ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { withPlainText } from './chunked-text.js';

/**
 * How a call learns that it was cancelled. Pass this object along rather than its signal: the route's
 * signal is made when first read (see Cancellation).
 */
export interface CallCancellation {
  readonly signal: AbortSignal;
}

/** What a routed call hands to the tool dispatcher. */
export interface RoutedCall {
  name: string;
  arguments: Record<string, unknown> | undefined;
  progressToken: string | number | undefined;
  /** Aborted when the client cancels the call or disconnects. */
  cancellation: CallCancellation;
  sendNotification: (notification: ServerNotification) => Promise<void>;
}

/** What the route needs from the server. */
export interface CallRouteDeps {
  call(request: RoutedCall): Promise<CallToolResult>;
  notify(notification: ServerNotification): Promise<void>;
}

type Id = string | number;

const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface PlainCall {
  name: string;
  args: Record<string, unknown> | undefined;
  token?: Id;
}

/** The call's params, or why they are not a call; undefined for a task-augmented call (the SDK's). */
function readCall(params: unknown): PlainCall | string | undefined {
  if (!isRecord(params)) return '"params" must be an object';
  if (params.task !== undefined) return undefined;
  if (typeof params.name !== 'string') return '"name" must be a string';
  const args = params.arguments;
  if (args !== undefined && !isRecord(args)) return '"arguments" must be an object';
  const meta = params._meta;
  if (meta === undefined) return { name: params.name, args };
  if (!isRecord(meta)) return '"_meta" must be an object';
  const token = meta.progressToken;
  if (token !== undefined && typeof token !== 'string' && typeof token !== 'number') {
    return '"_meta.progressToken" must be a string or a number';
  }
  return { name: params.name, args, token };
}

/**
 * A call's cancellation. Its AbortSignal is made on first use: most calls end without anything having
 * listened, and Node's AbortSignal costs a few µs and 1.4 KB of garbage a call. (A getter on a class, not
 * in an object literal: V8 builds a literal with a getter in the runtime, which costs more than it saves.)
 */
class Cancellation implements CallCancellation {
  cancelled = false;
  private controller: AbortController | undefined;
  private reason: unknown;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.cancelled) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  cancel(reason?: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/**
 * Installs the route on a transport the SDK server is already connected to: it sees each message
 * before the SDK does and keeps the ones it answers.
 */
export function routeToolCalls(transport: Transport, deps: CallRouteDeps): void {
  const running = new Map<Id, Cancellation>();
  const toSdk = transport.onmessage;
  // Only a transport that writes JSON itself takes a ChunkedText as it is; an in-memory one hands objects on.
  const plain = (transport as { writesChunkedText?: boolean }).writesChunkedText !== true;
  const onClose = transport.onclose;

  const answer = (id: Id, cancellation: Cancellation, message: JSONRPCMessage) => {
    if (running.get(id) === cancellation) running.delete(id);
    if (!cancellation.cancelled) void transport.send(message).catch(() => {});
  };

  transport.onmessage = (message, extra) => {
    const m = message as { id?: Id; method?: string; params?: unknown };
    if (m.method === 'tools/call' && m.id !== undefined) {
      const call = readCall(m.params);
      if (typeof call === 'string') {
        const error = { code: INVALID_PARAMS, message: `Invalid tools/call request: ${call}` };
        void transport.send({ jsonrpc: '2.0', id: m.id, error }).catch(() => {});
        return;
      }
      if (call) {
        const id = m.id;
        const cancellation = new Cancellation();
        running.set(id, cancellation);
        deps
          .call({
            name: call.name,
            arguments: call.args,
            progressToken: call.token,
            cancellation,
            sendNotification: (notification) =>
              cancellation.cancelled ? Promise.resolve() : deps.notify(notification),
          })
          .then(
            (result) =>
              answer(id, cancellation, { jsonrpc: '2.0', id, result: plain ? withPlainText(result) : result }),
            (error: unknown) =>
              answer(id, cancellation, {
                jsonrpc: '2.0',
                id,
                error: { code: INTERNAL_ERROR, message: error instanceof Error ? error.message : String(error) },
              }),
          );
        return;
      }
    } else if (m.method === 'notifications/cancelled' && isRecord(m.params)) {
      const id = m.params.requestId as Id;
      running.get(id)?.cancel(m.params.reason);
      running.delete(id);
    }
    toSdk?.(message, extra);
  };

  transport.onclose = () => {
    for (const cancellation of running.values()) cancellation.cancel();
    running.clear();
    onClose?.();
  };
}
