/**
 * The one path every tool call takes: find the tool, check the policy (offered, paused), validate the
 * input, run the handler, and turn the outcome into a contract result with one audit record. Expected
 * failures keep their message; anything else is logged with its stack and answered as INTERNAL_ERROR.
 */
import type { CallToolResult, ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { ZodError } from 'zod';
import type { CallCancellation } from './call-route.js';
import { GatehouseError, toErrorPayload } from './errors.js';
import type { ServerLogger } from './logging.js';
import type { Policy } from './policy/schema.js';
import type { Admission, Release } from './admission.js';
import type { Services } from './services.js';
import type { CallObserver } from './status/metrics.js';
import { isToolOffered, type AuditNotes, type ToolContext, type ToolDefinition } from './tools/define-tool.js';

/** What the transport layer knows about one call. */
export interface CallRequest {
  name: string;
  arguments: unknown;
  /** The policy this call sees (the client's roots applied). */
  policy: Policy;
  cancellation: CallCancellation;
  progressToken?: string | number;
  sendNotification?: (notification: ServerNotification) => Promise<void>;
  client?: { name: string; version: string };
}

/** Dependencies of the dispatcher. */
export interface DispatchDeps {
  tools: ReadonlyMap<string, ToolDefinition>;
  services: Services;
  logger: ServerLogger;
  /** Rate limits, in-flight cap and memory shedding; absent in tests that do not need them. */
  admission?: Admission;
  /** Observes every finished call (metrics). */
  observer?: CallObserver;
  /** Runs a call's bookkeeping once its answer is written, so the client does not wait for it; absent, at once. */
  afterAnswer?: (work: () => void) => void;
}

const PROGRESS_INTERVAL_MS = 100;

function describeInputError(error: ZodError): string {
  const reasons = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'arguments'}: ${issue.message}`);
  return `Invalid arguments: ${reasons.join('; ')}.`;
}

/** Textual size of a result's content, for the audit record. */
function contentBytes(result: CallToolResult): number {
  let bytes = 0;
  for (const block of result.content) {
    if (block.type === 'text') bytes += block.text.length;
    else if (block.type === 'image' || block.type === 'audio') bytes += block.data.length;
  }
  return bytes;
}

/** Makes the progress reporter of one call: a no-op unless the client sent a progress token. */
function progressReporter(request: CallRequest): ToolContext['progress'] {
  const { progressToken, sendNotification } = request;
  if (progressToken === undefined || !sendNotification) return () => {};
  let lastSent = 0;
  return (progress, total, message) => {
    const now = Date.now();
    if (now - lastSent < PROGRESS_INTERVAL_MS && progress !== total) return;
    lastSent = now;
    void sendNotification({
      method: 'notifications/progress',
      params: { progressToken, progress, total, message },
    }).catch(() => {});
  };
}

/** A handler's context. A class, so that `signal` is read from the call only when a handler asks for it. */
class CallContext implements ToolContext {
  constructor(
    readonly policy: Policy,
    readonly services: Services,
    readonly audit: AuditNotes,
    readonly progress: ToolContext['progress'],
    private readonly cancellation: CallCancellation,
  ) {}

  get signal(): AbortSignal {
    return this.cancellation.signal;
  }
}

/** The contract's error result. */
export function errorResult(error: unknown): CallToolResult {
  const payload = toErrorPayload(error);
  return {
    isError: true,
    content: [{ type: 'text', text: `${payload.code}: ${payload.message}` }],
    structuredContent: { error: payload },
  };
}

/** Runs one tool call from start to audit record. Never throws. */
export async function dispatchToolCall(deps: DispatchDeps, request: CallRequest): Promise<CallToolResult> {
  const started = performance.now();
  const policy = request.policy;
  const audit: AuditNotes = { paths: [] };
  const tool = deps.tools.get(request.name);
  let result: CallToolResult;
  let release: Release | undefined;
  try {
    if (!tool) throw new GatehouseError('INVALID_INPUT', `Unknown tool "${request.name.slice(0, 80)}".`);
    if (!isToolOffered(tool.info, tool.name, policy)) {
      throw new GatehouseError('TOOL_DISABLED', `The tool ${tool.name} is not enabled by the Gatehouse policy.`);
    }
    if (policy.paused) {
      throw new GatehouseError('PAUSED', 'Gatehouse is paused: every tool is refused until it is resumed.');
    }
    release = await deps.admission?.admit(policy.limits.callsPerMinute, tool.info.heavy);
    const parsed = tool.parse(request.arguments ?? {});
    if (!parsed.success) throw new GatehouseError('INVALID_INPUT', describeInputError(parsed.error));
    const context = new CallContext(policy, deps.services, audit, progressReporter(request), request.cancellation);
    const reply = await tool.handle(parsed.data, context);
    // A ChunkedText stands for its string until the transport writes it (message-json.ts).
    const text = (reply.text ?? JSON.stringify(reply.data)) as string;
    result = {
      content: reply.content ?? [{ type: 'text', text }],
      structuredContent: reply.data as Record<string, unknown>,
    };
  } catch (error) {
    if (!(error instanceof GatehouseError)) {
      deps.logger.log.error('tool call failed unexpectedly', { tool: request.name, error });
    }
    result = errorResult(error);
  } finally {
    release?.();
  }
  const durationMs = performance.now() - started;
  const code = result.isError ? (result.structuredContent?.error as { code: GatehouseError['code'] }).code : undefined;
  const bookkeeping = () => {
    deps.logger.audit(
      {
        tool: request.name.slice(0, 80),
        decision: code ? 'refused' : 'allowed',
        code,
        durationMs: Math.round(durationMs * 100) / 100,
        // Fields left undefined are left out of the line; conditional spreads here cost microseconds a call.
        paths: audit.paths.length ? audit.paths : undefined,
        database: audit.database,
        statementKind: audit.database ? audit.statementKind : undefined,
        resultBytes: contentBytes(result),
      },
      request.client,
    );
    deps.observer?.finished(tool?.name ?? 'unknown', code ?? 'ok', durationMs / 1000);
  };
  if (deps.afterAnswer) deps.afterAnswer(bookkeeping);
  else bookkeeping();
  return result;
}
