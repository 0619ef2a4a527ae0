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
 * 'before-quit', contextBridge refuses to expose a key twice.
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

type HeadersListener = (details: { url: string; resourceType: string; responseHeaders?: Record<string, string[]> }, callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void) => void;

export class WebRequestMock {
  headersReceivedListener: HeadersListener | null = null;
  onHeadersReceived(listener: HeadersListener | null): void {
    this.headersReceivedListener = listener;
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
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
  private destroyed = false;

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
    this.emit('close', fakeEvent());
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
    this.readyGate = deferred();
    for (const spy of [this.enableSandbox, this.requestSingleInstanceLock, this.quit, this.exit, this.setPath]) spy.mockClear();
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

export class MenuMock {
  static readonly setApplicationMenu = vi.fn();
  static buildFromTemplate(template: unknown[]): MenuMock {
    return new MenuMock(template);
  }
  readonly popup = vi.fn();
  constructor(readonly items: unknown[] = []) {}
}

export class NativeImageMock {
  constructor(readonly path = '') {}
  isEmpty(): boolean {
    return this.path === '';
  }
}
export const nativeImage = {
  createEmpty: () => new NativeImageMock(),
  createFromPath: (path: string) => new NativeImageMock(path),
};

export class TrayMock extends EventEmitter {
  static instances: TrayMock[] = [];
  readonly setToolTip = vi.fn();
  readonly setTitle = vi.fn();
  readonly setImage = vi.fn();
  readonly setContextMenu = vi.fn();
  readonly destroy = vi.fn();
  constructor(readonly image: unknown) {
    super();
    TrayMock.instances.push(this);
  }
}

export class NotificationMock extends EventEmitter {
  static instances: NotificationMock[] = [];
  static isSupported(): boolean {
    return true;
  }
  readonly show = vi.fn();
  readonly close = vi.fn();
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    NotificationMock.instances.push(this);
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
  shell.openExternal.mockReset();
  shell.openExternal.mockImplementation(async () => undefined);
  dialog.showErrorBox.mockClear();
  dialog.showMessageBox.mockClear();
  MenuMock.setApplicationMenu.mockClear();
}
