/** The Logs page's filter form, and the log filter main applies for it. Pure. */
import type { LogFilter } from '../types.js';

/** What the form holds; '' means "any". */
export interface FilterState {
  /** The least severe level shown. */
  level: '' | 'error' | 'warn' | 'info' | 'debug';
  kind: '' | 'audit' | 'event';
  tool: string;
  decision: '' | 'allowed' | 'refused';
  /** An instance's pid, as text. */
  pid: string;
  text: string;
  time: 'any' | '15m' | '1h' | '24h' | '7d' | 'custom';
  /** `datetime-local` values, for a custom range. */
  from: string;
  to: string;
}

/** Every filter open. */
export const NO_FILTER: FilterState = {
  level: '',
  kind: '',
  tool: '',
  decision: '',
  pid: '',
  text: '',
  time: 'any',
  from: '',
  to: '',
};

/** winston's levels, most severe first. */
const LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug'];

const PRESET_MS = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;

/** A `datetime-local` value as an ISO time; undefined when empty or not a time. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The filter main applies; a preset time counts back from `now`. */
export function toLogFilter(state: FilterState, now: number): LogFilter {
  const filter: LogFilter = {};
  if (state.level) filter.levels = LEVELS.slice(0, LEVELS.indexOf(state.level) + 1);
  if (state.kind) filter.kind = state.kind;
  if (state.tool) filter.tool = state.tool;
  if (state.decision) filter.decision = state.decision;
  const pid = Number(state.pid);
  if (state.pid && Number.isInteger(pid) && pid > 0) filter.pid = pid;
  const text = state.text.trim();
  if (text) filter.text = text.slice(0, 200);
  if (state.time === 'custom') {
    const since = isoOf(state.from);
    const until = isoOf(state.to);
    if (since) filter.since = since;
    if (until) filter.until = until;
  } else if (state.time !== 'any') {
    filter.since = new Date(now - PRESET_MS[state.time]).toISOString();
  }
  return filter;
}
