import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The Electron binary is never installed here: every test that reaches `electron` gets the one fake.
    alias: { electron: path.resolve(import.meta.dirname, 'test/mocks/electron.ts') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Forks, not threads: tests load native modules (better-sqlite3, keytar) and spawn servers.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
