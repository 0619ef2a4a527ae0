// The desktop app's life cycle under the Electron fakes: single instance, sandbox, the
// host started on ready, the secure window, IPC from the window, events to the window,
// focusing on a second launch, and closing the host once on quit.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../../../shared/contract';
import {
  BrowserWindowMock,
  TrayMock,
  app,
  electronMock,
  dialog,
  fakeEvent,
  fakeInvokeEvent,
  ipcMain,
  resetElectronMock,
  session,
} from '../../mocks/electron';
import { startMainProcess, type MainProcessDeps } from '../../../electron/main/main-process';
import { connectionEvent, createFakeEngine, createFakeHost } from './fake-engine';

vi.mock('electron', async () => (await import('../../mocks/electron')).electronMock);

function deps(overrides: Partial<MainProcessDeps> = {}) {
  const host = createFakeHost();
  const startHost = vi.fn(async () => host);
  return { host, deps: { startHost, argv: ['electron', '.'], env: {}, cwd: '/home/me', ...overrides } };
}

async function started(overrides: Partial<MainProcessDeps> = {}, options: { trayFails?: boolean } = {}) {
  const setup = deps(overrides);
  if (options.trayFails) {
    vi.spyOn(electronMock, 'Tray').mockImplementationOnce(() => {
      throw new Error('no status notifier');
    });
  }
  const main = startMainProcess(setup.deps);
  if (!main) throw new Error('expected the first instance to start');
  app.markReady();
  await main.started;
  const window = BrowserWindowMock.instances[0];
  if (!window) throw new Error('expected a window');
  return { ...setup, main, window };
}

beforeEach(() => resetElectronMock());

describe('startMainProcess', () => {
  it('enables the sandbox and starts nothing before ready', () => {
    const { deps: d } = deps();
    startMainProcess(d);
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(d.startHost).not.toHaveBeenCalled();
    expect(BrowserWindowMock.instances).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock', async () => {
    app.singleInstanceLock = false;
    const { deps: d } = deps();
    expect(startMainProcess(d)).toBeNull();
    expect(app.quit).toHaveBeenCalled();
    app.markReady();
    await Promise.resolve();
    expect(d.startHost).not.toHaveBeenCalled();
  });

  it('starts the host on the demo workspace with a throwaway data folder', async () => {
    const { deps: d } = await started({ env: { PATH: '/bin' } });
    expect(d.startHost).toHaveBeenCalledExactlyOnceWith({
      demo: true,
      dataDir: expect.stringMatching(/oncall-console-demo-/),
      env: { PATH: '/bin' },
    });
  });

  it('uses ONCALL_USER_DATA_DIR as the user data folder, before taking the instance lock', async () => {
    await started({ env: { ONCALL_USER_DATA_DIR: 'profile-b' } });
    expect(app.setPath).toHaveBeenCalledWith('userData', '/home/me/profile-b');
    expect(app.setPath.mock.invocationCallOrder[0]).toBeLessThan(app.requestSingleInstanceLock.mock.invocationCallOrder[0] ?? 0);
  });

  it('starts the host on the workspace file named on the command line', async () => {
    const { deps: d } = await started({ argv: ['electron', '.', '--workspace', 'ws.yaml'] });
    expect(d.startHost).toHaveBeenCalledWith(expect.objectContaining({ workspaceFile: '/home/me/ws.yaml', demo: false }));
  });

  it("keeps a real workspace's outbox in the same data folder as the CLI", async () => {
    const { deps: d } = await started({
      argv: ['electron', '.', '--workspace', 'ws.yaml'],
      env: { XDG_STATE_HOME: '/home/me/.state' },
    });
    const expected = process.platform === 'linux' ? '/home/me/.state/oncall-console' : expect.stringContaining('oncall-console');
    expect(d.startHost).toHaveBeenCalledWith(expect.objectContaining({ dataDir: expected }));
  });

  it('opens one window with the secure web preferences and the built page', async () => {
    const { window } = await started();
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      preload: `${app.appPath}/out/preload/index.cjs`,
    });
    expect(window.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(window.loadFile).toHaveBeenCalledExactlyOnceWith(`${app.appPath}/out/renderer/index.html`);
    expect(window.loadURL).not.toHaveBeenCalled();
    expect(window.isVisible()).toBe(false);
    window.emit('ready-to-show');
    expect(window.isVisible()).toBe(true);
  });

  it('loads a loopback dev server but never another one', async () => {
    const dev = await started({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(dev.window.loadURL).toHaveBeenCalledWith('http://localhost:5173/');

    resetElectronMock();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const remote = await started({ env: { ELECTRON_RENDERER_URL: 'http://attacker.example:5173' } });
    warn.mockRestore();
    expect(remote.window.loadURL).not.toHaveBeenCalled();
    expect(remote.window.loadFile).toHaveBeenCalled();
  });

  it('sets the Content-Security-Policy on the session and guards the window', async () => {
    const { window } = await started();
    let headers: Record<string, string | string[]> | undefined;
    session.defaultSession.webRequest.headersReceivedListener?.(
      { url: window.webContents.getURL(), resourceType: 'mainFrame', responseHeaders: {} },
      (response) => {
        headers = response.responseHeaders;
      },
    );
    expect(String(headers?.['Content-Security-Policy'])).toContain("script-src 'self';");

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const navigation = fakeEvent({ url: 'https://evil.example/' });
    window.webContents.emit('will-navigate', navigation, navigation.url);
    warn.mockRestore();
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(window.webContents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
  });

  it("serves the window's requests and refuses another page's", async () => {
    const { host, window } = await started();
    // The tray reads the snapshot too; count the window's request on its own.
    const before = vi.mocked(host.engine.getSnapshot).mock.calls.length;
    const fromWindow = await ipcMain.invoke(ipcChannel('getSnapshot'), fakeInvokeEvent(window.webContents), {});
    expect(fromWindow).toMatchObject({ ok: true });
    expect(host.engine.getSnapshot).toHaveBeenCalledTimes(before + 1);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    window.webContents.navigatedTo('https://evil.example/');
    const fromElsewhere = await ipcMain.invoke(ipcChannel('getSnapshot'), fakeInvokeEvent(window.webContents), {});
    warn.mockRestore();
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(host.engine.getSnapshot).toHaveBeenCalledTimes(before + 1);
  });

  it('forwards engine events to the window', async () => {
    const { host, window } = await started();
    const engine = host.engine as ReturnType<typeof createFakeEngine>;
    engine.emit(connectionEvent);
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith(IPC_EVENT_CHANNEL, connectionEvent);
  });

  it('focuses the existing window on a second launch, restoring it if minimised', async () => {
    const { window } = await started();
    window.minimize();
    app.emit('second-instance', fakeEvent(), ['electron', '.'], '/home/me', {});
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(BrowserWindowMock.instances).toHaveLength(1);
  });

  it('closes the host once on quit, then quits', async () => {
    const { host } = await started();
    let finishClosing: () => void = () => undefined;
    host.close.mockImplementationOnce(() => new Promise<void>((resolve) => (finishClosing = resolve)));

    app.quit();
    app.quit();
    expect(app.hasQuit).toBe(false);
    await vi.waitFor(() => expect(host.close).toHaveBeenCalledOnce());
    expect(ipcMain.handlers.size).toBe(0);

    finishClosing();
    await vi.waitFor(() => expect(app.hasQuit).toBe(true));
    expect(host.close).toHaveBeenCalledOnce();
  });

  it('quits even when closing the host hangs, after the time limit', async () => {
    const { host } = await started({ closeTimeoutMs: 20 });
    host.close.mockImplementationOnce(() => new Promise<void>(() => undefined));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    app.quit();
    await vi.waitFor(() => expect(app.hasQuit).toBe(true), { timeout: 1_000 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('did not close within 20 ms'));
    warn.mockRestore();
  });

  it('shows what went wrong and exits with 1 when the host cannot start', async () => {
    const startHost = vi.fn(async () => {
      throw new Error('workspace.yaml: pagerduty.token is missing; set PAGERDUTY_TOKEN');
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const main = startMainProcess({ startHost, argv: ['electron', '.'], env: {}, cwd: '/' });
    app.markReady();
    await main?.started;
    error.mockRestore();
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'On-Call Console could not start',
      'workspace.yaml: pagerduty.token is missing; set PAGERDUTY_TOKEN',
    );
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(BrowserWindowMock.instances).toHaveLength(0);
  });

  it('reports a --workspace without a file the same way', async () => {
    const { deps: d } = deps({ argv: ['electron', '.', '--workspace'] });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const main = startMainProcess(d);
    app.markReady();
    await main?.started;
    error.mockRestore();
    expect(d.startHost).not.toHaveBeenCalled();
    expect(dialog.showErrorBox).toHaveBeenCalledWith(
      'On-Call Console could not start',
      expect.stringContaining('--workspace needs a file'),
    );
    expect(app.exit).toHaveBeenCalledWith(1);
  });

  it('keeps running in the tray when the window is closed, and quits from the tray', async () => {
    const { window, host } = await started();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    expect(app.hasQuit).toBe(false);

    // A second launch brings the hidden window back.
    app.emit('second-instance', fakeEvent(), ['electron', '.'], '/home/me', {});
    expect(window.isVisible()).toBe(true);
    expect(BrowserWindowMock.instances).toHaveLength(1);

    TrayMock.instances[0]?.menu.click('Quit');
    await vi.waitFor(() => expect(app.hasQuit).toBe(true));
    expect(host.close).toHaveBeenCalledOnce();
    expect(TrayMock.instances[0]?.destroy).toHaveBeenCalled();
  });

  it('quits when the last window closes if the tray could not start (not on macOS)', async () => {
    if (process.platform === 'darwin') return;
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { window, host } = await started({ env: {} }, { trayFails: true });
    error.mockRestore();
    window.close();
    await vi.waitFor(() => expect(app.hasQuit).toBe(true));
    expect(host.close).toHaveBeenCalledOnce();
  });
});
