import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHome, resolveConfig, UsageError, type ConfigSources } from '../../server/config.js';

const base: ConfigSources = { argv: [], env: {}, cwd: '/work', platform: 'linux', homedir: '/home/ana' };

describe('defaultHome()', () => {
  it("matches Electron's userData folder on each platform", () => {
    expect(defaultHome('linux', {}, '/home/ana')).toBe('/home/ana/.config/Gatehouse');
    expect(defaultHome('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/Gatehouse');
    expect(defaultHome('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Gatehouse');
    expect(defaultHome('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Gatehouse',
    );
  });
});

describe('resolveConfig()', () => {
  it('uses the defaults when nothing is set', () => {
    const config = resolveConfig(base);
    expect(config).toMatchObject({
      action: 'serve',
      home: '/home/ana/.config/Gatehouse',
      policyPath: '/home/ana/.config/Gatehouse/policy.json',
      extraRoots: [],
      logLevel: 'info',
      logToStderr: false,
    });
  });

  it('lets env override the defaults and argv override env', () => {
    const config = resolveConfig({
      ...base,
      argv: ['--policy', 'p.json', 'docs', '/abs'],
      env: {
        GATEHOUSE_HOME: '/gh',
        GATEHOUSE_POLICY: '/env-policy.json',
        GATEHOUSE_LOG_LEVEL: 'debug',
        GATEHOUSE_LOG_STDERR: '1',
      },
    });
    expect(config.home).toBe('/gh');
    expect(config.policyPath).toBe(path.resolve('/work', 'p.json'));
    expect(config.extraRoots).toEqual(['/work/docs', '/abs']);
    expect(config.logLevel).toBe('debug');
    expect(config.logToStderr).toBe(true);
  });

  it('takes each --db FILE as an absolute database path, beside the positional DIRs', () => {
    const config = resolveConfig({ ...base, argv: ['--db', 'shop.db', '--db', '/abs/notes.db', '--', 'docs'] });
    expect(config.extraDatabases).toEqual([path.resolve('/work', 'shop.db'), '/abs/notes.db']);
    expect(config.extraRoots).toEqual([path.resolve('/work', 'docs')]);
    expect(resolveConfig(base).extraDatabases).toEqual([]);
  });

  it('takes GATEHOUSE_POLICY when --policy is absent', () => {
    expect(resolveConfig({ ...base, env: { GATEHOUSE_POLICY: '/env-policy.json' } }).policyPath).toBe(
      '/env-policy.json',
    );
  });

  it('refuses an unknown option and a bad variable with a usage error', () => {
    expect(() => resolveConfig({ ...base, argv: ['--nope'] })).toThrow(UsageError);
    expect(() => resolveConfig({ ...base, env: { GATEHOUSE_LOG_LEVEL: 'loud' } })).toThrow(/GATEHOUSE_LOG_LEVEL/);
  });

  it('recognises --help and --version', () => {
    expect(resolveConfig({ ...base, argv: ['--help'] }).action).toBe('help');
    expect(resolveConfig({ ...base, argv: ['-v'] }).action).toBe('version');
  });
});
