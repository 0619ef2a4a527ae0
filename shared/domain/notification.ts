/**
 * Desktop notifications as the engine decides them: what happened (kind), to which
 * incident, how loud, and the state the tray and the header show (pause, rule in force,
 * how many incidents are triggered). The desktop shell and the web console raise the
 * same notification from one `notify` event.
 */
import { z } from 'zod';
import { Timestamp, Urgency } from './incident';

export const NotificationKind = z.enum([
  /** A new incident assigned to me or one of my teams. */
  'newIncident',
  /** The incident escalated to a level where I am on call. */
  'escalated',
  /** Someone reassigned the incident to me. */
  'reassigned',
  /** An acknowledged incident is triggered again. */
  'retriggered',
  /** A major incident was declared (to the incident managers on call). */
  'majorIncident',
  /** A specialist request for my group (the catalogue feeds these). */
  'specialistRequest',
  /** A change waiting for my approval, or my team's change (or template) approved or rejected. */
  'change',
  /** A high-urgency incident is still not acknowledged. */
  'reminder',
  /** Many at once: one notification for a storm. */
  'summary',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const DesktopNotification = z.object({
  /** Unique per notification; reminders of one incident share the incident but not the id. */
  id: z.string(),
  kind: NotificationKind,
  /** The incident a click opens; null for a summary. */
  incidentId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  urgency: Urgency,
  /** Play the system sound. */
  sound: z.boolean(),
  /** This is a repeat (the incident is still triggered). */
  repeat: z.boolean(),
  /** For a summary: how many notifications it stands for. */
  summaryOf: z.number().int().positive().optional(),
});
export type DesktopNotification = z.infer<typeof DesktopNotification>;

/**
 * An incident that concerns me changed (new for me or my teams, escalated or reassigned
 * to me, triggered again): the window announces it whatever the desktop notification
 * policy says, until I have looked at it.
 */
export const Attention = z.object({
  incidentId: z.string(),
  kind: NotificationKind,
  /** "New incident: Checkout 5xx above 2%". */
  title: z.string(),
  /** "#123 · Payments API · high urgency · assigned to you". */
  body: z.string(),
  urgency: Urgency,
  at: Timestamp,
});
export type Attention = z.infer<typeof Attention>;

export const NotificationState = z.object({
  pausedUntil: Timestamp.nullable(),
  /** One sentence, e.g. "On call until 09:00 - high urgency will ring". */
  ruleInForce: z.string(),
  /** Triggered (unacknowledged) incidents in scope: the tray's count. */
  triggeredCount: z.number().int().nonnegative(),
});
export type NotificationState = z.infer<typeof NotificationState>;

/** The longest pause the console accepts: a day. */
export const MAX_PAUSE_MINUTES = 24 * 60;
