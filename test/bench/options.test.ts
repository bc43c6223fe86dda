import { describe, expect, it } from 'vitest';
import { parseBenchOptions, parseLoadOptions } from '../../bench/options.js';

describe('parseBenchOptions()', () => {
  it('runs every section by default, and the named ones with --only', () => {
    expect(parseBenchOptions([]).sections).toEqual(['baseline', 'files', 'db']);
    expect(parseBenchOptions(['--only', 'db']).sections).toEqual(['db']);
    expect(parseBenchOptions(['--only', 'files,baseline']).sections).toEqual(['baseline', 'files']);
  });

  it('warms cheap calls with thousands of calls, except in a --quick smoke run', () => {
    expect(parseBenchOptions([]).timing.cheap.warmupCalls).toBeGreaterThanOrEqual(2000);
    expect(parseBenchOptions(['--quick']).timing.cheap.warmupCalls).toBeLessThan(2000);
  });

  it('refuses an unknown section', () => {
    expect(() => parseBenchOptions(['--only', 'disk'])).toThrow(/unknown section "disk"/);
  });

  it("drives the servers with the lean client unless --client sdk asks for the SDK's", () => {
    expect(parseBenchOptions([]).client).toBe('lean');
    expect(parseBenchOptions(['--client', 'sdk']).client).toBe('sdk');
    expect(() => parseBenchOptions(['--client', 'curl'])).toThrow(/--client: expected lean or sdk/);
  });
});

describe('parseLoadOptions()', () => {
  it('drives 1,000 calls in flight for 60 s by default, and a 10-minute soak with --soak', () => {
    expect(parseLoadOptions([])).toMatchObject({ soak: false, seconds: 60, concurrency: 1000 });
    expect(parseLoadOptions(['--soak'])).toMatchObject({ soak: true, seconds: 600, rate: 500 });
    expect(parseLoadOptions(['--seconds', '5']).seconds).toBe(5);
  });

  it('refuses a duration that is not a positive number', () => {
    expect(() => parseLoadOptions(['--seconds', 'soon'])).toThrow(/--seconds/);
  });
});
