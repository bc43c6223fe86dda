/** The command lines of `npm run bench` and `npm run bench:load`, parsed once. */
import { parseArgs } from 'node:util';
import type { Timing } from './compare.js';
import type { ClientKind } from './servers.js';

/** The benchmark sections, in the order they run. */
export const SECTIONS = ['baseline', 'files', 'db'] as const;
/** A benchmark section. */
export type SectionId = (typeof SECTIONS)[number];

/** What `npm run bench` was asked to do. */
export interface BenchOptions {
  sections: SectionId[];
  quick: boolean;
  write: boolean;
  timing: Timing;
  concurrencies: number[];
  client: ClientKind;
}

/** Full runs warm cheap calls with thousands of calls; `--quick` only checks that everything works. */
const FULL: Timing = {
  // Four 1 s turns each: on a host with steal time one window alone can be half as fast as the next.
  cheap: { warmupCalls: 3000, seconds: 4, minCalls: 400, rounds: 4 },
  // At least one warm-up call per worker at concurrency 8; two turns, since the slowest call takes 20 s.
  heavy: { warmupCalls: 8, seconds: 6, minCalls: 10, rounds: 2 },
};
const QUICK: Timing = {
  cheap: { warmupCalls: 100, seconds: 0.3, minCalls: 20, rounds: 2 },
  heavy: { warmupCalls: 0, seconds: 0.2, minCalls: 2, rounds: 1 },
};

/** Parses `npm run bench -- [--only files,db,baseline] [--quick] [--write] [--client lean|sdk]`. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      client: { type: 'string', default: 'lean' },
    },
  });
  if (values.client !== 'lean' && values.client !== 'sdk') {
    throw new Error(`--client: expected lean or sdk, not "${values.client}"`);
  }
  const wanted = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const name of wanted) {
    if (!(SECTIONS as readonly string[]).includes(name))
      throw new Error(`--only: unknown section "${name}" (${SECTIONS.join(', ')})`);
  }
  return {
    sections: SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s)),
    quick: values.quick ?? false,
    write: values.write ?? false,
    timing: values.quick ? QUICK : FULL,
    concurrencies: [1, 8],
    client: values.client,
  };
}

/** What `npm run bench:load` was asked to do. */
export interface LoadOptions {
  soak: boolean;
  seconds: number;
  /** Calls in flight (load) or the cap on them (soak). */
  concurrency: number;
  /** Soak only: calls started per second. */
  rate: number;
  write: boolean;
}

/** Parses `npm run bench:load -- [--seconds N] [--soak] [--rate N] [--in-flight N] [--write]`. */
export function parseLoadOptions(argv: readonly string[]): LoadOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      soak: { type: 'boolean', default: false },
      seconds: { type: 'string' },
      rate: { type: 'string', default: '500' },
      'in-flight': { type: 'string' },
      write: { type: 'boolean', default: false },
    },
  });
  const soak = values.soak ?? false;
  const number = (text: string | undefined, fallback: number, name: string) => {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number`);
    return value;
  };
  return {
    soak,
    seconds: number(values.seconds, soak ? 600 : 60, 'seconds'),
    concurrency: Math.round(number(values['in-flight'], soak ? 64 : 1000, 'in-flight')),
    rate: number(values.rate, 500, 'rate'),
    write: values.write ?? false,
  };
}
