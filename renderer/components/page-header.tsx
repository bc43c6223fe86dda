/** A page's title and a line about what it is for. */
import type { ComponentChildren } from 'preact';

/** The page heading (the one h1) with an optional description and actions on the right. */
export function PageHeader({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children?: ComponentChildren;
}) {
  return (
    <header class="page-header">
      <div>
        <h1 id="page-title">{title}</h1>
        {description && <p class="muted">{description}</p>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </header>
  );
}
