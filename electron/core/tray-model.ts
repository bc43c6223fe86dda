/**
 * What the tray shows, as data: the menu items (issue 6: open, pause/resume, connect, logs folder,
 * start at login, quit), the icon colour and the tooltip, from the current state. The shell turns
 * this into Electron menu items and calls the core when one is clicked.
 */
import type { OverallState } from './health-monitor.js';

/** Everything the tray reflects. */
export interface TrayState {
  overall: OverallState;
  paused: boolean;
  instances: number;
  startAtLogin: boolean;
  claudeConnected: boolean;
}

/** What a menu item does. */
export type TrayAction = 'open' | 'togglePause' | 'connectClaude' | 'openLogs' | 'toggleStartAtLogin' | 'quit';

/** One menu item. */
export interface TrayItem {
  type: 'normal' | 'checkbox' | 'separator';
  label?: string;
  action?: TrayAction;
  checked?: boolean;
  enabled?: boolean;
}

/** The menu for a state. */
export function trayMenuModel(state: TrayState): TrayItem[] {
  return [
    { type: 'normal', label: trayTooltip(state), enabled: false },
    { type: 'separator' },
    { type: 'normal', label: 'Open Gatehouse', action: 'open' },
    { type: 'normal', label: state.paused ? 'Resume' : 'Pause all tools', action: 'togglePause' },
    {
      type: 'normal',
      label: state.claudeConnected ? 'Connected to Claude Desktop' : 'Connect to Claude Desktop',
      action: 'connectClaude',
      enabled: !state.claudeConnected,
    },
    { type: 'normal', label: 'Open logs folder', action: 'openLogs' },
    { type: 'checkbox', label: 'Start at login', action: 'toggleStartAtLogin', checked: state.startAtLogin },
    { type: 'separator' },
    { type: 'normal', label: 'Quit', action: 'quit' },
  ];
}

/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/** Icon colours: paused wins, since it is what a person most needs to notice. */
export const TRAY_COLORS = {
  paused: [59, 130, 246],
  none: [148, 163, 184],
  healthy: [34, 197, 94],
  degraded: [245, 158, 11],
  unhealthy: [239, 68, 68],
} as const satisfies Record<string, Rgb>;

/** The icon colour for a state. */
export function trayIconColor(state: Pick<TrayState, 'overall' | 'paused'>): Rgb {
  return state.paused ? TRAY_COLORS.paused : TRAY_COLORS[state.overall];
}

/** One line saying how things are. */
export function trayTooltip(state: Pick<TrayState, 'overall' | 'paused' | 'instances'>): string {
  const servers = `${state.instances} server${state.instances === 1 ? '' : 's'}`;
  if (state.paused) return `Gatehouse: paused (${servers})`;
  if (state.overall === 'none') return 'Gatehouse: no server running';
  return `Gatehouse: ${state.overall} (${servers})`;
}
