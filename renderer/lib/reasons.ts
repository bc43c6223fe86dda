/** What each refusal code means, in the words a person reads on the Overview and in the logs. */
import type { ErrorCode } from '../../server/errors.js';

const REASONS: Record<ErrorCode, string> = {
  INVALID_INPUT: 'The arguments of the call were not valid.',
  ACCESS_DENIED: 'Outside every shared folder, or hidden by a deny pattern.',
  NOT_FOUND: 'The file, folder or database does not exist.',
  ALREADY_EXISTS: 'The destination already exists.',
  TOO_LARGE: 'Larger than the limits allow.',
  TOOL_DISABLED: 'The tool is switched off in Permissions.',
  PAUSED: 'All tools were paused.',
  RATE_LIMITED: 'Too many calls per minute.',
  READ_ONLY: 'A change to a read-only folder or database.',
  TIMEOUT: 'It ran past its time limit.',
  DATABASE_BUSY: 'The database was locked by another program.',
  INTERNAL_ERROR: 'Gatehouse failed; the server log has the details.',
};

/** The reason behind a refusal code; the code itself for one this version does not know. */
export function describeRefusal(code: string | undefined): string {
  if (!code) return 'Refused.';
  return (REASONS as Record<string, string>)[code] ?? code;
}
