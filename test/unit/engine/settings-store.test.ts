import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../electron/engine/settings-store';

describe('SettingsStore', () => {
  const dirs: string[] = [];
  const file = () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    dirs.push(dir);
    return join(dir, 'settings.json');
  };
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('starts from defaults and keeps changes across restarts', () => {
    const path = file();
    const store = new SettingsStore(path);
    expect(store.get().notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '07:00' });
    store.update((s) => ({ ...s, launchAtLogin: true }));
    expect(new SettingsStore(path).get().launchAtLogin).toBe(true);
  });

  it('refuses an invalid change and keeps the file as it was', () => {
    const path = file();
    const store = new SettingsStore(path);
    store.update((s) => ({ ...s, automationHost: true }));
    const before = readFileSync(path, 'utf8');
    expect(() =>
      store.update((s) => ({ ...s, notifications: { ...s.notifications, quietHours: { enabled: true, start: '25:00', end: '07:00' } } })),
    ).toThrow(/HH:MM/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('sets a damaged file aside and loads the defaults', () => {
    const path = file();
    writeFileSync(path, '{ not json');
    const messages: string[] = [];
    const store = new SettingsStore(path, (message) => messages.push(message));
    expect(store.get().automationHost).toBe(false);
    expect(messages[0]).toMatch(/kept it as .*damaged/);
    expect(readdirSync(join(path, '..')).some((name) => name.includes('damaged'))).toBe(true);
  });
});
