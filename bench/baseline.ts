/** The protocol's own ceiling: a bare SDK server's no-op tool, next to each server's cheapest call. */
import type { Scenario } from './compare.js';
import { mcpContender } from './invoke.js';
import type { McpTarget } from './servers.js';

/** The baseline scenario: the bare SDK server first, as everyone's yardstick. */
export function baselineScenarios(bare: McpTarget, servers: readonly McpTarget[]): Scenario[] {
  const none = () => ({});
  return [
    {
      name: 'cheapest call',
      weight: 'cheap',
      versus: bare.name,
      contenders: [
        mcpContender(bare, 'noop', none),
        ...servers.map((server) => mcpContender(server, 'list_allowed_directories', none)),
      ],
    },
  ];
}

/** What the baseline section measured, for its introduction. */
export function baselineSectionNotes(): string[] {
  return [
    'bare SDK: `bench/noop-server.ts`, the SDK\'s `McpServer` with one tool that returns "ok", on the SDK\'s stdio transport.',
    "gatehouse and reference: `list_allowed_directories`, each server's cheapest call (no file system access).",
    'The "of SDK ceiling" column in every section is a server\'s calls/s as a share of the bare server\'s at the same concurrency.',
  ];
}
