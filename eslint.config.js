// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const PURE_MODULES = [
  'server/errors.ts',
  'server/policy/schema.ts',
  'server/tools/catalog.ts',
  'server/status/protocol.ts',
  'electron/ipc-contract.ts',
  'electron/ipc-channels.ts',
];

/** The only electron files that may import `electron`: the shell. Everything else is plain Node. */
const SHELL_FILES = ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // stdout is the protocol: nothing in the server may print with console.
    files: ['server/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The server never imports electron.' }],
          patterns: [
            {
              group: ['better-sqlite3'],
              message: 'Only server/sandbox/ may open databases.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/tools/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'better-sqlite3', 'electron'].map((name) => ({
            name,
            message: 'Tools do all I/O through server/sandbox/, the one place security is checked.',
          })),
        },
      ],
    },
  },
  {
    // The admin core and the command line are plain Node, tested for real without Electron.
    files: ['electron/**/*.ts'],
    ignores: SHELL_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main.ts, preload.ts and shell/ import electron.' }] },
      ],
    },
  },
  {
    // The command line prints; the core and the shell do not (they return data or log).
    files: ['electron/**/*.ts'],
    ignores: ['electron/cli/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Modules that cross a process boundary: no Node, DOM or Electron.
    files: PURE_MODULES,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron', 'fs', 'path', 'os'], message: 'This module must stay pure.' }] },
      ],
    },
  },
);
