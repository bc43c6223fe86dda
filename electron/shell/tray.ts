/** The tray icon: its colour, tooltip and menu follow the state; a click on an item runs its action. */
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

function iconFor(state: TrayState): NativeImage {
  const color = trayIconColor(state);
  const image = nativeImage.createFromBuffer(circlePng(16, color), { scaleFactor: 1 });
  image.addRepresentation({ scaleFactor: 2, buffer: circlePng(32, color) });
  return image;
}

/** Creates the tray for an initial state. */
export function createTray(initial: TrayState, actions: TrayActions): TrayController {
  const tray = new Tray(iconFor(initial));
  tray.on('click', () => void actions.open());
  let last = '';
  const update = (state: TrayState) => {
    // Polls repeat the same state every few seconds; the menu is rebuilt only when something changed.
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    tray.setImage(iconFor(state));
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
