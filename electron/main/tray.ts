/**
 * The tray icon: the count of triggered incidents (the tray title on macOS, a drawn count
 * on the icon elsewhere), the rule in force in the tooltip, and the menu from
 * tray-model.ts. It follows the engine's events (snapshot, then incidentsChanged and
 * notificationStateChanged) and sends the menu's actions through the engine.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { NativeImage } from 'electron';
import type { ConsoleEvent } from '../../shared/contract';
import type { NotificationState } from '../../shared/domain/notification';
import type { ConsoleEngine } from '../host/types';
import { drawCountIcon } from './count-icon';
import { TrayIncidents, trayMenuTemplate, trayTooltip, type TrayMenuActions } from './tray-model';
import { errorText } from '../../shared/error-text';

type TrayEngine = Pick<
  ConsoleEngine,
  'onEvent' | 'getSnapshot' | 'getNotificationState' | 'pauseNotifications' | 'resumeNotifications' | 'submitAction'
>;

export interface ConsoleTrayOptions {
  engine: TrayEngine;
  platform: NodeJS.Platform;
  openConsole(): void;
  openIncident(incidentId: string): void;
  quit(): void;
  launchAtLogin: { enabled(): boolean; set(enabled: boolean): void };
  /** Told whenever the count changes (the dock badge and the taskbar overlay). */
  onCount?(count: number): void;
  log?: (message: string) => void;
}

export interface ConsoleTray {
  /** The triggered count shown now. */
  readonly count: number;
  destroy(): void;
}

/** The tray icon's edge in pixels (drawn at 2x for sharp trays). */
const ICON_SIZE = 32;

export function createConsoleTray(options: ConsoleTrayOptions): ConsoleTray {
  const { engine, platform } = options;
  const log = options.log ?? ((message: string) => console.warn(message));
  const incidents = new TrayIncidents();
  let state: NotificationState | null = null;
  let shownCount = -1;
  const tray = new Tray(iconFor(0, platform));
  tray.setToolTip(trayTooltip(0, null));
  const failed = (what: string) => (error: unknown) => log(`Tray: ${what} failed: ${errorText(error)}`);

  const actions: TrayMenuActions = {
    openIncident: (incidentId) => options.openIncident(incidentId),
    acknowledge: (incidentId) =>
      void engine.submitAction({ kind: 'acknowledge', incidentIds: [incidentId] }).catch(failed('acknowledging')),
    pause: (minutes) => void engine.pauseNotifications({ minutes }).then(setState, failed('pausing notifications')),
    resume: () => void engine.resumeNotifications({}).then(setState, failed('resuming notifications')),
    openConsole: () => options.openConsole(),
    setLaunchAtLogin: (enabled) => {
      options.launchAtLogin.set(enabled);
      render();
    },
    quit: () => options.quit(),
  };

  function setState(next: NotificationState): void {
    state = next;
    render();
  }

  function render(): void {
    const count = incidents.count;
    if (count !== shownCount) {
      shownCount = count;
      if (platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
      else tray.setImage(iconFor(count, platform));
      options.onCount?.(count);
    }
    tray.setToolTip(trayTooltip(count, state));
    tray.setContextMenu(
      Menu.buildFromTemplate(
        trayMenuTemplate({ latest: incidents.latest(), count, state, launchAtLogin: options.launchAtLogin.enabled(), actions }),
      ),
    );
  }

  function reload(): void {
    void engine.getSnapshot({}).then((snapshot) => {
      incidents.reset(snapshot.incidents);
      render();
    }, failed('reading the queue'));
    void engine.getNotificationState({}).then(setState, failed('reading the notification state'));
  }

  const unsubscribe = engine.onEvent((event: ConsoleEvent) => {
    if (event.name === 'incidentsChanged') {
      incidents.apply(event.payload.upserted, event.payload.removedIds);
      render();
    } else if (event.name === 'notificationStateChanged') {
      setState(event.payload);
    } else if (event.name === 'workspaceChanged') {
      // The host restarted on another workspace: start over from its snapshot.
      reload();
    }
  });
  // Left click opens the console on Windows and Linux; macOS shows the menu.
  if (platform !== 'darwin') tray.on('click', () => options.openConsole());
  render();
  reload();

  return {
    get count() {
      return incidents.count;
    },
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}

/** The tray image: a drawn circle with the count; on macOS a plain one (the count is the title). */
function iconFor(count: number, platform: NodeJS.Platform): NativeImage {
  const bitmap = drawCountIcon(platform === 'darwin' ? 0 : count, ICON_SIZE);
  return nativeImage.createFromBitmap(bitmap.pixels, { width: bitmap.width, height: bitmap.height, scaleFactor: 2 });
}
