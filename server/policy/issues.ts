/**
 * A problem in a policy document, and how it reads in one line. Without zod, so the dashboard shows
 * problems the way the command line and the logs do; schema.ts re-exports both.
 */

/** One problem in a policy file, naming the field and the reason. */
export interface PolicyIssue {
  /** Dotted path of the field, e.g. `limits.maxRows` or `roots.0.path`; empty for the whole file. */
  field: string;
  message: string;
}

/** One line naming every issue, for logs, health and the command line. */
export function formatPolicyIssues(issues: readonly PolicyIssue[]): string {
  return issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
}
