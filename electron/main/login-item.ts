/**
 * "Launch at login": the setting (settings.launchAtLogin, when the host keeps settings)
 * applied to the OS. macOS and Windows have login items (app.setLoginItemSettings); on
 * Linux the freedesktop way is a .desktop file in ~/.config/autostart.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import type { Settings } from '../../shared/domain/settings';
import { errorText } from '../../shared/error-text';

/** The settings the login item reads and writes (SettingsStore fits). */
export interface LoginItemSettings {
  get(): Pick<Settings, 'launchAtLogin'>;
  update(change: (settings: Settings) => Settings): unknown;
}

export interface LoginItemOptions {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Absent when the host keeps no settings: the OS's own record is the truth then. */
  settings?: LoginItemSettings;
  log?: (message: string) => void;
}

export interface LoginItem {
  enabled(): boolean;
  set(enabled: boolean): void;
  /** Makes the OS agree with the saved setting (at start). */
  applySaved(): void;
}

export const AUTOSTART_FILE_NAME = 'oncall-console.desktop';

export function createLoginItem(options: LoginItemOptions): LoginItem {
  const log = options.log ?? ((message: string) => console.warn(message));
  const linux = options.platform === 'linux';
  const autostartFile = join(options.env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config'), 'autostart', AUTOSTART_FILE_NAME);

  function osEnabled(): boolean {
    return linux ? existsSync(autostartFile) : app.getLoginItemSettings().openAtLogin;
  }

  function applyToOs(enabled: boolean): void {
    try {
      if (!linux) app.setLoginItemSettings({ openAtLogin: enabled });
      else if (enabled) writeAutostartFile(autostartFile, options.env);
      else rmSync(autostartFile, { force: true });
    } catch (error) {
      log(`Could not ${enabled ? 'add' : 'remove'} the login item: ${errorText(error)}`);
    }
  }

  return {
    enabled: () => options.settings?.get().launchAtLogin ?? osEnabled(),
    set(enabled) {
      applyToOs(enabled);
      options.settings?.update((settings) => ({ ...settings, launchAtLogin: enabled }));
    },
    applySaved() {
      const saved = options.settings?.get().launchAtLogin;
      if (saved !== undefined && saved !== osEnabled()) applyToOs(saved);
    },
  };
}

/** A freedesktop autostart entry that starts this executable (the AppImage when run as one). */
function writeAutostartFile(path: string, env: NodeJS.ProcessEnv): void {
  const executable = env.APPIMAGE || process.execPath;
  mkdirSync(join(path, '..'), { recursive: true });
  const entry = [
    '[Desktop Entry]',
    'Type=Application',
    'Name=On-Call Console',
    `Exec="${executable.replace(/(["`$\\])/g, '\\$1')}"`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
  writeFileSync(path, entry, { mode: 0o644 });
}
