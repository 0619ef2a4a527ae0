// OS notifications, the badge and the login item under the Electron fakes: which
// `notify` events are shown and how (sound, urgency, the Acknowledge action), a click
// opens the console on the incident (focusIncident to the page), acknowledging from the
// notification, the dock badge and Windows overlay, and launch at login.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, type ConsoleEvent } from '../../../shared/contract';
import type { DesktopNotification } from '../../../shared/domain/notification';
import { Settings } from '../../../shared/domain/settings';
import { BrowserWindowMock, NotificationMock, app, resetElectronMock } from '../../mocks/electron';
import { startNotifier } from '../../../electron/main/notifier';
import { startDesktopShell } from '../../../electron/main/desktop-shell';
import { showAppBadge } from '../../../electron/main/app-badge';
import { AUTOSTART_FILE_NAME, createLoginItem } from '../../../electron/main/login-item';
import { createFakeEngine } from './fake-engine';

type BrowserWindow = Parameters<typeof showAppBadge>[2] & object;

vi.mock('electron', async () => (await import('../../mocks/electron')).electronMock);

const notification = (overrides: Partial<DesktopNotification> = {}): ConsoleEvent => ({
  name: 'notify',
  payload: {
    id: 'n1',
    kind: 'newIncident',
    incidentId: 'P7',
    title: 'New incident: Card auth failing',
    body: '#7 · Payments API · high urgency · assigned to you',
    urgency: 'high',
    sound: true,
    repeat: false,
    ...overrides,
  },
});

beforeEach(() => resetElectronMock());

describe('startNotifier', () => {
  function setup(platform: NodeJS.Platform) {
    const engine = createFakeEngine();
    const open = vi.fn();
    const acknowledge = vi.fn();
    const stop = startNotifier({ source: engine, platform, open, acknowledge });
    return { engine, open, acknowledge, stop };
  }

  it('shows each notify event, loud or silent as the policy said, and nothing for other events', () => {
    const { engine } = setup('win32');
    engine.emit({ name: 'notificationStateChanged', payload: { pausedUntil: null, ruleInForce: 'x', triggeredCount: 1 } });
    expect(NotificationMock.instances).toHaveLength(0);
    engine.emit(notification());
    engine.emit(notification({ id: 'n2', incidentId: 'P8', urgency: 'low', sound: false }));
    expect(NotificationMock.instances.map((n) => n.options)).toEqual([
      { title: 'New incident: Card auth failing', body: '#7 · Payments API · high urgency · assigned to you', silent: false },
      expect.objectContaining({ silent: true }),
    ]);
    expect(NotificationMock.instances.every((n) => n.show.mock.calls.length === 1)).toBe(true);
  });

  it("uses Linux's critical urgency for high, normal for low", () => {
    const { engine } = setup('linux');
    engine.emit(notification());
    engine.emit(notification({ id: 'n2', incidentId: 'P8', urgency: 'low' }));
    expect(NotificationMock.instances.map((n) => n.options.urgency)).toEqual(['critical', 'normal']);
  });

  it('offers Acknowledge on macOS and sends it; a click opens the incident', () => {
    const { engine, open, acknowledge } = setup('darwin');
    engine.emit(notification());
    const shown = NotificationMock.instances[0]!;
    expect(shown.options.actions).toEqual([{ type: 'button', text: 'Acknowledge' }]);
    shown.action(0);
    expect(acknowledge).toHaveBeenCalledWith('P7');
    shown.click();
    expect(open).toHaveBeenCalledWith('P7');
  });

  it('offers no action for a summary, whose click opens the console', () => {
    const { engine, open } = setup('darwin');
    engine.emit(notification({ kind: 'summary', incidentId: null, summaryOf: 9, title: '9 incidents need attention' }));
    expect(NotificationMock.instances[0]?.options.actions).toBeUndefined();
    NotificationMock.instances[0]!.click();
    expect(open).toHaveBeenCalledWith(null);
  });

  it("replaces a reminder's earlier notification of the same incident", () => {
    const { engine } = setup('linux');
    engine.emit(notification());
    engine.emit(notification({ id: 'n2', kind: 'reminder', repeat: true }));
    expect(NotificationMock.instances[0]?.close).toHaveBeenCalled();
    expect(NotificationMock.instances[1]?.close).not.toHaveBeenCalled();
  });

  it('says so once and shows nothing where notifications are not supported', () => {
    NotificationMock.supported = false;
    const log = vi.fn();
    const engine = createFakeEngine();
    startNotifier({ source: engine, platform: 'linux', open: vi.fn(), acknowledge: vi.fn(), log });
    engine.emit(notification());
    expect(NotificationMock.instances).toHaveLength(0);
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('startDesktopShell', () => {
  function setup(platform: NodeJS.Platform = 'linux') {
    const engine = createFakeEngine();
    const window = new BrowserWindowMock({ show: false });
    const showWindow = vi.fn(() => {
      window.show();
      return window as unknown as BrowserWindow;
    });
    const shell = startDesktopShell({
      engine,
      platform,
      env: { XDG_CONFIG_HOME: join(tmpdir(), 'oncall-shell-test-unused') },
      window: () => window as unknown as BrowserWindow,
      showWindow,
      quit: vi.fn(),
      log: () => undefined,
    });
    return { engine, window, showWindow, shell };
  }

  it('a notification click shows the window and tells the page to select the incident', () => {
    const { engine, window, showWindow, shell } = setup();
    engine.emit(notification());
    NotificationMock.instances[0]!.click();
    expect(showWindow).toHaveBeenCalled();
    expect(window.isVisible()).toBe(true);
    expect(window.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { name: 'focusIncident', payload: { incidentId: 'P7' } });
    shell.destroy();
  });

  it('waits for a loading page before asking it to select the incident', () => {
    const { window, shell } = setup();
    window.webContents.loading = true;
    shell.showIncident('P9');
    expect(window.webContents.send).not.toHaveBeenCalled();
    window.webContents.finishLoading();
    expect(window.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { name: 'focusIncident', payload: { incidentId: 'P9' } });
    shell.destroy();
  });

  it("acknowledges through the engine from the notification's action", () => {
    const { engine, shell } = setup('darwin');
    engine.emit(notification());
    NotificationMock.instances[0]!.action(0);
    expect(engine.submitAction).toHaveBeenCalledWith({ kind: 'acknowledge', incidentIds: ['P7'] });
    shell.destroy();
  });

  it('puts the triggered count on the dock or launcher badge', () => {
    const { engine, shell } = setup('linux');
    engine.emit({
      name: 'incidentsChanged',
      payload: { seq: 1, upserted: [{ ...incident('P1') }, { ...incident('P2') }], removedIds: [] },
    });
    expect(app.setBadgeCount).toHaveBeenLastCalledWith(2);
    shell.destroy();
  });
});

function incident(id: string) {
  return {
    id,
    provider: 'pagerduty',
    number: 1,
    title: id,
    status: 'triggered' as const,
    urgency: 'high' as const,
    priority: null,
    service: { id: 'S1', name: 'Payments API' },
    team: null,
    escalationPolicy: null,
    assignees: [],
    acknowledgedBy: [],
    createdAt: '2026-03-10T12:00:00Z',
    updatedAt: '2026-03-10T12:00:00Z',
    htmlUrl: 'https://example.pagerduty.com/incidents/x',
    tenant: null,
  };
}

describe('showAppBadge', () => {
  it('sets an overlay with the count on the Windows taskbar and clears it at zero', () => {
    const window = new BrowserWindowMock();
    showAppBadge(3, 'win32', window as unknown as BrowserWindow);
    expect(window.setOverlayIcon).toHaveBeenLastCalledWith(
      expect.objectContaining({ bitmap: expect.objectContaining({ width: 16 }) }),
      '3 triggered incidents',
    );
    showAppBadge(0, 'win32', window as unknown as BrowserWindow);
    expect(window.setOverlayIcon).toHaveBeenLastCalledWith(null, '');
    expect(app.setBadgeCount).not.toHaveBeenCalled();
  });

  it('uses the dock badge on macOS', () => {
    showAppBadge(4, 'darwin', null);
    expect(app.setBadgeCount).toHaveBeenCalledWith(4);
  });
});

describe('createLoginItem', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const settingsOf = (initial: Partial<Settings> = {}) => {
    let current = Settings.parse(initial);
    return { get: () => current, update: vi.fn((change: (s: Settings) => Settings) => (current = change(current))) };
  };

  it('uses login items on macOS and Windows, and keeps the choice in the settings', () => {
    const settings = settingsOf();
    const item = createLoginItem({ platform: 'darwin', env: {}, settings });
    item.set(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    expect(settings.get().launchAtLogin).toBe(true);
    expect(item.enabled()).toBe(true);
  });

  it('makes the OS agree with the saved setting at start', () => {
    createLoginItem({ platform: 'win32', env: {}, settings: settingsOf({ launchAtLogin: true }) }).applySaved();
    expect(app.openAtLogin).toBe(true);
  });

  it('writes and removes a freedesktop autostart entry on Linux', () => {
    const config = mkdtempSync(join(tmpdir(), 'autostart-'));
    dirs.push(config);
    const item = createLoginItem({ platform: 'linux', env: { XDG_CONFIG_HOME: config, APPIMAGE: '/opt/On Call.AppImage' } });
    const file = join(config, 'autostart', AUTOSTART_FILE_NAME);
    item.set(true);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/On Call.AppImage"');
    expect(item.enabled()).toBe(true);
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });
});
