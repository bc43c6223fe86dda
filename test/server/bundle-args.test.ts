import { describe, expect, it } from 'vitest';
import { serverArgsFromBundle } from '../../server/bundle-args.js';

describe('serverArgsFromBundle()', () => {
  it('turns the folder and database lists into positional DIRs and --db options', () => {
    expect(
      serverArgsFromBundle([
        '--folders',
        '/home/ana/notes',
        '/home/ana/site',
        '--databases',
        '/home/ana/a.db',
        '/b.db',
      ]),
    ).toEqual(['--db', '/home/ana/a.db', '--db', '/b.db', '--', '/home/ana/notes', '/home/ana/site']);
  });

  it('accepts empty lists, as Claude Desktop expands an empty selection to nothing', () => {
    expect(serverArgsFromBundle(['--folders', '--databases'])).toEqual(['--']);
  });

  it.each([
    ['an unset folder list left as a placeholder', ['--folders', '${user_config.allowed_directories}']],
    ['an unset database list left as a placeholder', ['--databases', '${user_config.databases}']],
    ['an empty argument', ['--folders', '']],
  ])('drops %s instead of sharing a folder of that name', (_name, args) => {
    expect(serverArgsFromBundle(args)).toEqual(['--']);
  });

  it('keeps a folder whose name starts with a dash a folder, after --', () => {
    expect(serverArgsFromBundle(['--folders', '--version'])).toEqual(['--', '--version']);
    expect(serverArgsFromBundle(['--folders', '-rf'])).toEqual(['--', '-rf']);
  });

  it('passes options before the first list on unchanged', () => {
    expect(serverArgsFromBundle(['--policy', '/p.json', '--folders', '/d'])).toEqual([
      '--policy',
      '/p.json',
      '--',
      '/d',
    ]);
  });
});
