// The tray under the Electron fakes: the count (title on macOS, drawn icon elsewhere),
// the menu (latest triggered incidents with open and acknowledge, pause and resume, the
// rule in force, launch at login, quit) following the engine's events.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../shared/domain/incident';
import { NativeImageMock, TrayMock, resetElectronMock } from '../../mocks/electron';
import { createConsoleTray } from '../../../electron/main/tray';
import { countLabel, drawCountIcon } from '../../../electron/main/count-icon';
import { createFakeEngine, notificationState, snapshot } from './fake-engine';
import { makeIncident } from '../../support/fake-paging-provider';

vi.mock('electron', async () => (await import('../../mocks/electron')).electronMock);

const at = (minute: number) => `2026-03-10T12:${String(minute).padStart(2, '0')}:00Z`;

function setup(platform: NodeJS.Platform = 'linux', incidents: Incident[] = []) {
  const engine = createFakeEngine();
  engine.getSnapshot.mockResolvedValue({ ...snapshot, incidents });
  const calls = { openConsole: vi.fn(), openIncident: vi.fn(), quit: vi.fn(), onCount: vi.fn() };
  let launchAtLogin = false;
  const loginItem = { enabled: () => launchAtLogin, set: vi.fn((value: boolean) => (launchAtLogin = value)) };
  const tray = createConsoleTray({ engine, platform, launchAtLogin: loginItem, ...calls, log: () => undefined });
  const fake = TrayMock.instances.at(-1)!;
  return { engine, tray, fake, calls, loginItem };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetElectronMock());

describe('createConsoleTray', () => {
  it('counts triggered incidents from the snapshot and each delta, drawn on the icon off macOS', async () => {
    const { engine, fake, tray, calls } = setup('linux', [makeIncident('P1'), makeIncident('P2', { status: 'acknowledged' })]);
    await flush();
    expect(tray.count).toBe(1);
    expect(calls.onCount).toHaveBeenLastCalledWith(1);
    expect(fake.setToolTip).toHaveBeenLastCalledWith('On-Call Console - 1 triggered incident\nOn call - high urgency will ring');
    const image = fake.setImage.mock.lastCall?.[0] as NativeImageMock;
    expect(image.bitmap?.pixels.equals(drawCountIcon(1, 32).pixels)).toBe(true);

    engine.emit({
      name: 'incidentsChanged',
      payload: { seq: 1, upserted: [makeIncident('P3'), makeIncident('P1', { status: 'acknowledged' })], removedIds: [] },
    });
    expect(tray.count).toBe(1);
    engine.emit({ name: 'incidentsChanged', payload: { seq: 2, upserted: [makeIncident('P4')], removedIds: ['P3'] } });
    engine.emit({ name: 'incidentsChanged', payload: { seq: 3, upserted: [makeIncident('P5')], removedIds: [] } });
    expect(tray.count).toBe(2);
    expect(fake.menu.find('2 triggered')).toBeDefined();
    expect(fake.setTitle).not.toHaveBeenCalled();
  });

  it('shows the count as the tray title on macOS', async () => {
    const { fake } = setup('darwin', [makeIncident('P1'), makeIncident('P2')]);
    await flush();
    expect(fake.setTitle).toHaveBeenLastCalledWith('2');
    expect(fake.setImage).not.toHaveBeenCalled();
  });

  it('lists the latest five triggered incidents, each with Open and Acknowledge', async () => {
    const incidents = Array.from({ length: 7 }, (_, index) =>
      makeIncident(`P${index + 1}`, { createdAt: at(index), title: `Fault ${index + 1}` }),
    );
    const { fake, engine, calls } = setup('linux', incidents);
    await flush();
    const labels = fake.menu.items.filter((item) => item.submenu).map((item) => item.label);
    expect(labels).toEqual(['#7 Fault 7', '#6 Fault 6', '#5 Fault 5', '#4 Fault 4', '#3 Fault 3']);

    const latest = fake.menu.items.find((item) => item.label === '#7 Fault 7')!;
    latest.submenu!.find((item) => item.label === 'Open')!.click!(latest);
    expect(calls.openIncident).toHaveBeenCalledWith('P7');
    latest.submenu!.find((item) => item.label === 'Acknowledge')!.click!(latest);
    expect(engine.submitAction).toHaveBeenCalledWith({ kind: 'acknowledge', incidentIds: ['P7'] });
  });

  it('pauses for an hour, then offers to resume, with the rule in force as a disabled item', async () => {
    const { fake, engine } = setup();
    await flush();
    expect(fake.menu.find('On call - high urgency will ring')).toMatchObject({ enabled: false });
    fake.menu.click('Pause notifications for 1 hour');
    expect(engine.pauseNotifications).toHaveBeenCalledWith({ minutes: 60 });
    engine.emit({
      name: 'notificationStateChanged',
      payload: { ...notificationState, pausedUntil: '2026-03-10T13:00:00Z', ruleInForce: 'Paused until 13:00' },
    });
    expect(fake.menu.find('Paused until 13:00')).toMatchObject({ enabled: false });
    expect(fake.menu.find('Pause notifications for 1 hour')).toBeUndefined();
    fake.menu.click('Resume notifications');
    expect(engine.resumeNotifications).toHaveBeenCalledWith({});
    await flush();
    expect(fake.menu.find('Pause notifications for 1 hour')).toBeDefined();
  });

  it('opens the console, toggles launch at login and quits from the menu', async () => {
    const { fake, calls, loginItem } = setup();
    await flush();
    fake.menu.click('Open console');
    expect(calls.openConsole).toHaveBeenCalledOnce();
    expect(fake.menu.find('Launch at login')).toMatchObject({ type: 'checkbox', checked: false });
    fake.menu.click('Launch at login');
    expect(loginItem.set).toHaveBeenCalledWith(true);
    expect(fake.menu.find('Launch at login')).toMatchObject({ checked: true });
    fake.menu.click('Quit');
    expect(calls.quit).toHaveBeenCalledOnce();
  });

  it('starts over from the new snapshot when the host switches workspace', async () => {
    const { engine, tray } = setup('linux', [makeIncident('P1'), makeIncident('P2')]);
    await flush();
    expect(tray.count).toBe(2);
    engine.getSnapshot.mockResolvedValue({ ...snapshot, incidents: [makeIncident('Q1')] });
    engine.emit({ name: 'workspaceChanged', payload: { workspace: snapshot.workspace } });
    await flush();
    expect(tray.count).toBe(1);
  });

  it('stops following the engine when destroyed', () => {
    const { engine, tray, fake } = setup();
    tray.destroy();
    expect(fake.destroy).toHaveBeenCalled();
    expect(engine.listenerCount()).toBe(0);
  });
});

describe('drawCountIcon', () => {
  it('labels up to 99, then 99+, and nothing for none', () => {
    expect([0, 1, 42, 99, 100, 5000].map(countLabel)).toEqual(['', '1', '42', '99', '99+', '99+']);
  });

  it('draws a red circle with white digits when incidents are triggered, a grey one when none', () => {
    const pixel = (bitmap: ReturnType<typeof drawCountIcon>, x: number, y: number) => [
      ...bitmap.pixels.subarray((y * bitmap.width + x) * 4, (y * bitmap.width + x) * 4 + 4),
    ];
    const calm = drawCountIcon(0, 32);
    const busy = drawCountIcon(8, 32);
    expect(pixel(calm, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(calm, 16, 16)).toEqual([0x96, 0x8e, 0x86, 255]);
    // The middle row of an "8" is lit; just beside the glyph is the red circle.
    const whites = [...Array(32).keys()].filter((x) => pixel(busy, x, 16).every((value) => value === 255));
    expect(whites.length).toBeGreaterThan(0);
    expect(pixel(busy, 3, 16)).toEqual([0x31, 0x31, 0xe0, 255]);
  });
});
