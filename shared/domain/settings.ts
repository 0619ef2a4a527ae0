/**
 * The console's non-secret settings, kept in the app's data directory (secrets live in
 * the OS keychain, never here). Each section has defaults, so a missing or older file
 * still loads; the notifications and connections sections are filled in by their features.
 */
import { z } from 'zod';
import { StoredConnections } from './connection-settings';

/** HH:MM, 24-hour clock, in the user's local time. */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 22:30');

export const NotificationPreferences = z.object({
  /** Hours when only what must ring rings (high urgency while on call). */
  quietHours: z.object({ enabled: z.boolean(), start: ClockTime, end: ClockTime }).default({ enabled: true, start: '22:00', end: '07:00' }),
  /** Off call, notify anyway for these urgencies (opt-in). */
  offCallOptIn: z.object({ high: z.boolean(), low: z.boolean() }).default({ high: false, low: false }),
  /** On call, low urgency notifies outside quiet hours. */
  onCallLowUrgency: z.boolean().default(true),
  /** Sounds by urgency. */
  sound: z.object({ high: z.boolean(), low: z.boolean() }).default({ high: true, low: false }),
  /** High urgency repeats until acknowledged, every this many seconds (0 = never). */
  repeatHighEverySeconds: z.number().int().min(0).max(3600).default(120),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const Settings = z.object({
  notifications: NotificationPreferences.prefault({}),
  /** Notifications are paused until this time (ISO 8601); null when they are not. Survives restarts. */
  notificationsPausedUntil: z.iso.datetime({ offset: true }).nullable().default(null),
  /** Start the desktop app when the user logs in. */
  launchAtLogin: z.boolean().default(false),
  /** This desktop runs the automations (one per organisation, or a headless `serve --automations`). */
  automationHost: z.boolean().default(false),
  /** The desktop's connections, without their secrets (those are in the OS keychain): see connection-settings.ts. */
  connections: StoredConnections,
});
export type Settings = z.infer<typeof Settings>;
