/** The pool's own refusals and failures, worded once. */
import { GatehouseError } from '../../errors.js';

/** Errors the pool answers with, rather than the worker. */
export const poolErrors = {
  timeout: (ms: number) =>
    new GatehouseError('TIMEOUT', `The statement ran longer than queryTimeoutMs (${ms} ms) and was stopped.`, {
      hint: 'Narrow it down (WHERE, LIMIT), or raise limits.queryTimeoutMs in the policy.',
    }),
  cancelled: () => new GatehouseError('TIMEOUT', 'The call was cancelled.'),
  closed: () =>
    new GatehouseError('NOT_FOUND', 'This database is no longer served: it left the policy, or Gatehouse is stopping.'),
  memory: () =>
    new GatehouseError('TOO_LARGE', 'The statement needed more memory than a database worker may use.', {
      hint: 'Select fewer rows or smaller values, or aggregate less at once.',
    }),
  crashed: () =>
    new GatehouseError('INTERNAL_ERROR', 'The database worker stopped unexpectedly; the statement was abandoned.'),
  cannotStart: () =>
    new GatehouseError('INTERNAL_ERROR', 'The database worker cannot start; the details are in the log.'),
};
