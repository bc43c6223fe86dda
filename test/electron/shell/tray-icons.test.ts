import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { circlePng } from '../../../electron/core/tray-icon.js';
import { TRAY_COLORS, type TrayState } from '../../../electron/core/tray-model.js';
import { createTray, type TrayActions } from '../../../electron/shell/tray.js';
import { resetFakeElectron, trays } from '../../mocks/electron.js';

const iconDir = path.resolve(import.meta.dirname, '../../../build/icons');
const noop = () => undefined;
const actions: TrayActions = {
  open: noop,
  togglePause: noop,
  connectClaude: noop,
  openLogs: noop,
  toggleStartAtLogin: noop,
  quit: noop,
};
const state = (patch: Partial<TrayState>): TrayState => ({
  overall: 'healthy',
  paused: false,
  instances: 1,
  startAtLogin: false,
  claudeConnected: false,
  ...patch,
});

beforeEach(() => resetFakeElectron());

describe('createTray() icons', () => {
  it('shows the gate template image from the icon folder on macOS while all is well', () => {
    createTray(state({}), actions, { iconDir, platform: 'darwin' });
    const image = trays[0]!.image;
    expect(image.file).toBe(path.join(iconDir, 'trayTemplate.png'));
    expect(image.template).toBe(true);
    expect(image.isEmpty()).toBe(false);
  });

  it('switches to the coloured dot on macOS when a state needs attention, and back', () => {
    const tray = createTray(state({}), actions, { iconDir, platform: 'darwin' });
    tray.update(state({ overall: 'unhealthy' }));
    expect(trays[0]!.image.template).toBe(false);
    expect(trays[0]!.image.representations[0]!.buffer.equals(circlePng(16, TRAY_COLORS.unhealthy))).toBe(true);
    tray.update(state({ paused: true }));
    expect(trays[0]!.image.representations[0]!.buffer.equals(circlePng(16, TRAY_COLORS.paused))).toBe(true);
    tray.update(state({}));
    expect(trays[0]!.image.template).toBe(true);
  });

  it('falls back to the coloured dot on macOS when the icon files are missing', () => {
    createTray(state({}), actions, { iconDir: '/nowhere', platform: 'darwin' });
    expect(trays[0]!.image.representations[0]!.buffer.equals(circlePng(16, TRAY_COLORS.healthy))).toBe(true);
  });

  it.each(['win32', 'linux'] as const)('uses the coloured dots at 1x and 2x on %s', (platform) => {
    createTray(state({}), actions, { iconDir, platform });
    const image = trays[0]!.image;
    expect(image.file).toBeNull();
    expect(image.representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
  });
});
