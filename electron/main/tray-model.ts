/**
 * What the tray shows, without Electron: the triggered incidents (kept from the snapshot
 * and each incidentsChanged delta), the latest few for the menu, and the menu itself as a
 * template (open, acknowledge, pause or resume, the rule in force, open console, launch
 * at login, quit). tray.ts hands the template to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Incident } from '../../shared/domain/incident';
import type { NotificationState } from '../../shared/domain/notification';

/** How many incidents the menu lists. */
const TRAY_MENU_INCIDENTS = 5;
/** "Pause notifications for 1 hour". */
const TRAY_PAUSE_MINUTES = 60;

export class TrayIncidents {
  private readonly byId = new Map<string, Incident>();

  /** Starts over from a snapshot. */
  reset(incidents: readonly Incident[]): void {
    this.byId.clear();
    this.apply(incidents, []);
  }

  apply(upserted: readonly Incident[], removedIds: readonly string[]): void {
    for (const incident of upserted) {
      if (incident.status === 'triggered') this.byId.set(incident.id, incident);
      else this.byId.delete(incident.id);
    }
    for (const id of removedIds) this.byId.delete(id);
  }

  get count(): number {
    return this.byId.size;
  }

  /** The most recently created triggered incidents first. */
  latest(limit = TRAY_MENU_INCIDENTS): Incident[] {
    return [...this.byId.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.number - a.number).slice(0, limit);
  }
}

export interface TrayMenuActions {
  openIncident(incidentId: string): void;
  acknowledge(incidentId: string): void;
  pause(minutes: number): void;
  resume(): void;
  openConsole(): void;
  setLaunchAtLogin(enabled: boolean): void;
  quit(): void;
}

export interface TrayMenuInput {
  latest: readonly Incident[];
  count: number;
  state: NotificationState | null;
  launchAtLogin: boolean;
  actions: TrayMenuActions;
}

export function trayMenuTemplate({ latest, count, state, launchAtLogin, actions }: TrayMenuInput): MenuItemConstructorOptions[] {
  const incidents: MenuItemConstructorOptions[] =
    latest.length === 0
      ? [{ label: 'No triggered incidents', enabled: false }]
      : [
          { label: `${count} triggered`, enabled: false },
          ...latest.map((incident): MenuItemConstructorOptions => ({
            label: menuLabel(`#${incident.number} ${incident.title}`),
            submenu: [
              { label: 'Open', click: () => actions.openIncident(incident.id) },
              { label: 'Acknowledge', click: () => actions.acknowledge(incident.id) },
            ],
          })),
        ];
  const paused = state?.pausedUntil != null;
  return [
    ...incidents,
    { type: 'separator' },
    paused
      ? { label: 'Resume notifications', click: () => actions.resume() }
      : { label: 'Pause notifications for 1 hour', click: () => actions.pause(TRAY_PAUSE_MINUTES) },
    { label: state?.ruleInForce ?? 'Checking who is on call…', enabled: false },
    { type: 'separator' },
    { label: 'Open console', click: () => actions.openConsole() },
    { label: 'Launch at login', type: 'checkbox', checked: launchAtLogin, click: (item) => actions.setLaunchAtLogin(item.checked) },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}

/** The tray's tooltip: the count and the rule in force. */
export function trayTooltip(count: number, state: NotificationState | null): string {
  const counted = count === 0 ? 'No triggered incidents' : `${count} triggered incident${count === 1 ? '' : 's'}`;
  return [`On-Call Console - ${counted}`, state?.ruleInForce].filter(Boolean).join('\n');
}

/** Menu labels stay short, and '&' is not taken for a Windows accelerator. */
function menuLabel(text: string): string {
  const escaped = text.replace(/&/g, '&&');
  return escaped.length > 60 ? `${escaped.slice(0, 59)}…` : escaped;
}
