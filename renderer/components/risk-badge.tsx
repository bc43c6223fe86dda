/** What a tool may do, from the catalog: read, write or destructive. */
import type { ToolEffect } from '../../server/tools/catalog.js';
import { Badge, type Tone } from './status-badge.js';

const TONE: Record<ToolEffect, Tone> = { read: 'neutral', write: 'warn', destructive: 'bad' };
const HINT: Record<ToolEffect, string> = {
  read: 'Only reads.',
  write: 'Creates or changes files or data; never destroys.',
  destructive: 'Can replace or remove what is there.',
};

/** The risk label of a tool. */
export function RiskBadge({ effect }: { effect: ToolEffect }) {
  return (
    <Badge tone={TONE[effect]} title={HINT[effect]}>
      {effect}
    </Badge>
  );
}
