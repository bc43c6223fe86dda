/** The tray icon: its colour, tooltip and menu follow the state; a click on an item runs its action. */
import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import { circlePng } from '../core/tray-icon.js';
import { trayIconColor, trayMenuModel, trayTooltip, type TrayAction, type TrayState } from '../core/tray-model.js';

/** What each menu action does; main supplies these over the admin core. */
export type TrayActions = Record<TrayAction, () => unknown>;

/** The running tray. */
export interface TrayController {
  update(state: TrayState): void;
  destroy(): void;
}

/** Where the icon files are and which OS draws the menu bar. */
export interface TrayIconOptions {
  /** build/icons in a checkout, `<resources>/icons` when packaged (app-layout.ts). */
  iconDir: string;
  platform: NodeJS.Platform;
}

/**
 * On macOS a calm state (healthy, or no server) shows the gate as a template image, which the menu bar
 * tints for light and dark; a state that needs attention shows its coloured dot everywhere.
 */
function iconFor(state: TrayState, options: TrayIconOptions): NativeImage {
  const calm = !state.paused && (state.overall === 'healthy' || state.overall === 'none');
  if (options.platform === 'darwin' && calm) {
    // Electron picks trayTemplate@2x.png beside it for Retina screens.
    const template = nativeImage.createFromPath(path.join(options.iconDir, 'trayTemplate.png'));
    template.setTemplateImage(true);
    if (!template.isEmpty()) return template;
  }
  const color = trayIconColor(state);
  const image = nativeImage.createFromBuffer(circlePng(16, color), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: circlePng(32, color) });
  return image;
}

/** Creates the tray for an initial state. */
export function createTray(initial: TrayState, actions: TrayActions, icons: TrayIconOptions): TrayController {
  const tray = new Tray(iconFor(initial, icons));
  tray.on('click', () => void actions.open());
  let last = '';
  const update = (state: TrayState) => {
    // Polls repeat the same state every few seconds; the menu is rebuilt only when something changed.
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    tray.setImage(iconFor(state, icons));
    tray.setToolTip(trayTooltip(state));
    const template: MenuItemConstructorOptions[] = trayMenuModel(state).map((item) => ({
      type: item.type,
      label: item.label,
      checked: item.checked,
      enabled: item.enabled,
      click: item.action ? () => void actions[item.action!]() : undefined,
    }));
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  update(initial);
  return { update, destroy: () => tray.destroy() };
}
