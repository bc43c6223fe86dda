/** A coloured pill for a health state, a log level, a decision or a risk: the word is always shown. */
import type { ComponentChildren } from 'preact';

/** The colour families of the design. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

/** The tone of a health state. */
export function healthTone(status: string): Tone {
  if (status === 'healthy') return 'ok';
  if (status === 'degraded') return 'warn';
  if (status === 'unhealthy') return 'bad';
  return 'neutral';
}

/** A pill; colour never carries meaning alone (the text says it too). */
export function Badge({ tone, children, title }: { tone: Tone; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
