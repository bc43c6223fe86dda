/** Puts the schema's problems at their fields: ids from field paths, and the error line under a field. */
import type { PolicyIssue } from './use-policy-editor.js';

/** The element id of the control for a field path such as `databases.0.name`. */
export function fieldId(field: string): string {
  return `field-${field}`;
}

/** The first problem reported for exactly this field. */
export function issueAt(issues: readonly PolicyIssue[], field: string): string | undefined {
  return issues.find((issue) => issue.field === field)?.message;
}

/** The attributes that tie a control to its field, its error line and any other description. */
export function fieldProps(issues: readonly PolicyIssue[], field: string, describedBy?: string) {
  const invalid = issueAt(issues, field) !== undefined;
  const described = [describedBy, invalid ? `${fieldId(field)}-error` : undefined].filter(Boolean).join(' ');
  return {
    id: fieldId(field),
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': described || undefined,
  };
}

/** The error line under a field, if the schema found a problem there. */
export function FieldError({ issues, field }: { issues: readonly PolicyIssue[]; field: string }) {
  const message = issueAt(issues, field);
  if (!message) return null;
  return (
    <p class="field-error" id={`${fieldId(field)}-error`}>
      {message}
    </p>
  );
}
