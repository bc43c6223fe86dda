import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/core/app-security.js';
import { RENDERER_DIR } from '../helpers/dashboard.js';

const read = (file: string) => fs.readFileSync(path.join(RENDERER_DIR, file), 'utf8');

describe('the built renderer (dist/renderer, from npm run build)', () => {
  it('is an index page, one script and one stylesheet, all from the app itself', () => {
    expect(fs.readdirSync(RENDERER_DIR)).toEqual(expect.arrayContaining(['index.html', 'main.css', 'main.js']));
    const html = read('index.html');
    expect(html).toContain('<script type="module" src="./main.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="./main.css" />');
    // Security: no inline script or style for the CSP to have to allow, and nothing from elsewhere.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/i);
    expect(html + read('main.css')).not.toMatch(/https?:\/\/|@import|url\(/);
  });

  it('carries the shell’s content security policy in the page as well (all but frame-ancestors)', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(read('index.html'))?.[1];
    const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(header);
  });

  it('stays small: no validation library in the page, under 100 KB of script', () => {
    const script = read('main.js');
    expect(script).not.toContain('ZodError');
    expect(Buffer.byteLength(script)).toBeLessThan(100 * 1024);
  });
});
