import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { circlePng } from '../../../electron/core/tray-icon.js';
import {
  TRAY_COLORS,
  trayIconColor,
  trayMenuModel,
  trayTooltip,
  type TrayState,
} from '../../../electron/core/tray-model.js';

const STATE: TrayState = {
  overall: 'healthy',
  paused: false,
  instances: 2,
  startAtLogin: false,
  claudeConnected: false,
};

describe('tray model', () => {
  it.each([
    ['healthy', { overall: 'healthy', paused: false }, TRAY_COLORS.healthy],
    ['degraded', { overall: 'degraded', paused: false }, TRAY_COLORS.degraded],
    ['unhealthy', { overall: 'unhealthy', paused: false }, TRAY_COLORS.unhealthy],
    ['no server', { overall: 'none', paused: false }, TRAY_COLORS.none],
    ['paused, which wins over health', { overall: 'unhealthy', paused: true }, TRAY_COLORS.paused],
  ] as const)('colours the icon for %s', (_name, state, color) => {
    expect(trayIconColor(state)).toEqual(color);
  });

  it('says Resume while paused and shows the login item as a checkbox', () => {
    const paused = trayMenuModel({ ...STATE, paused: true, startAtLogin: true });
    expect(paused.find((i) => i.action === 'togglePause')!.label).toBe('Resume');
    expect(paused.find((i) => i.action === 'toggleStartAtLogin')).toMatchObject({ type: 'checkbox', checked: true });
    expect(trayTooltip({ ...STATE, paused: true })).toBe('Gatehouse: paused (2 servers)');
    expect(trayTooltip({ ...STATE, overall: 'none', instances: 0 })).toBe('Gatehouse: no server running');
  });

  it('draws a valid PNG circle: opaque in the middle, transparent in the corner', () => {
    const png = circlePng(16, TRAY_COLORS.healthy);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const idat = png.indexOf('IDAT');
    const length = png.readUInt32BE(idat - 4);
    const pixels = zlib.inflateSync(png.subarray(idat + 4, idat + 4 + length));
    const pixel = (x: number, y: number) => [...pixels.subarray(y * 65 + 1 + x * 4, y * 65 + 1 + x * 4 + 4)];
    expect(pixel(8, 8)).toEqual([...TRAY_COLORS.healthy, 255]);
    expect(pixel(0, 0)[3]).toBe(0);
  });
});
