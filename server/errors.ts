/**
 * The contract's error taxonomy (CONTRACT §4). Pure: no Node, DOM or Electron imports, so the tray can
 * reuse it. Expected failures are GatehouseErrors; anything else is a bug and becomes INTERNAL_ERROR.
 */

/** Every error code the contract allows, mapped to its category. */
export const ERROR_CATEGORY_BY_CODE = {
  INVALID_INPUT: 'client_error',
  ACCESS_DENIED: 'client_error',
  NOT_FOUND: 'client_error',
  ALREADY_EXISTS: 'client_error',
  TOO_LARGE: 'client_error',
  TOOL_DISABLED: 'client_error',
  PAUSED: 'client_error',
  RATE_LIMITED: 'client_error',
  READ_ONLY: 'client_error',
  TIMEOUT: 'external_error',
  DATABASE_BUSY: 'external_error',
  INTERNAL_ERROR: 'server_error',
} as const;

/** A contract error code. */
export type ErrorCode = keyof typeof ERROR_CATEGORY_BY_CODE;

/** Whose fault a failure is: the caller's input, Gatehouse, or what Gatehouse talks to. */
export type ErrorCategory = 'client_error' | 'server_error' | 'external_error';

/** The error as it travels in `structuredContent.error` and over IPC: plain data. */
export interface ErrorPayload {
  category: ErrorCategory;
  code: ErrorCode;
  message: string;
  retryAfterMs: number | null;
}

/** Options of an expected failure. */
export interface GatehouseErrorOptions {
  /** What the caller can do about it; appended to the readable message. */
  hint?: string;
  /** Set for RATE_LIMITED and DATABASE_BUSY. */
  retryAfterMs?: number;
  /** Overrides the code's category, e.g. an I/O failure of the disk is external, not ours. */
  category?: ErrorCategory;
  cause?: unknown;
}

/** An expected failure: bad input, a refused path, a busy database. Its message is safe to show. */
export class GatehouseError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly hint: string | undefined;
  readonly retryAfterMs: number | null;

  constructor(code: ErrorCode, message: string, options: GatehouseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatehouseError';
    this.code = code;
    this.category = options.category ?? ERROR_CATEGORY_BY_CODE[code];
    this.hint = options.hint;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }

  /** The contract's plain-data form. */
  toPayload(): ErrorPayload {
    const message = this.hint ? `${this.message} ${this.hint}` : this.message;
    return { category: this.category, code: this.code, message, retryAfterMs: this.retryAfterMs };
  }
}

/** The payload for an unexpected exception: says nothing about internals. */
export const INTERNAL_ERROR_PAYLOAD: ErrorPayload = Object.freeze({
  category: 'server_error',
  code: 'INTERNAL_ERROR',
  message: 'Gatehouse hit an internal error; the details are in its log.',
  retryAfterMs: null,
});

/** Turns anything thrown into the contract's payload; only GatehouseErrors keep their message. */
export function toErrorPayload(error: unknown): ErrorPayload {
  return error instanceof GatehouseError ? error.toPayload() : INTERNAL_ERROR_PAYLOAD;
}

/** True for a value shaped like an ErrorPayload, e.g. one that crossed a process boundary. */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && v.code in ERROR_CATEGORY_BY_CODE && typeof v.message === 'string';
}
