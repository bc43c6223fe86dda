import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveAppFile } from '../../../electron/core/app-security.js';

const ROOT = path.resolve('/opt/gatehouse/renderer');

describe('isAppUrl()', () => {
  it.each(['gatehouse://app/index.html', 'gatehouse://app/', 'gatehouse://app/assets/main.js?v=1#top'])(
    'accepts %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
    },
  );

  it.each([
    ['another scheme', 'https://app/index.html'],
    ['file://', 'file:///opt/gatehouse/renderer/index.html'],
    ['another host', 'gatehouse://evil/index.html'],
    ['a look-alike host', 'gatehouse://app.evil.com/index.html'],
    ['credentials before the host', 'gatehouse://app@evil/index.html'],
    ['a user name that looks like the host', 'gatehouse://evil@app/index.html'],
    ['a port', 'gatehouse://app:8080/index.html'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['an empty string', ''],
    ['text that is no URL', 'not a url'],
  ])('refuses %s', (_attack, url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('resolveAppFile()', () => {
  it('maps app URLs to files of the renderer folder with their types', () => {
    expect(resolveAppFile(ROOT, 'gatehouse://app/')).toEqual({
      file: path.join(ROOT, 'index.html'),
      type: 'text/html; charset=utf-8',
    });
    expect(resolveAppFile(ROOT, 'gatehouse://app/assets/main%20x.js')).toEqual({
      file: path.join(ROOT, 'assets', 'main x.js'),
      type: 'text/javascript; charset=utf-8',
    });
  });

  it.each([
    ['.. after decoding', 'gatehouse://app/..%2f..%2fetc%2fpasswd.html'],
    ['an encoded backslash', 'gatehouse://app/..%5c..%5csecret.html'],
    ['an encoded NUL', 'gatehouse://app/index.html%00.png'],
    ['a sibling folder whose name starts like the root', 'gatehouse://app/..%2frenderer-evil%2findex.html'],
    ['a file type the renderer never has', 'gatehouse://app/notes.db'],
    ['malformed percent-encoding', 'gatehouse://app/%E0%A4%A.html'],
    ['a foreign origin', 'https://evil/index.html'],
  ])('refuses %s', (_attack, url) => {
    expect(resolveAppFile(ROOT, url)).toBeNull();
  });
});
