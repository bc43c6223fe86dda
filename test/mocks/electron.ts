/**
 * The one fake of the `electron` module (aliased in vitest.config.ts), since no Electron binary can
 * run here. It records what the shell asks of Electron, so tests can check window options, the tray
 * menu, IPC registration and security handlers, and it lets tests play the renderer's side.
 */
import fs from 'node:fs';
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** A fake web frame: what `event.senderFrame` is for an IPC message. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

let nextId = 1;

/** A window's fake webContents. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  mainFrame: FakeFrame = { url: '', parent: null };
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** Every window created, in order. */
export const windows: BrowserWindow[] = [];

/** A fake BrowserWindow: keeps its options and the URL it loaded. */
export class BrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  visible = false;
  minimized = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {}
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

const handlers = new Map<string, Handler>();

/** The fake ipcMain: `handle` stores handlers; tests call them through `invokeMain`. */
export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    handlers.delete(channel);
  },
};

/** The channels with a handler. */
export function handledChannels(): string[] {
  return [...handlers.keys()];
}

/** Plays the renderer: invokes a main handler as if `contents`' frame sent it. */
export async function invokeMain(
  channel: string,
  argument: unknown,
  from: { sender: FakeWebContents | object; senderFrame: FakeFrame | null },
): Promise<unknown> {
  const handler = handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(from, argument);
}

/** The fake ipcRenderer, for the preload: invoke() reaches ipcMain as the dashboard's main frame. */
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invocations: [] as Array<{ channel: string; args: unknown[] }>,
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    ipcRenderer.invocations.push({ channel, args });
    return { ok: true, value: null };
  },
});

/** What the preload exposed, by key. */
export const exposed = new Map<string, unknown>();

/** The fake contextBridge. */
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposed.set(key, api);
  },
};

/** The fake app. */
export const app = Object.assign(new EventEmitter(), {
  singleInstance: true,
  /** A checkout, as in every test: icons come from build/icons. */
  isPackaged: false,
  quitCalls: 0,
  loginItem: { openAtLogin: false, args: [] as string[] },
  requestSingleInstanceLock(): boolean {
    return app.singleInstance;
  },
  whenReady: () => Promise.resolve(),
  quit(): void {
    app.quitCalls += 1;
  },
  getVersion: () => '0.1.0-test',
  getLoginItemSettings: () => ({ ...app.loginItem }),
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void {
    app.loginItem = { openAtLogin: settings.openAtLogin, args: settings.args ?? [] };
  },
});

/** Every tray created. */
export const trays: Tray[] = [];

/** A fake Tray: keeps its image, tooltip and menu. */
export class Tray extends EventEmitter {
  image: NativeImage;
  tooltip = '';
  menu: Menu | null = null;
  destroyed = false;
  constructor(image: NativeImage) {
    super();
    this.image = image;
    trays.push(this);
  }
  setImage(image: NativeImage): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: Menu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** A fake menu item template entry. */
export interface FakeMenuItem {
  type?: string;
  label?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
}

/** A fake Menu: keeps its template. */
export class Menu {
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template);
  }
}

/** A fake NativeImage: keeps its PNG representations, the file it came from and its template flag. */
export class NativeImage {
  readonly representations: Array<{ scaleFactor: number; buffer: Buffer }> = [];
  file: string | null = null;
  template = false;
  addRepresentation(representation: { scaleFactor: number; buffer: Buffer }): void {
    this.representations.push(representation);
  }
  setTemplateImage(template: boolean): void {
    this.template = template;
  }
  isEmpty(): boolean {
    return this.representations.length === 0;
  }
}

/** The fake nativeImage. */
export const nativeImage = {
  createFromBuffer(buffer: Buffer, options: { scaleFactor?: number } = {}): NativeImage {
    const image = new NativeImage();
    image.addRepresentation({ scaleFactor: options.scaleFactor ?? 1, buffer });
    return image;
  },
  /** Like Electron: an empty image when the file cannot be read. */
  createFromPath(file: string): NativeImage {
    const image = new NativeImage();
    image.file = file;
    if (fs.existsSync(file)) image.addRepresentation({ scaleFactor: 1, buffer: fs.readFileSync(file) });
    return image;
  },
};

/** The fake protocol: keeps the privileged schemes and the handlers. */
export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void {
    protocol.handlers.set(scheme, handler);
  },
};

/** The fake default session: keeps its permission handlers. */
export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as undefined | ((...args: unknown[]) => void),
    permissionCheckHandler: undefined as undefined | ((...args: unknown[]) => boolean),
    setPermissionRequestHandler(handler: (...args: unknown[]) => void): void {
      session.defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
      session.defaultSession.permissionCheckHandler = handler;
    },
  },
};

/** The fake shell: records what it was asked to open. */
export const shell = {
  opened: [] as string[],
  async openPath(target: string): Promise<string> {
    shell.opened.push(target);
    return '';
  },
};

/** The fake dialog: answers with whatever a test queued; records message and error boxes. */
export const dialog = {
  nextOpenResult: { canceled: true, filePaths: [] as string[] },
  messages: [] as Array<Record<string, unknown>>,
  errors: [] as string[],
  async showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    return dialog.nextOpenResult;
  },
  async showMessageBox(options: Record<string, unknown>): Promise<{ response: number }> {
    dialog.messages.push(options);
    return { response: 0 };
  },
  showErrorBox(_title: string, content: string): void {
    dialog.errors.push(content);
  },
};

/** Forgets everything recorded, between tests. */
export function resetFakeElectron(): void {
  handlers.clear();
  windows.length = 0;
  trays.length = 0;
  exposed.clear();
  ipcRenderer.invocations.length = 0;
  ipcRenderer.removeAllListeners();
  app.removeAllListeners();
  app.singleInstance = true;
  app.quitCalls = 0;
  app.loginItem = { openAtLogin: false, args: [] };
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  session.defaultSession.permissionRequestHandler = undefined;
  session.defaultSession.permissionCheckHandler = undefined;
  shell.opened.length = 0;
  dialog.nextOpenResult = { canceled: true, filePaths: [] };
  dialog.messages.length = 0;
  dialog.errors.length = 0;
}

export default {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  nativeImage,
  protocol,
  session,
  shell,
  Tray,
};
