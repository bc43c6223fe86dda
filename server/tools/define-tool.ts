/**
 * defineTool(): a tool is data (name, schemas, effect from the catalog) plus a handler. This is the one
 * place that derives a tool's MCP description and its output schema, which admits the contract's error
 * shape so that a client validating `structuredContent` accepts refusals too.
 */
import { z } from 'zod';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ChunkedText } from '../chunked-text.js';
import type { Policy } from '../policy/schema.js';
import type { Services } from '../services.js';
import { TOOL_CATALOG, type ToolInfo, type ToolName } from './catalog.js';

/** What a handler notes about the call for the audit trail: targets, never contents. */
export interface AuditNotes {
  paths: string[];
  database?: string;
  statementKind?: string;
}

/** Everything a handler may use. One per call; the policy is the snapshot in force when it started. */
export interface ToolContext {
  readonly policy: Policy;
  readonly services: Services;
  /** Aborted when the client cancels the call or disconnects. */
  readonly signal: AbortSignal;
  readonly audit: AuditNotes;
  /** Reports progress when the client asked for it (throttled); a no-op otherwise. */
  progress(done: number, total?: number, message?: string): void;
}

/** A handler's answer: the structured result and, optionally, its readable content. */
export interface ToolReply<O> {
  data: O;
  /** Readable text; defaults to the data as JSON. */
  text?: string | ChunkedText;
  /** Full content blocks, for media or several files; replaces `text`. */
  content?: CallToolResult['content'];
}

/** A tool's definition, as the registry holds it. */
export interface ToolDefinition {
  readonly name: ToolName;
  readonly info: ToolInfo;
  /** The description, schemas and annotations served by `tools/list`. */
  readonly listing: Tool;
  /** Parses raw arguments; throws a ZodError on bad input. */
  parse(args: unknown): z.ZodSafeParseResult<unknown>;
  handle(args: unknown, ctx: ToolContext): Promise<ToolReply<unknown>>;
}

/** The contract's error object, declared in every output schema. */
export const errorOutputSchema = z.strictObject({
  category: z.enum(['client_error', 'server_error', 'external_error']),
  code: z.string(),
  message: z.string(),
  retryAfterMs: z.number().nullable(),
});

type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/**
 * A tool's output schema: its own fields, plus `error`; either all its required fields are present
 * (success) or `error` is (a refusal).
 */
function outputJsonSchema(output: z.ZodObject): Tool['outputSchema'] {
  const { required, ...rest } = toJsonSchema(output, 'output');
  const properties = { ...(rest.properties as JsonSchema), error: toJsonSchema(errorOutputSchema, 'output') };
  return {
    ...rest,
    type: 'object',
    properties,
    anyOf: [{ required: (required as string[] | undefined) ?? [] }, { required: ['error'] }],
  };
}

/** Defines a tool; its title, effect and annotations come from the catalog entry of its name. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(def: {
  name: ToolName;
  description: string;
  input: I;
  output: O;
  handle(args: z.output<I>, ctx: ToolContext): Promise<ToolReply<z.output<O>>>;
}): ToolDefinition {
  const info: ToolInfo = TOOL_CATALOG[def.name];
  const listing: Tool = {
    name: def.name,
    title: info.title,
    description: def.description,
    inputSchema: toJsonSchema(def.input, 'input') as Tool['inputSchema'],
    outputSchema: outputJsonSchema(def.output),
    annotations: {
      title: info.title,
      readOnlyHint: info.effect === 'read',
      destructiveHint: info.effect === 'destructive',
      idempotentHint: info.idempotent,
      openWorldHint: false,
    },
  };
  return Object.freeze({
    name: def.name,
    info,
    listing,
    parse: (args: unknown) => def.input.safeParse(args),
    handle: (args: unknown, ctx: ToolContext) => def.handle(args as z.output<I>, ctx),
  });
}

/** Whether the policy offers a tool: not switched off, and a write tool only where writing is possible. */
export function isToolOffered(info: ToolInfo, name: ToolName, policy: Policy): boolean {
  if (policy.tools[name] === false) return false;
  if (info.effect === 'read') return true;
  return info.group === 'files'
    ? policy.roots.some((root) => root.access === 'write')
    : policy.databases.some((db) => db.access === 'write');
}
