/**
 * The PagerDuty simulator's vocabulary: its public options and fault shapes, and the
 * internal records the state store keeps (plain data, serialised to PagerDuty's wire
 * shapes only when a response is written).
 */

export interface PagerDutySimulatorOptions {
  /** Default 0 (any free port); the server always binds 127.0.0.1. */
  port?: number;
  /** Open incidents seeded at start (default 25). Above 500 they are spread over 200 services. */
  seedIncidents?: number;
  /** Total services in the org (default: the hand-written demo set, or 200 when seedIncidents > 500). */
  serviceCount?: number;
  /** Demo mode: new incidents arrive on a timer, old ones are now and then acknowledged or resolved. */
  demo?: { newIncidentEveryMs: number } | false;
  /** Days of resolved incidents seeded before start, for response metrics (default 30 in demo mode, else 0). */
  historyDays?: number;
  /** When set, any other token gets 401; otherwise any well-formed token is accepted. */
  validTokens?: string[];
  /** Requests per minute per token (default 960). */
  rateLimitPerMinute?: number;
  /** Clock in ms since the epoch (default Date.now). */
  now?: () => number;
  /** Seed of the deterministic PRNG behind the demo data (default 1). */
  seed?: number;
  /** Change events accepted per integration key in any 60 s (default 120, "approximately 120 calls/minute per integration key"). */
  changeEventsPerMinute?: number;
  /**
   * A change event whose summary is over PagerDuty's 1024 characters: 'reject' (400, the
   * default) or 'truncate' (accepted, cut at 1024). The limit is documented, what PagerDuty
   * does past it is not.
   */
  changeEventSummaryOverLimit?: 'reject' | 'truncate';
}

export type Fault =
  | { kind: 'rate-limit'; count: number; path?: string }
  | { kind: 'server-error'; count: number; status?: 500 | 502 | 503 | 504; path?: string }
  | { kind: 'slow'; count: number; delayMs: number; path?: string }
  | { kind: 'drop'; count: number; path?: string }
  | { kind: 'malformed'; count: number; path?: string };

/** One request in the simulator's request log (the shape every simulator logs). */
export type { LoggedRequest as RecordedRequest } from '../http/request-log';

export type ServiceKind = 'digital' | 'cots' | 'foundational';
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';
export type Urgency = 'high' | 'low';
export type Severity = 'critical' | 'error' | 'warning' | 'info';

interface ContactMethodRecord {
  id: string;
  type: 'email_contact_method' | 'phone_contact_method' | 'sms_contact_method' | 'push_notification_contact_method';
  label: string;
  address: string;
  countryCode?: number;
}

export interface UserRecord {
  id: string;
  name: string;
  email: string;
  timeZone: string;
  color: string;
  role: 'admin' | 'user' | 'limited_user' | 'owner';
  jobTitle: string;
  teamIds: string[];
  contactMethods: ContactMethodRecord[];
}

export interface TeamRecord {
  id: string;
  name: string;
  description: string;
}

/** A rotation: shift n (counted from rotationStart) belongs to userIds[(n + offset) % length]. */
export interface ScheduleRecord {
  id: string;
  name: string;
  description: string;
  timeZone: string;
  userIds: string[];
  rotationStart: number;
  shiftMs: number;
  offset: number;
  teamIds: string[];
}

interface EscalationTarget {
  type: 'schedule' | 'user';
  id: string;
}

interface EscalationRuleRecord {
  id: string;
  delayMinutes: number;
  targets: EscalationTarget[];
}

export interface EscalationPolicyRecord {
  id: string;
  name: string;
  description: string;
  teamIds: string[];
  numLoops: number;
  rules: EscalationRuleRecord[];
}

/** PagerDuty's incident_urgency_rule: a constant urgency, or `severity_based` (critical/error high, warning/info low). */
export interface UrgencyRule {
  type: 'constant';
  urgency: Urgency | 'severity_based';
}

export interface ServiceRecord {
  id: string;
  name: string;
  description: string;
  kind: ServiceKind;
  teamIds: string[];
  escalationPolicyId: string;
  integration: { id: string; name: string; key: string };
  urgencyRule: UrgencyRule;
  createdAt: number;
  acknowledgementTimeout: number | null;
  autoResolveTimeout: number | null;
}

/** A change event (Events API v2 `POST /v2/change/enqueue`) on the service its routing key belongs to. */
export interface ChangeEventRecord {
  id: string;
  serviceId: string;
  /** The service's Events API v2 integration the routing key belongs to. */
  integrationId: string;
  summary: string;
  source: string | null;
  /** The event's own time (payload.timestamp), or when it arrived when it had none. */
  timestamp: number;
  customDetails: Record<string, unknown>;
  links: { href: string; text?: string }[];
  images: { src: string; href?: string; alt?: string }[];
}

export interface PriorityRecord {
  id: string;
  name: string;
  description: string;
}

/** Who did something: a user (REST, web, mobile) or a service (Events API). */
export type AgentRef = { type: 'user'; id: string } | { type: 'service'; id: string };

export interface IncidentRecord {
  id: string;
  number: number;
  title: string;
  description: string | null;
  status: IncidentStatus;
  urgency: Urgency;
  priorityId: string | null;
  serviceId: string;
  escalationPolicyId: string;
  teamIds: string[];
  escalationLevel: number;
  assignments: { at: number; userId: string }[];
  acknowledgements: { at: number; by: AgentRef }[];
  createdAt: number;
  updatedAt: number;
  lastStatusChangeAt: number;
  lastStatusChangeBy: AgentRef;
  resolvedAt: number | null;
  incidentKey: string | null;
  alertIds: string[];
  noteIds: string[];
  logEntryIds: string[];
  firstTriggerLogEntryId: string;
  /** While snoozed: when the incident goes back to triggered (ms). */
  snoozedUntil?: number | null;
  /** People asked to help (responder requests), one record per user. */
  responders?: ResponderRecord[];
  responderRequests?: ResponderRequestRecord[];
}

/** One user asked to help with an incident, directly or through an escalation policy. */
export interface ResponderRecord {
  userId: string;
  state: 'pending' | 'joined' | 'declined';
  requesterId: string;
  requestedAt: number;
  updatedAt: number;
  message: string;
  /** Names of the escalation policies the user was requested through (empty when asked directly). */
  policyNames: string[];
}

export interface ResponderRequestTarget {
  type: 'user' | 'escalation_policy';
  id: string;
}

export interface ResponderRequestRecord {
  id: string;
  requesterId: string;
  requestedAt: number;
  message: string;
  targets: ResponderRequestTarget[];
}

export type AlertContext = { type: 'link'; href: string; text?: string } | { type: 'image'; src: string; href?: string; alt?: string };

export interface AlertRecord {
  id: string;
  incidentId: string;
  serviceId: string;
  summary: string;
  status: 'triggered' | 'resolved';
  alertKey: string;
  severity: Severity;
  createdAt: number;
  resolvedAt: number | null;
  source: string;
  component: string | null;
  group: string | null;
  eventClass: string | null;
  details: Record<string, unknown>;
  contexts: AlertContext[];
  client: string | null;
  clientUrl: string | null;
  firstTriggerLogEntryId: string;
}

export interface NoteRecord {
  id: string;
  incidentId: string;
  userId: string;
  content: string;
  createdAt: number;
  /** When it was last edited (PUT /incidents/{id}/notes/{note_id}), or absent. */
  updatedAt?: number;
}

export type LogEntryType =
  | 'trigger_log_entry'
  | 'acknowledge_log_entry'
  | 'resolve_log_entry'
  | 'annotate_log_entry'
  | 'assign_log_entry'
  | 'escalate_log_entry'
  | 'notify_log_entry'
  | 'unacknowledge_log_entry'
  | 'urgency_change_log_entry'
  | 'snooze_log_entry'
  | 'responder_request_log_entry';

export type Channel =
  | { type: 'api' }
  | { type: 'web_trigger' | 'website' | 'mobile' | 'auto' | 'timeout' | 'note' }
  | { type: 'notification'; userId: string; contactMethodId: string };

export interface LogEntryRecord {
  id: string;
  type: LogEntryType;
  incidentId: string;
  createdAt: number;
  agent: AgentRef | null;
  channel: Channel;
  summary: string;
  assigneeIds?: string[];
  note?: string;
  acknowledgementTimeout?: number | null;
  /** Shown by /log_entries?is_overview=true. */
  isOverview: boolean;
}
