/**
 * The incident model the whole console works with.
 *
 * Providers map each vendor's records into these shapes; the engine stores them, the
 * contract carries them and the renderer shows them. Zod schemas double as types.
 */
import { z } from 'zod';

export const IncidentStatus = z.enum(['triggered', 'acknowledged', 'resolved']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const Urgency = z.enum(['high', 'low']);
export type Urgency = z.infer<typeof Urgency>;

/** A reference to another record: its id and a name to show. */
export const Ref = z.object({ id: z.string(), name: z.string() });
export type Ref = z.infer<typeof Ref>;

/** An ISO 8601 timestamp, as the vendors send them. */
export const Timestamp = z.string().min(1);

/**
 * A paging platform's incident id as the console accepts it from outside: letters, digits
 * and a few separators, at most 64 characters (PagerDuty's are 7 to 14 characters,
 * Splunk On-Call's are numbers). Anything else is refused before it reaches a vendor.
 */
export const IncidentId = z
  .string()
  .min(1, 'An incident id is empty')
  .max(64, 'An incident id is at most 64 characters (like Q1ABC23DEF45GH)')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'An incident id is letters and digits (like Q1ABC23DEF45GH), with no spaces or other signs');

export const Incident = z.object({
  id: z.string(),
  /** The provider that owns it, e.g. "pagerduty". */
  provider: z.string(),
  number: z.number().int(),
  title: z.string(),
  status: IncidentStatus,
  urgency: Urgency,
  priority: Ref.nullable(),
  service: Ref,
  team: Ref.nullable(),
  escalationPolicy: Ref.nullable(),
  assignees: z.array(Ref),
  acknowledgedBy: z.array(Ref),
  createdAt: Timestamp,
  /** When the status last changed (PagerDuty's last_status_change_at). */
  updatedAt: Timestamp,
  /** Who last changed the status (a person, or the integration that triggered or resolved it), when the platform says. */
  statusChangedBy: Ref.nullable().optional(),
  /** While snoozed: when it goes back to triggered. */
  snoozedUntil: Timestamp.nullable().optional(),
  /**
   * Declared a major incident in the paging platform (the incident managers were asked to
   * respond with "Major incident declared: <reason>"): the reason, '' without one; null when not.
   */
  declaredMajor: z.string().nullable().optional(),
  /** Link to the incident in the vendor's own web app. */
  htmlUrl: z.string(),
  /** The customer or tenant the incident affects, when the alert says so. */
  tenant: z.string().nullable(),
});
export type Incident = z.infer<typeof Incident>;

export const Note = z.object({
  id: z.string(),
  content: z.string(),
  createdAt: Timestamp,
  author: Ref.nullable(),
});
export type Note = z.infer<typeof Note>;

export const LogEntry = z.object({
  id: z.string(),
  /** The vendor's entry type without its suffix, e.g. "trigger", "acknowledge", "annotate". */
  type: z.string(),
  summary: z.string(),
  createdAt: Timestamp,
  agent: Ref.nullable(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const Alert = z.object({
  id: z.string(),
  summary: z.string(),
  status: z.enum(['triggered', 'resolved']),
  createdAt: Timestamp,
  severity: z.string().nullable(),
  /** The alert's custom details as sent by the monitoring tool. */
  details: z.record(z.string(), z.unknown()),
  /** https links found in the alert (dashboards, runbooks). */
  links: z.array(z.object({ href: z.string(), text: z.string() })),
});
export type Alert = z.infer<typeof Alert>;

/** Someone asked to help with the incident (PagerDuty responder requests). */
export const Responder = z.object({
  user: Ref,
  /** pending, joined or declined, as the vendor reports it. */
  state: z.string(),
  requestedAt: Timestamp.nullable(),
  requester: Ref.nullable(),
  message: z.string().nullable(),
});
export type Responder = z.infer<typeof Responder>;

/** The incident's escalation policy, level by level, with who is on call at each right now. */
export const EscalationPath = z.object({
  policy: Ref,
  /** The level the incident is at now, when known. */
  currentLevel: z.number().int().positive().nullable(),
  levels: z.array(
    z.object({
      level: z.number().int().positive(),
      onCall: z.array(z.object({ user: Ref, until: Timestamp.nullable() })),
    }),
  ),
});
export type EscalationPath = z.infer<typeof EscalationPath>;

export const IncidentDetail = z.object({
  incident: Incident,
  notes: z.array(Note),
  logEntries: z.array(LogEntry),
  alerts: z.array(Alert),
  responders: z.array(Responder),
  escalation: EscalationPath.nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

/** True while the incident still needs someone: triggered or acknowledged. */
export function isOpen(incident: Pick<Incident, 'status'>): boolean {
  return incident.status !== 'resolved';
}
