import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openDashboard, type Browser, type Dashboard } from '../helpers/dashboard.js';

const PAGES = ['Overview', 'Permissions', 'Secrets', 'Logs', 'Connect'] as const;
/** Roles a person operates; each needs a name a screen reader can say. */
const CONTROL = /^\s*- (button|textbox|searchbox|checkbox|switch|radio|combobox|spinbutton|link)\b(.*)$/;

let browser: Browser;
let dashboard: Dashboard | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(() => browser?.close());
afterEach(async () => {
  await dashboard?.close();
  dashboard = undefined;
});

describe('the dashboard (built renderer, real core)', () => {
  it('loads under the shell’s CSP with the real preload, and nothing on any page breaks it', async () => {
    dashboard = await openDashboard(browser);
    for (const name of PAGES) await dashboard.go(name);
    // A CSP violation, a failed load or an uncaught error all land here.
    expect(dashboard.problems).toEqual([]);
  });

  it('names every control on every page (as Chromium’s accessibility tree sees it)', async () => {
    dashboard = await openDashboard(browser);
    const unnamed: string[] = [];
    for (const name of PAGES) {
      await dashboard.go(name);
      const tree = await dashboard.page.locator('body').ariaSnapshot();
      for (const line of tree.split('\n')) {
        const match = CONTROL.exec(line);
        if (match && !match[2]!.trim().startsWith('"')) unnamed.push(`${name}: ${line.trim()}`);
      }
    }
    expect(unnamed).toEqual([]);
  });

  it('is usable with the keyboard alone: reach a page, switch a tool, and see the change waiting to be saved', async () => {
    dashboard = await openDashboard(browser);
    const { page } = dashboard;
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: 'Overview' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Permissions' }).waitFor();
    const tool = page.getByRole('switch', { name: 'Copy file' });
    await tool.focus();
    await page.keyboard.press('Space');
    expect(await tool.isChecked()).toBe(false);
    await page.getByRole('heading', { name: '1 unsaved change' }).waitFor();
    await expect.poll(() => nav.getByRole('button', { name: /Permissions.*unsaved changes/ }).count()).toBe(1);
    // Escape hatch: Discard is reachable by Tab from the save bar and brings the switch back.
    await page.getByRole('button', { name: 'Discard' }).focus();
    await page.keyboard.press('Enter');
    expect(await tool.isChecked()).toBe(true);
  });

  it('follows the OS theme: light and dark differ, and text keeps its contrast', async () => {
    const colours = async (scheme: 'light' | 'dark') => {
      await dashboard!.page.emulateMedia({ colorScheme: scheme });
      return dashboard!.page.evaluate<[string, string]>(
        '[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]',
      );
    };
    dashboard = await openDashboard(browser);
    const [lightBg, lightText] = await colours('light');
    const [darkBg, darkText] = await colours('dark');
    expect(lightBg).not.toBe(darkBg);
    expect(contrast(lightBg, lightText)).toBeGreaterThan(7);
    expect(contrast(darkBg, darkText)).toBeGreaterThan(7);
  });
});

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
