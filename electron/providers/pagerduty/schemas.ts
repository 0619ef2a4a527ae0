/**
 * Zod schemas of the PagerDuty REST API v2 response bodies this provider reads.
 *
 * Only the fields the console uses are declared (unknown fields are dropped), and they are
 * as lenient as PagerDuty's own documentation: a reference may carry `summary` only, the
 * full object (with `include[]`) carries `name` too.
 */
import { z } from 'zod';

/** A reference to another record (`service_reference`, `user_reference`, ...) or the record itself. */
export const PdReference = z.object({
  id: z.string().min(1),
  type: z.string().optional(),
  summary: z.string().nullish(),
  name: z.string().nullish(),
  html_url: z.string().nullish(),
});
export type PdReference = z.infer<typeof PdReference>;

const PdUser = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string(),
  html_url: z.string().nullish(),
});
type PdUser = z.infer<typeof PdUser>;

/** A log entry's channel: how an event arrived; trigger entries carry the alert's custom details. */
const PdChannel = z
  .object({
    type: z.string().optional(),
    summary: z.string().nullish(),
    details: z.unknown().optional(),
    cef_details: z.object({ details: z.unknown().optional() }).nullish(),
  })
  .nullish();

const PdTriggerLogEntryLike = z.object({
  id: z.string().min(1),
  type: z.string().optional(),
  channel: PdChannel,
});

/** One responder of an incident (IncidentsRespondersReference). */
export const PdIncidentResponder = z.object({
  state: z.string().nullish(),
  user: PdReference,
  requester: PdReference.nullish(),
  requested_at: z.string().nullish(),
  message: z.string().nullish(),
});
export type PdIncidentResponder = z.infer<typeof PdIncidentResponder>;

export const PdIncident = z.object({
  id: z.string().min(1),
  incident_number: z.number().int(),
  title: z.string(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  urgency: z.enum(['high', 'low']).default('high'),
  priority: PdReference.nullish(),
  service: PdReference,
  teams: z.array(PdReference).nullish(),
  escalation_policy: PdReference.nullish(),
  assignments: z.array(z.object({ assignee: PdReference })).nullish(),
  acknowledgements: z.array(z.object({ acknowledger: PdReference })).nullish(),
  created_at: z.string().min(1),
  updated_at: z.string().nullish(),
  last_status_change_at: z.string().nullish(),
  /** The user, service or integration that last changed the status. */
  last_status_change_by: PdReference.nullish(),
  /** Actions PagerDuty will take on its own: a snoozed incident has an `unacknowledge` at the snooze's end. */
  pending_actions: z.array(z.object({ type: z.string(), at: z.string() })).nullish(),
  /** When the incident became resolved; null while it is open. */
  resolved_at: z.string().nullish(),
  html_url: z.string().nullish(),
  /** A reference, or with `include[]=first_trigger_log_entries` the trigger entry and its channel. */
  first_trigger_log_entry: PdTriggerLogEntryLike.nullish(),
  /** Present on GET /incidents/{id}; `details` holds what the first alert said. */
  body: z.object({ details: z.unknown().optional() }).nullish(),
  /** People asked to help (responder requests); only on accounts with the feature. */
  incidents_responders: z.array(PdIncidentResponder).nullish(),
  /** Not in the v2 document; read when an account or a proxy sends it. */
  escalation_level: z.number().int().positive().nullish(),
});
export type PdIncident = z.infer<typeof PdIncident>;

const pagination = {
  limit: z.number().int().nullish(),
  offset: z.number().int().nullish(),
  more: z.boolean().nullish(),
  total: z.number().int().nullish(),
};

export const PdIncidentPage = z.object({ ...pagination, incidents: z.array(PdIncident) });
export type PdIncidentPage = z.infer<typeof PdIncidentPage>;

export const PdIncidentEnvelope = z.object({ incident: PdIncident });

export const PdLogEntry = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  summary: z.string().nullish(),
  created_at: z.string().min(1),
  agent: PdReference.nullish(),
  channel: PdChannel,
  /** A reference, or with `include[]=incidents` the whole incident as it is now. */
  incident: z.union([PdIncident, PdReference]).nullish(),
});
export type PdLogEntry = z.infer<typeof PdLogEntry>;

export const PdLogEntryPage = z.object({ ...pagination, log_entries: z.array(PdLogEntry) });
export type PdLogEntryPage = z.infer<typeof PdLogEntryPage>;

export const PdNote = z.object({
  id: z.string().min(1),
  content: z.string(),
  created_at: z.string().min(1),
  user: PdReference.nullish(),
});
export type PdNote = z.infer<typeof PdNote>;

export const PdNoteList = z.object({ notes: z.array(PdNote) });
export const PdNoteEnvelope = z.object({ note: PdNote });

const PdLink = z.object({ href: z.string(), text: z.string().nullish() });

export const PdAlert = z.object({
  id: z.string().min(1),
  summary: z.string().nullish(),
  status: z.enum(['triggered', 'resolved']),
  created_at: z.string().min(1),
  severity: z.string().nullish(),
  body: z
    .object({
      details: z.unknown().optional(),
      contexts: z.array(z.object({ type: z.string().optional(), href: z.string().nullish(), text: z.string().nullish() })).nullish(),
      cef_details: z.object({ details: z.unknown().optional() }).nullish(),
    })
    .nullish(),
  links: z.array(PdLink).nullish(),
});
export type PdAlert = z.infer<typeof PdAlert>;

export const PdAlertPage = z.object({ ...pagination, alerts: z.array(PdAlert) });

export const PdUserEnvelope = z.object({ user: PdUser });

export const PdService = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  html_url: z.string().nullish(),
  teams: z.array(PdReference).nullish(),
  escalation_policy: PdReference.nullish(),
});
export type PdService = z.infer<typeof PdService>;

export const PdServicePage = z.object({ ...pagination, services: z.array(PdService) });

export const PdOnCall = z.object({
  user: PdReference,
  schedule: PdReference.nullish(),
  escalation_policy: PdReference,
  escalation_level: z.number().int(),
  start: z.string().nullish(),
  end: z.string().nullish(),
});
export type PdOnCall = z.infer<typeof PdOnCall>;

export const PdOnCallPage = z.object({ ...pagination, oncalls: z.array(PdOnCall) });

/** PUT /incidents answers with the incidents as they are now. */
export const PdIncidentUpdateResult = z.object({ incidents: z.array(PdIncident) });

/** PagerDuty's error body: `{"error":{"message","code","errors":[...]}}` (errors is sometimes an object). */
export const PdErrorBody = z.object({
  error: z.object({
    message: z.string().nullish(),
    code: z.number().int().nullish(),
    errors: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).nullish(),
  }),
});
export type PdErrorBody = z.infer<typeof PdErrorBody>;

/** A contact method as GET /users?include[]=contact_methods gives it. */
export const PdContactMethod = z.object({
  id: z.string().min(1),
  type: z.string(),
  label: z.string().nullish(),
  summary: z.string().nullish(),
  address: z.string().nullish(),
  country_code: z.number().int().nullish(),
});
export type PdContactMethod = z.infer<typeof PdContactMethod>;

export const PdDirectoryUser = PdUser.extend({
  teams: z.array(PdReference).nullish(),
  contact_methods: z.array(PdContactMethod).nullish(),
});
export type PdDirectoryUser = z.infer<typeof PdDirectoryUser>;
export const PdUserPage = z.object({ ...pagination, users: z.array(PdDirectoryUser) });

const PdTeam = z.object({ id: z.string().min(1), name: z.string().nullish(), summary: z.string().nullish() });
export const PdTeamPage = z.object({ ...pagination, teams: z.array(PdTeam) });

export const PdEscalationPolicy = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  summary: z.string().nullish(),
  teams: z.array(PdReference).nullish(),
  escalation_rules: z
    .array(
      z.object({
        id: z.string().nullish(),
        escalation_delay_in_minutes: z.number().nullish(),
        targets: z.array(PdReference),
      }),
    )
    .default([]),
});
export type PdEscalationPolicy = z.infer<typeof PdEscalationPolicy>;
export const PdEscalationPolicyPage = z.object({ ...pagination, escalation_policies: z.array(PdEscalationPolicy) });
export const PdEscalationPolicyEnvelope = z.object({ escalation_policy: PdEscalationPolicy });

export const PdPriority = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  summary: z.string().nullish(),
  description: z.string().nullish(),
});
export type PdPriority = z.infer<typeof PdPriority>;
export const PdPriorityPage = z.object({ ...pagination, priorities: z.array(PdPriority) });

/** POST /incidents/{id}/responder_requests answers with the request; the console only needs it to be there. */
export const PdResponderRequestEnvelope = z.object({ responder_request: z.object({ message: z.string().nullish() }) });

/** PUT /incidents/{id}/merge answers with a reference to the target. */
export const PdMergeResult = z.object({ incident: PdReference });
