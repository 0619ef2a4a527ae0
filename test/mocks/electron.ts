/**
 * Class-based fakes of the Electron APIs the shell uses (app, BrowserWindow, webContents,
 * session, ipcMain, ipcRenderer, contextBridge, shell, dialog, Menu, Tray, Notification),
 * in the style of Electron Fiddle's tests/mocks. Install them in a test file with
 *
 *   vi.mock('electron', async () => (await import('../../mocks/electron')).electronMock);
 *
 * and call resetElectronMock() in beforeEach. The fakes behave like the real thing where
 * the shell depends on it: a new BrowserWindow emits app 'web-contents-created',
 * ipcMain.handle refuses a second handler for a channel, app.quit() emits a preventable
 * 'before-quit', contextBridge refuses to expose a key twice, a 'close' listener that
 * calls preventDefault() keeps the window open, a Notification emits 'click' and 'action'
 * when a test clicks it.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

/** An Electron event: preventDefault() marks it prevented. Extra fields (url, sender, ...) are copied on. */
export class FakeEvent {
  defaultPrevented = false;
  readonly preventDefault = vi.fn(() => {
    this.defaultPrevented = true;
  });
}
export function fakeEvent<T extends object>(fields?: T): FakeEvent & T {
  return Object.assign(new FakeEvent(), fields);
}

// ---------------------------------------------------------------- session

type HeadersListener = (
  details: { url: string; resourceType: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

export class WebRequestMock {
  headersReceivedListener: HeadersListener | null = null;
  onHeadersReceived(listener: HeadersListener | null): void {
    this.headersReceivedListener = listener;
  }
}

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string },
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;

export class SessionMock {
  webRequest = new WebRequestMock();
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }
  reset(): void {
    this.webRequest = new WebRequestMock();
    this.permissionRequestHandler = null;
    this.permissionCheckHandler = null;
    this.devicePermissionHandler = null;
  }
}

export const session = { defaultSession: new SessionMock() };

// ---------------------------------------------------------------- web contents and frames

/** The fields of WebFrameMain the shell reads. */
export class WebFrameMainMock {
  constructor(
    public url: string,
    public parent: WebFrameMainMock | null = null,
  ) {}
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

let nextContentsId = 1;
export class WebContentsMock extends EventEmitter {
  readonly id = nextContentsId++;
  readonly session = session.defaultSession;
  readonly send = vi.fn<(channel: string, ...args: unknown[]) => void>();
  windowOpenHandler: WindowOpenHandler | null = null;
  url = '';
  mainFrame = new WebFrameMainMock('');
  /** What isLoading() answers; finishLoading() clears it and emits 'did-finish-load'. */
  loading = false;
  private destroyed = false;

  isLoading(): boolean {
    return this.loading;
  }
  /** Test helper: the page finished loading. */
  finishLoading(): void {
    this.loading = false;
    this.emit('did-finish-load');
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Test helper: the page finished loading `url`. */
  navigatedTo(url: string): void {
    this.url = url;
    this.mainFrame = new WebFrameMainMock(url);
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

// ---------------------------------------------------------------- windows

export class BrowserWindowMock extends EventEmitter {
  static instances: BrowserWindowMock[] = [];
  static getAllWindows(): BrowserWindowMock[] {
    return BrowserWindowMock.instances.filter((window) => !window.isDestroyed());
  }
  static fromWebContents(contents: unknown): BrowserWindowMock | null {
    return BrowserWindowMock.instances.find((window) => window.webContents === contents) ?? null;
  }

  readonly webContents = new WebContentsMock();
  private destroyed = false;
  private minimized = false;
  private visible: boolean;
  private title: string;

  readonly loadFile = vi.fn(async (filePath: string) => {
    this.webContents.navigatedTo(pathToFileURL(filePath).href);
  });
  readonly loadURL = vi.fn(async (url: string) => {
    this.webContents.navigatedTo(url);
  });
  readonly show = vi.fn(() => {
    this.visible = true;
  });
  readonly hide = vi.fn(() => {
    this.visible = false;
  });
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly minimize = vi.fn(() => {
    this.minimized = true;
  });
  readonly setOverlayIcon = vi.fn<(overlay: unknown, description: string) => void>();

  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> } = {}) {
    super();
    this.visible = options.show !== false;
    this.title = typeof options.title === 'string' ? options.title : 'Electron';
    BrowserWindowMock.instances.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  close(): void {
    if (this.destroyed) return;
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
    if (BrowserWindowMock.getAllWindows().length === 0) app.emit('window-all-closed');
  }
}

// ---------------------------------------------------------------- app

export class AppMock extends EventEmitter {
  isPackaged = false;
  appPath = '/opt/oncall-console';
  userDataPath = '/tmp/oncall-console-user-data';
  /** What requestSingleInstanceLock() answers. */
  singleInstanceLock = true;
  /** True once a quit went through (before-quit was not prevented). */
  hasQuit = false;
  readonly enableSandbox = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.singleInstanceLock);
  readonly quit = vi.fn(() => {
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.hasQuit = true;
    this.emit('will-quit', fakeEvent());
  });
  readonly exit = vi.fn<(code?: number) => void>();
  readonly setPath = vi.fn((name: string, path: string) => {
    if (name === 'userData') this.userDataPath = path;
  });
  /** What the OS keeps for the login item. */
  openAtLogin = false;
  readonly setBadgeCount = vi.fn<(count?: number) => boolean>(() => true);
  readonly setLoginItemSettings = vi.fn((settings: { openAtLogin?: boolean }) => {
    if (settings.openAtLogin !== undefined) this.openAtLogin = settings.openAtLogin;
  });
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.openAtLogin };
  }
  private readyGate = deferred();

  whenReady(): Promise<void> {
    return this.readyGate.promise;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getPath(name: string): string {
    if (name === 'userData') return this.userDataPath;
    return `/tmp/oncall-console-${name}`;
  }
  /** Test helper: Electron finished initialising. */
  markReady(): void {
    this.emit('ready');
    this.readyGate.resolve();
  }
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.singleInstanceLock = true;
    this.hasQuit = false;
    this.userDataPath = '/tmp/oncall-console-user-data';
    this.openAtLogin = false;
    this.readyGate = deferred();
    for (const spy of [
      this.enableSandbox,
      this.requestSingleInstanceLock,
      this.quit,
      this.exit,
      this.setPath,
      this.setBadgeCount,
      this.setLoginItemSettings,
    ]) {
      spy.mockClear();
    }
  }
}

export const app = new AppMock();

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

// ---------------------------------------------------------------- IPC

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

export class IpcMainMock {
  readonly handlers = new Map<string, InvokeHandler>();
  readonly handle = vi.fn((channel: string, handler: InvokeHandler) => {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  readonly removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
  /** Test helper: what ipcRenderer.invoke from `event.sender` would get back. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
  reset(): void {
    this.handlers.clear();
    this.handle.mockClear();
    this.removeHandler.mockClear();
  }
}
export const ipcMain = new IpcMainMock();

/** An IpcMainInvokeEvent from `sender`, sent by `senderFrame` (null once the frame is gone). */
export function fakeInvokeEvent(sender: WebContentsMock, senderFrame: WebFrameMainMock | null = sender.mainFrame) {
  return fakeEvent({ sender, senderFrame, frameId: 1, processId: 1 });
}

export class IpcRendererMock extends EventEmitter {
  readonly invoke = vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(async () => undefined);
  reset(): void {
    this.removeAllListeners();
    this.invoke.mockReset();
    this.invoke.mockImplementation(async () => undefined);
  }
}
export const ipcRenderer = new IpcRendererMock();

export class ContextBridgeMock {
  readonly exposed = new Map<string, unknown>();
  readonly exposeInMainWorld = vi.fn((key: string, api: unknown) => {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
    this.exposed.set(key, api);
  });
  reset(): void {
    this.exposed.clear();
    this.exposeInMainWorld.mockClear();
  }
}
export const contextBridge = new ContextBridgeMock();

// ---------------------------------------------------------------- shell, dialog, menus, tray, notifications

export const shell = {
  openExternal: vi.fn<(url: string) => Promise<void>>(async () => undefined),
};

export const dialog = {
  showErrorBox: vi.fn<(title: string, content: string) => void>(),
  showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
};

/** A menu item as the template gave it; click(item) is what the shell set. */
export interface MenuItemMock {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: MenuItemMock[];
  click?: (item: MenuItemMock) => void;
}

export class MenuMock {
  static readonly setApplicationMenu = vi.fn();
  static buildFromTemplate(template: unknown[]): MenuMock {
    return new MenuMock(template as MenuItemMock[]);
  }
  readonly popup = vi.fn();
  constructor(readonly items: MenuItemMock[] = []) {}
  /** Test helper: the item with this label, searching submenus too. */
  find(label: string | RegExp): MenuItemMock | undefined {
    const walk = (items: MenuItemMock[]): MenuItemMock | undefined => {
      for (const item of items) {
        if (item.label !== undefined && (typeof label === 'string' ? item.label === label : label.test(item.label))) return item;
        const inside = item.submenu ? walk(item.submenu) : undefined;
        if (inside) return inside;
      }
      return undefined;
    };
    return walk(this.items);
  }
  /** Test helper: clicks an item the way Electron does (checkboxes flip first). */
  click(label: string | RegExp): void {
    const item = this.find(label);
    if (!item?.click) throw new Error(`No clickable menu item ${String(label)}`);
    if (item.type === 'checkbox') item.checked = !item.checked;
    item.click(item);
  }
}

export class NativeImageMock {
  constructor(
    readonly path = '',
    readonly bitmap: { pixels: Buffer; width: number; height: number } | null = null,
  ) {}
  isEmpty(): boolean {
    return this.path === '' && this.bitmap === null;
  }
}
export const nativeImage = {
  createEmpty: () => new NativeImageMock(),
  createFromPath: (path: string) => new NativeImageMock(path),
  createFromBitmap: (pixels: Buffer, options: { width: number; height: number }) =>
    new NativeImageMock('', { pixels, width: options.width, height: options.height }),
};

export class TrayMock extends EventEmitter {
  static instances: TrayMock[] = [];
  readonly setToolTip = vi.fn<(toolTip: string) => void>();
  readonly setTitle = vi.fn<(title: string) => void>();
  readonly setImage = vi.fn<(image: NativeImageMock) => void>();
  readonly setContextMenu = vi.fn<(menu: MenuMock | null) => void>();
  readonly destroy = vi.fn();
  constructor(readonly image: unknown) {
    super();
    TrayMock.instances.push(this);
  }
  /** Test helper: the context menu set last. */
  get menu(): MenuMock {
    const menu = this.setContextMenu.mock.lastCall?.[0];
    if (!menu) throw new Error('The tray has no context menu');
    return menu;
  }
}

export class NotificationMock extends EventEmitter {
  static instances: NotificationMock[] = [];
  /** What isSupported() answers. */
  static supported = true;
  static isSupported(): boolean {
    return NotificationMock.supported;
  }
  readonly show = vi.fn();
  readonly close = vi.fn(() => {
    this.emit('close', fakeEvent());
  });
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    NotificationMock.instances.push(this);
  }
  /** Test helper: the user clicked the notification. */
  click(): void {
    this.emit('click', fakeEvent());
  }
  /** Test helper: the user pressed the action button at `index` (macOS). */
  action(index: number): void {
    this.emit('action', fakeEvent(), index);
  }
}

// ---------------------------------------------------------------- the module and its reset

/** What `vi.mock('electron', ...)` should resolve to. */
export const electronMock = {
  app,
  BrowserWindow: BrowserWindowMock,
  ipcMain,
  ipcRenderer,
  contextBridge,
  session,
  shell,
  dialog,
  Menu: MenuMock,
  nativeImage,
  Tray: TrayMock,
  Notification: NotificationMock,
};

/** Puts every fake back to its initial state; call it in beforeEach. */
export function resetElectronMock(): void {
  app.reset();
  session.defaultSession.reset();
  ipcMain.reset();
  ipcRenderer.reset();
  contextBridge.reset();
  BrowserWindowMock.instances = [];
  TrayMock.instances = [];
  NotificationMock.instances = [];
  NotificationMock.supported = true;
  shell.openExternal.mockReset();
  shell.openExternal.mockImplementation(async () => undefined);
  dialog.showErrorBox.mockClear();
  dialog.showMessageBox.mockClear();
  MenuMock.setApplicationMenu.mockClear();
}
