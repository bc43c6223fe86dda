/**
 * The hooks every browser test file needs: one Chromium per file, a fresh dashboard (and core) per test,
 * and servers that are closed after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, openDashboard, type Browser, type Dashboard, type OpenOptions } from './dashboard.js';
import { connectClient, type SpawnedClient } from './spawn-server.js';
import { waitFor } from './temp.js';
import { instanceFilePath } from '../../server/status/instances.js';

/** What a test uses. */
export interface BrowserSuite {
  /** Opens the dashboard over a fresh Gatehouse home; closed after the test. */
  open(options?: OpenOptions): Promise<Dashboard>;
  /** Starts a built server on the dashboard's home, registered as an instance; closed after the test. */
  server(dashboard: Dashboard): Promise<SpawnedClient>;
}

/** Registers the hooks and returns the suite's helpers. */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(() => browser?.close());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async open(options) {
      const dashboard = await openDashboard(browser!, options);
      cleanups.push(() => dashboard.close());
      return dashboard;
    },
    async server(dashboard) {
      const spawned = await connectClient(dashboard.t.home);
      cleanups.push(() => spawned.close());
      await waitFor(() => fs.existsSync(instanceFilePath(dashboard.t.home, spawned.pid!)), 10_000, 'instance file');
      return spawned;
    },
  };
}

/** The dashboard's policy file, parsed; undefined while there is none. */
export function readPolicyFile(dashboard: Dashboard): Record<string, unknown> | undefined {
  const file = path.join(dashboard.t.home, 'policy.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : undefined;
}
