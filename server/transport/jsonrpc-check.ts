/**
 * Structural check of incoming JSON-RPC messages. The SDK's stdio path drops a request whose envelope
 * fails its schema without answering; here every message that carries an id gets an answer.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** JSON-RPC error codes used by the transport. */
export const JSONRPC_PARSE_ERROR = -32700;
export const JSONRPC_INVALID_REQUEST = -32600;

type Id = string | number;

/** Either a message to pass on, an error to answer, or nothing to do (a broken notification). */
export type CheckedMessage =
  | { kind: 'message'; message: JSONRPCMessage }
  | { kind: 'reject'; id: Id | null; code: number; message: string }
  | { kind: 'ignore'; reason: string };

function isId(value: unknown): value is Id {
  return (typeof value === 'string' && value.length <= 256) || (typeof value === 'number' && Number.isFinite(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one parsed line. */
export function checkMessage(value: unknown): CheckedMessage {
  if (!isPlainObject(value)) {
    return {
      kind: 'reject',
      id: null,
      code: JSONRPC_INVALID_REQUEST,
      message: 'Invalid Request: expected a JSON-RPC object (batches are not supported)',
    };
  }
  const id = isId(value.id) ? value.id : null;
  const invalid = (reason: string): CheckedMessage =>
    id === null && 'method' in value && !('id' in value)
      ? { kind: 'ignore', reason }
      : { kind: 'reject', id, code: JSONRPC_INVALID_REQUEST, message: `Invalid Request: ${reason}` };
  if (value.jsonrpc !== '2.0') return invalid('"jsonrpc" must be "2.0"');
  if ('method' in value) {
    if (typeof value.method !== 'string') return invalid('"method" must be a string');
    if ('id' in value && id === null) return invalid('"id" must be a string or a number');
    if (value.params !== undefined && !isPlainObject(value.params)) return invalid('"params" must be an object');
    return { kind: 'message', message: value as JSONRPCMessage };
  }
  if (id !== null && ('result' in value || isPlainObject(value.error))) {
    return { kind: 'message', message: value as JSONRPCMessage };
  }
  return invalid('not a request, notification or response');
}

/** Finds a request id in the head or tail of a line too large to parse, so the error reaches its caller. */
export function findIdInFragment(head: string, tail: string): Id | null {
  for (const text of [head, tail]) {
    const match = /"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,256}")/.exec(text);
    if (match?.[1]) return match[1].startsWith('"') ? (JSON.parse(match[1]) as string) : Number(match[1]);
  }
  return null;
}
