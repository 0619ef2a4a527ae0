/**
 * The simulator's state store: the demo organisation plus incidents, alerts, notes and
 * log entries, with the indexes that keep large lists cheap (incidents by status, open
 * alerts by dedup key, log entries in time order). Every state change goes through a
 * method here and writes the log entries PagerDuty would write.
 */
import { ChangeEventLog } from './change-events';
import type { DemoOrg } from './demo-org';
import type { IdFactory } from './random';
import type {
  AgentRef,
  AlertContext,
  AlertRecord,
  Channel,
  EscalationPolicyRecord,
  IncidentRecord,
  IncidentStatus,
  LogEntryRecord,
  LogEntryType,
  NoteRecord,
  PriorityRecord,
  ResponderRequestRecord,
  ResponderRequestTarget,
  ScheduleRecord,
  ServiceRecord,
  Severity,
  TeamRecord,
  Urgency,
  UserRecord,
} from './types';

/** A state change PagerDuty would refuse; `reason` picks the HTTP error. */
export class StateError extends Error {
  constructor(
    readonly reason: 'not-found' | 'already-resolved' | 'invalid' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'StateError';
  }
}

export interface TriggerAlertInput {
  serviceId: string;
  summary: string;
  severity: Severity;
  source: string;
  dedupKey: string;
  component?: string | null;
  group?: string | null;
  eventClass?: string | null;
  details?: Record<string, unknown>;
  contexts?: AlertContext[];
  client?: string | null;
  clientUrl?: string | null;
  /** When the alert happened; defaults to now. */
  at?: number;
  priorityId?: string | null;
}

export interface CreateIncidentInput {
  serviceId: string;
  title: string;
  urgency?: Urgency;
  priorityId?: string | null;
  incidentKey?: string | null;
  description?: string | null;
  escalationPolicyId?: string;
  assigneeIds?: string[];
  agent: AgentRef;
  channel: Channel;
  at?: number;
}

export interface IncidentFilter {
  statuses?: IncidentStatus[];
  serviceIds?: string[];
  teamIds?: string[];
  userIds?: string[];
  urgencies?: Urgency[];
  incidentKey?: string;
  /** Created at or after (ms). */
  since?: number;
  /** Created before (ms). */
  until?: number;
  /** When true, since/until apply only to resolved incidents: open ones are always listed. */
  rangeAppliesToResolvedOnly?: boolean;
}

export interface Shift {
  userId: string;
  start: number;
  end: number;
}

const STATUSES: IncidentStatus[] = ['triggered', 'acknowledged', 'resolved'];

/** PagerDuty caps an incident at 1000 alerts (a merge that would exceed it is refused). */
const MAX_ALERTS_PER_INCIDENT = 1000;
/** The longest snooze PagerDuty accepts, in seconds (7 days). */
export const MAX_SNOOZE_SECONDS = 7 * 24 * 3600;

function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} hour${seconds === 3_600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function urgencyFor(service: ServiceRecord, severity: Severity): Urgency {
  if (service.urgencyRule.urgency !== 'severity_based') return service.urgencyRule.urgency;
  return severity === 'critical' || severity === 'error' ? 'high' : 'low';
}

export class SimulatorState {
  readonly meUserId: string;
  private readonly usersById = new Map<string, UserRecord>();
  private readonly usersByEmail = new Map<string, UserRecord>();
  private readonly teamsById = new Map<string, TeamRecord>();
  private readonly schedulesById = new Map<string, ScheduleRecord>();
  private readonly policiesById = new Map<string, EscalationPolicyRecord>();
  private readonly servicesById = new Map<string, ServiceRecord>();
  private readonly servicesByRoutingKey = new Map<string, ServiceRecord>();
  private readonly prioritiesById = new Map<string, PriorityRecord>();
  private readonly org: DemoOrg;

  private readonly incidentsById = new Map<string, IncidentRecord>();
  private readonly incidentsByNumber = new Map<number, IncidentRecord>();
  private readonly incidentsByStatus = new Map<IncidentStatus, Set<IncidentRecord>>(STATUSES.map((status) => [status, new Set()]));
  private readonly alertsById = new Map<string, AlertRecord>();
  /** Open (triggered) alerts by `${serviceId} ${dedupKey}`. */
  private readonly openAlertsByKey = new Map<string, AlertRecord>();
  private readonly notesById = new Map<string, NoteRecord>();
  private readonly logEntriesById = new Map<string, LogEntryRecord>();
  /** All log entries, oldest first. */
  private readonly logOrder: LogEntryRecord[] = [];
  /** Acknowledged incidents with a snooze running. */
  private readonly snoozed = new Set<IncidentRecord>();
  private nextIncidentNumber = 1;
  /** Change events received on the Events API (change-events.ts), by service. */
  readonly changeEvents: ChangeEventLog;

  constructor(
    org: DemoOrg,
    private readonly ids: IdFactory,
    readonly now: () => number,
  ) {
    this.org = org;
    this.meUserId = org.meUserId;
    this.changeEvents = new ChangeEventLog(now);
    for (const user of org.users) {
      this.usersById.set(user.id, user);
      this.usersByEmail.set(user.email.toLowerCase(), user);
    }
    for (const team of org.teams) this.teamsById.set(team.id, team);
    for (const schedule of org.schedules) this.schedulesById.set(schedule.id, schedule);
    for (const policy of org.escalationPolicies) this.policiesById.set(policy.id, policy);
    for (const service of org.services) {
      this.servicesById.set(service.id, service);
      this.servicesByRoutingKey.set(service.integration.key, service);
    }
    for (const priority of org.priorities) this.prioritiesById.set(priority.id, priority);
  }

  // ---- directory -------------------------------------------------------------

  get users(): readonly UserRecord[] {
    return this.org.users;
  }
  get teams(): readonly TeamRecord[] {
    return this.org.teams;
  }
  get schedules(): readonly ScheduleRecord[] {
    return this.org.schedules;
  }
  get escalationPolicies(): readonly EscalationPolicyRecord[] {
    return this.org.escalationPolicies;
  }
  get services(): readonly ServiceRecord[] {
    return this.org.services;
  }
  get priorities(): readonly PriorityRecord[] {
    return this.org.priorities;
  }
  get me(): UserRecord {
    const me = this.usersById.get(this.meUserId);
    if (!me) throw new Error('The simulator lost its /users/me user');
    return me;
  }

  getUser(id: string): UserRecord | undefined {
    return this.usersById.get(id);
  }
  getUserByEmail(email: string): UserRecord | undefined {
    return this.usersByEmail.get(email.trim().toLowerCase());
  }
  getTeam(id: string): TeamRecord | undefined {
    return this.teamsById.get(id);
  }
  getSchedule(id: string): ScheduleRecord | undefined {
    return this.schedulesById.get(id);
  }
  getEscalationPolicy(id: string): EscalationPolicyRecord | undefined {
    return this.policiesById.get(id);
  }
  getService(id: string): ServiceRecord | undefined {
    return this.servicesById.get(id);
  }
  getServiceByName(name: string): ServiceRecord | undefined {
    return this.org.services.find((service) => service.name === name);
  }
  getPriority(id: string): PriorityRecord | undefined {
    return this.prioritiesById.get(id);
  }
  getPriorityByName(name: string): PriorityRecord | undefined {
    return this.org.priorities.find((priority) => priority.name === name);
  }
  /** The Events API v2 routing key (integration key) of a service. */
  routingKeyFor(serviceId: string): string {
    const service = this.servicesById.get(serviceId);
    if (!service) throw new Error(`No service ${serviceId}`);
    return service.integration.key;
  }
  serviceForRoutingKey(routingKey: string): ServiceRecord | undefined {
    return this.servicesByRoutingKey.get(routingKey);
  }

  // ---- on call ---------------------------------------------------------------

  /** The shift of a schedule that covers `at`. */
  shiftAt(schedule: ScheduleRecord, at: number): Shift | null {
    const count = schedule.userIds.length;
    if (count === 0) return null;
    const n = Math.floor((at - schedule.rotationStart) / schedule.shiftMs);
    const start = schedule.rotationStart + n * schedule.shiftMs;
    const userId = schedule.userIds[(((n + schedule.offset) % count) + count) % count];
    return userId ? { userId, start, end: start + schedule.shiftMs } : null;
  }

  /** Every shift of a schedule overlapping [since, until). */
  shiftsBetween(schedule: ScheduleRecord, since: number, until: number): Shift[] {
    const shifts: Shift[] = [];
    let cursor = since;
    for (let guard = 0; guard < 1000; guard += 1) {
      const shift = this.shiftAt(schedule, cursor);
      if (!shift) break;
      shifts.push(shift);
      if (shift.end >= until) break;
      cursor = shift.end;
    }
    return shifts;
  }

  /** Who an escalation policy pages at a level (1-based), now. */
  oncallUserIds(policyId: string, level: number, at = this.now()): string[] {
    const rule = this.policiesById.get(policyId)?.rules[level - 1];
    if (!rule) return [];
    const ids: string[] = [];
    for (const target of rule.targets) {
      const userId = target.type === 'user' ? target.id : this.shiftAtId(target.id, at)?.userId;
      if (userId && !ids.includes(userId)) ids.push(userId);
    }
    return ids;
  }

  private shiftAtId(scheduleId: string, at: number): Shift | null {
    const schedule = this.schedulesById.get(scheduleId);
    return schedule ? this.shiftAt(schedule, at) : null;
  }

  // ---- reads -------------------------------------------------------------------

  /** An incident by id, or by incident number (as GET /incidents/{id} accepts both). */
  getIncident(idOrNumber: string): IncidentRecord | undefined {
    const byId = this.incidentsById.get(idOrNumber);
    if (byId) return byId;
    return /^\d+$/.test(idOrNumber) ? this.incidentsByNumber.get(Number(idOrNumber)) : undefined;
  }

  incidentCount(status?: IncidentStatus): number {
    return status ? (this.incidentsByStatus.get(status)?.size ?? 0) : this.incidentsById.size;
  }

  /** Incidents matching the filter, by incident number (oldest first). */
  listIncidents(filter: IncidentFilter = {}): IncidentRecord[] {
    const statuses = filter.statuses && filter.statuses.length > 0 ? filter.statuses : STATUSES;
    const services = filter.serviceIds && filter.serviceIds.length > 0 ? new Set(filter.serviceIds) : null;
    const teams = filter.teamIds && filter.teamIds.length > 0 ? new Set(filter.teamIds) : null;
    const users = filter.userIds && filter.userIds.length > 0 ? new Set(filter.userIds) : null;
    const urgencies = filter.urgencies && filter.urgencies.length > 0 ? new Set(filter.urgencies) : null;
    const out: IncidentRecord[] = [];
    for (const status of new Set(statuses)) {
      for (const incident of this.incidentsByStatus.get(status) ?? []) {
        if (services && !services.has(incident.serviceId)) continue;
        if (teams && !incident.teamIds.some((id) => teams.has(id))) continue;
        if (users && !incident.assignments.some((assignment) => users.has(assignment.userId))) continue;
        if (urgencies && !urgencies.has(incident.urgency)) continue;
        if (filter.incidentKey !== undefined && incident.incidentKey !== filter.incidentKey) continue;
        const rangeApplies = !filter.rangeAppliesToResolvedOnly || incident.status === 'resolved';
        if (rangeApplies && filter.since !== undefined && incident.createdAt < filter.since) continue;
        if (rangeApplies && filter.until !== undefined && incident.createdAt >= filter.until) continue;
        out.push(incident);
      }
    }
    return out.sort((a, b) => a.number - b.number);
  }

  getAlert(id: string): AlertRecord | undefined {
    return this.alertsById.get(id);
  }
  alertsOf(incident: IncidentRecord): AlertRecord[] {
    return incident.alertIds.map((id) => this.alertsById.get(id)).filter((alert): alert is AlertRecord => alert !== undefined);
  }
  notesOf(incident: IncidentRecord): NoteRecord[] {
    return incident.noteIds.map((id) => this.notesById.get(id)).filter((note): note is NoteRecord => note !== undefined);
  }
  getLogEntry(id: string): LogEntryRecord | undefined {
    return this.logEntriesById.get(id);
  }
  logEntriesOf(incident: IncidentRecord): LogEntryRecord[] {
    return incident.logEntryIds
      .map((id) => this.logEntriesById.get(id))
      .filter((entry): entry is LogEntryRecord => entry !== undefined)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Log entries with since <= created_at < until, oldest first (binary search on the time-ordered log). */
  logEntriesBetween(since: number | undefined, until: number | undefined): LogEntryRecord[] {
    const from = since === undefined ? 0 : this.firstLogIndexAtOrAfter(since);
    const to = until === undefined ? this.logOrder.length : this.firstLogIndexAtOrAfter(until);
    return this.logOrder.slice(from, Math.max(from, to));
  }

  private firstLogIndexAtOrAfter(at: number): number {
    let low = 0;
    let high = this.logOrder.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.logOrder[mid]?.createdAt ?? 0) < at) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  // ---- writes -------------------------------------------------------------------

  /**
   * Events API trigger: a new alert and incident, or, when an open alert already has
   * this dedup key on the service, nothing new (PagerDuty de-duplicates it).
   */
  triggerAlert(input: TriggerAlertInput): { incident: IncidentRecord; alert: AlertRecord; deduplicated: boolean } {
    const service = this.requireService(input.serviceId);
    const existing = this.openAlertsByKey.get(`${service.id} ${input.dedupKey}`);
    if (existing) {
      const incident = this.requireIncident(existing.incidentId);
      return { incident, alert: existing, deduplicated: true };
    }
    const at = input.at ?? this.now();
    const agent: AgentRef = { type: 'service', id: service.id };
    const incident = this.openIncident({
      serviceId: service.id,
      title: input.summary,
      urgency: urgencyFor(service, input.severity),
      priorityId: input.priorityId ?? null,
      incidentKey: input.dedupKey,
      agent,
      channel: { type: 'api' },
      at,
    });
    const alert: AlertRecord = {
      id: this.ids.alert(),
      incidentId: incident.id,
      serviceId: service.id,
      summary: input.summary,
      status: 'triggered',
      alertKey: input.dedupKey,
      severity: input.severity,
      createdAt: at,
      resolvedAt: null,
      source: input.source,
      component: input.component ?? null,
      group: input.group ?? null,
      eventClass: input.eventClass ?? null,
      details: input.details ?? {},
      contexts: input.contexts ?? [],
      client: input.client ?? null,
      clientUrl: input.clientUrl ?? null,
      firstTriggerLogEntryId: incident.firstTriggerLogEntryId,
    };
    this.alertsById.set(alert.id, alert);
    this.openAlertsByKey.set(`${service.id} ${alert.alertKey}`, alert);
    incident.alertIds.push(alert.id);
    return { incident, alert, deduplicated: false };
  }

  /** REST POST /incidents: an incident without alerts. Refuses a key that an open incident of the service already has. */
  createIncident(input: CreateIncidentInput): IncidentRecord {
    const service = this.requireService(input.serviceId);
    if (input.incidentKey) {
      const clash = this.listIncidents({
        statuses: ['triggered', 'acknowledged'],
        serviceIds: [service.id],
        incidentKey: input.incidentKey,
      });
      if (clash.length > 0) throw new StateError('invalid', 'Open incident with matching dedup key already exists on this service');
    }
    const ruleUrgency = service.urgencyRule.urgency === 'severity_based' ? 'high' : service.urgencyRule.urgency;
    return this.openIncident({ ...input, urgency: input.urgency ?? ruleUrgency });
  }

  private openIncident(input: CreateIncidentInput & { urgency: Urgency }): IncidentRecord {
    const service = this.requireService(input.serviceId);
    const at = input.at ?? this.now();
    const policyId = input.escalationPolicyId ?? service.escalationPolicyId;
    const assigneeIds = input.assigneeIds && input.assigneeIds.length > 0 ? input.assigneeIds : this.oncallUserIds(policyId, 1, at);
    const incident: IncidentRecord = {
      id: this.ids.incident(),
      number: this.nextIncidentNumber,
      title: input.title,
      description: input.description ?? null,
      status: 'triggered',
      urgency: input.urgency,
      priorityId: input.priorityId ?? null,
      serviceId: service.id,
      escalationPolicyId: policyId,
      teamIds: [...service.teamIds],
      escalationLevel: 1,
      assignments: assigneeIds.map((userId) => ({ at, userId })),
      acknowledgements: [],
      createdAt: at,
      updatedAt: at,
      lastStatusChangeAt: at,
      lastStatusChangeBy: input.agent,
      resolvedAt: null,
      incidentKey: input.incidentKey ?? null,
      alertIds: [],
      noteIds: [],
      logEntryIds: [],
      firstTriggerLogEntryId: '',
    };
    this.nextIncidentNumber += 1;
    this.incidentsById.set(incident.id, incident);
    this.incidentsByNumber.set(incident.number, incident);
    this.incidentsByStatus.get('triggered')?.add(incident);
    const via = input.agent.type === 'service' ? 'through the API' : 'through the website';
    const trigger = this.writeLog(incident, 'trigger_log_entry', input.agent, input.channel, `Triggered ${via}.`, at, { isOverview: true });
    incident.firstTriggerLogEntryId = trigger.id;
    this.notifyAssignees(incident, at);
    return incident;
  }

  /** Acknowledges; acknowledging a resolved incident reopens it, assigned to the acknowledger (REST only). */
  acknowledge(incidentId: string, agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const incident = this.requireIncident(incidentId);
    if (incident.status === 'resolved') {
      if (agent.type !== 'user') return incident;
      incident.assignments = [{ at, userId: agent.id }];
      incident.resolvedAt = null;
    }
    incident.acknowledgements = incident.acknowledgements.filter((ack) => !(ack.by.type === agent.type && ack.by.id === agent.id));
    incident.acknowledgements.push({ at, by: agent });
    this.setStatus(incident, 'acknowledged', agent, at);
    const service = this.servicesById.get(incident.serviceId);
    this.writeLog(incident, 'acknowledge_log_entry', agent, channel, `Acknowledged by ${this.agentName(agent)}.`, at, {
      isOverview: true,
      acknowledgementTimeout: service?.acknowledgementTimeout ?? null,
    });
    return incident;
  }

  /** Resolves the incident and its alerts. Resolving twice is refused, as PagerDuty does. */
  resolve(incidentId: string, agent: AgentRef, channel: Channel, resolution?: string, at = this.now()): IncidentRecord {
    const incident = this.requireIncident(incidentId);
    if (incident.status === 'resolved') throw new StateError('already-resolved', 'Incident Already Resolved');
    for (const alert of this.alertsOf(incident)) this.resolveAlertRecord(alert, at);
    incident.resolvedAt = at;
    incident.assignments = [];
    incident.acknowledgements = [];
    this.setStatus(incident, 'resolved', agent, at);
    this.writeLog(incident, 'resolve_log_entry', agent, channel, `Resolved by ${this.agentName(agent)}.`, at, {
      isOverview: true,
      ...(resolution ? { note: resolution } : {}),
    });
    return incident;
  }

  /** Reopens a resolved incident as triggered, or un-acknowledges an acknowledged one. */
  retrigger(incidentId: string, agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const incident = this.requireIncident(incidentId);
    if (incident.status === 'triggered') return incident;
    const wasResolved = incident.status === 'resolved';
    incident.acknowledgements = [];
    if (wasResolved) {
      incident.resolvedAt = null;
      incident.escalationLevel = 1;
      incident.assignments = this.oncallUserIds(incident.escalationPolicyId, 1, at).map((userId) => ({ at, userId }));
    }
    this.setStatus(incident, 'triggered', agent, at);
    if (wasResolved) {
      this.writeLog(incident, 'trigger_log_entry', agent, channel, `Reopened by ${this.agentName(agent)}.`, at, { isOverview: true });
      this.notifyAssignees(incident, at);
    } else {
      this.writeLog(incident, 'unacknowledge_log_entry', agent, channel, `Unacknowledged by ${this.agentName(agent)}.`, at, {
        isOverview: true,
      });
    }
    return incident;
  }

  /** Edits a note; only its author may (as in PagerDuty's app). */
  updateNote(incidentId: string, noteId: string, userId: string | null, content: string): NoteRecord {
    const note = this.ownNote(incidentId, noteId, userId);
    note.content = content;
    note.updatedAt = this.now();
    return note;
  }

  /** Deletes a note; only its author may. */
  deleteNote(incidentId: string, noteId: string, userId: string | null): void {
    const note = this.ownNote(incidentId, noteId, userId);
    const incident = this.requireIncident(incidentId);
    incident.noteIds = incident.noteIds.filter((id) => id !== note.id);
    this.notesById.delete(note.id);
  }

  /** The note, when the user (null: an account-level token, which may) is its author. */
  private ownNote(incidentId: string, noteId: string, userId: string | null): NoteRecord {
    const incident = this.requireIncident(incidentId);
    const note = this.notesById.get(noteId);
    if (!note || note.incidentId !== incident.id) throw new StateError('not-found', `No note ${noteId} on incident ${incidentId}`);
    if (userId !== null && note.userId !== userId) throw new StateError('forbidden', 'Only the author of a note can change or delete it');
    return note;
  }

  addNote(incidentId: string, userId: string, content: string, at = this.now()): NoteRecord {
    const incident = this.requireIncident(incidentId);
    if (incident.noteIds.length >= 2000) throw new StateError('invalid', 'An incident can have at most 2000 notes');
    const note: NoteRecord = { id: this.ids.short(), incidentId: incident.id, userId, content, createdAt: at };
    this.notesById.set(note.id, note);
    incident.noteIds.push(note.id);
    incident.updatedAt = at;
    this.writeLog(
      incident,
      'annotate_log_entry',
      { type: 'user', id: userId },
      { type: 'note' },
      `Note added by ${this.agentName({ type: 'user', id: userId })}.`,
      at,
      {
        isOverview: true,
        note: content,
      },
    );
    return note;
  }

  /** Replaces the assignees; an acknowledged incident goes back to triggered for them. */
  reassign(incidentId: string, userIds: string[], agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const incident = this.requireOpenIncident(incidentId);
    incident.assignments = userIds.map((userId) => ({ at, userId }));
    incident.acknowledgements = [];
    if (incident.status !== 'triggered') this.setStatus(incident, 'triggered', agent, at);
    incident.updatedAt = at;
    const names = userIds.map((id) => this.usersById.get(id)?.name ?? id).join(', ');
    this.writeLog(incident, 'assign_log_entry', agent, channel, `Assigned to ${names} by ${this.agentName(agent)}.`, at, {
      isOverview: true,
      assigneeIds: userIds,
    });
    this.notifyAssignees(incident, at);
    return incident;
  }

  /** Escalates to a level (1-based) of the incident's escalation policy. */
  escalate(incidentId: string, level: number, agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const incident = this.requireOpenIncident(incidentId);
    const policy = this.policiesById.get(incident.escalationPolicyId);
    const levels = policy?.rules.length ?? 0;
    if (!Number.isInteger(level) || level < 1 || level > levels) {
      throw new StateError('invalid', `Escalation level must be between 1 and ${levels} for this incident's escalation policy`);
    }
    const userIds = this.oncallUserIds(incident.escalationPolicyId, level, at);
    incident.escalationLevel = level;
    incident.assignments = userIds.map((userId) => ({ at, userId }));
    incident.acknowledgements = [];
    if (incident.status !== 'triggered') this.setStatus(incident, 'triggered', agent, at);
    incident.updatedAt = at;
    this.writeLog(incident, 'escalate_log_entry', agent, channel, `Escalated to level ${level} by ${this.agentName(agent)}.`, at, {
      isOverview: true,
      assigneeIds: userIds,
    });
    this.notifyAssignees(incident, at);
    return incident;
  }

  setUrgency(incidentId: string, urgency: Urgency, agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const incident = this.requireIncident(incidentId);
    if (incident.urgency === urgency) return incident;
    incident.urgency = urgency;
    incident.updatedAt = at;
    this.writeLog(incident, 'urgency_change_log_entry', agent, channel, `Urgency changed to ${urgency} by ${this.agentName(agent)}.`, at, {
      isOverview: true,
    });
    return incident;
  }

  /**
   * Snoozes an acknowledged incident for `durationSeconds`: when the time runs out it goes
   * back to triggered and its assignees are notified again (see wakeSnoozed). Only an
   * acknowledged incident can be snoozed.
   */
  snooze(incidentId: string, durationSeconds: number, agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const incident = this.requireOpenIncident(incidentId);
    if (incident.status !== 'acknowledged') throw new StateError('invalid', 'Incident must be acknowledged before it can be snoozed');
    if (!Number.isInteger(durationSeconds) || durationSeconds < 1 || durationSeconds > MAX_SNOOZE_SECONDS) {
      throw new StateError('invalid', `duration must be between 1 and ${MAX_SNOOZE_SECONDS} seconds`);
    }
    incident.snoozedUntil = at + durationSeconds * 1000;
    incident.updatedAt = at;
    this.snoozed.add(incident);
    this.writeLog(
      incident,
      'snooze_log_entry',
      agent,
      channel,
      `Snoozed for ${formatDuration(durationSeconds)} by ${this.agentName(agent)}.`,
      at,
      { isOverview: true },
    );
    return incident;
  }

  /**
   * Re-triggers every snoozed incident whose snooze has run out by `at` (the simulator's
   * clock). Called before each request is handled, so the effect is visible to the first
   * read after the snooze ends; the log entry carries the moment the snooze ended.
   */
  wakeSnoozed(at = this.now()): IncidentRecord[] {
    const woken: IncidentRecord[] = [];
    for (const incident of [...this.snoozed]) {
      const until = incident.snoozedUntil ?? null;
      if (until === null || until > at) continue;
      const agent: AgentRef = { type: 'service', id: incident.serviceId };
      incident.acknowledgements = [];
      this.setStatus(incident, 'triggered', agent, until);
      this.writeLog(incident, 'unacknowledge_log_entry', null, { type: 'timeout' }, 'Unacknowledged: the snooze ran out.', until, {
        isOverview: true,
      });
      this.notifyAssignees(incident, until);
      woken.push(incident);
    }
    return woken;
  }

  /** Reassigns an open incident to another escalation policy: its level-1 on-calls become the assignees. */
  reassignToPolicy(incidentId: string, policyId: string, agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const incident = this.requireOpenIncident(incidentId);
    const policy = this.policiesById.get(policyId);
    if (!policy) throw new StateError('invalid', `escalation_policy ${policyId} does not exist`);
    const userIds = this.oncallUserIds(policy.id, 1, at);
    incident.escalationPolicyId = policy.id;
    // PagerDuty files an incident under its escalation policy's teams.
    if (policy.teamIds.length > 0) incident.teamIds = [...policy.teamIds];
    incident.escalationLevel = 1;
    incident.assignments = userIds.map((userId) => ({ at, userId }));
    incident.acknowledgements = [];
    if (incident.status !== 'triggered') this.setStatus(incident, 'triggered', agent, at);
    incident.updatedAt = at;
    const names = userIds.map((id) => this.usersById.get(id)?.name ?? id).join(', ');
    this.writeLog(
      incident,
      'assign_log_entry',
      agent,
      channel,
      `Reassigned to ${policy.name}${names ? ` (${names})` : ''} by ${this.agentName(agent)}.`,
      at,
      {
        isOverview: true,
        assigneeIds: userIds,
      },
    );
    this.notifyAssignees(incident, at);
    return incident;
  }

  /**
   * A responder request: each user target, and the level-1 on-calls of each escalation
   * policy target, become pending responders of the incident and are notified.
   */
  requestResponders(
    incidentId: string,
    requesterId: string,
    message: string,
    targets: ResponderRequestTarget[],
    at = this.now(),
  ): ResponderRequestRecord {
    const incident = this.requireOpenIncident(incidentId);
    if (!this.usersById.has(requesterId)) throw new StateError('invalid', `requester_id ${requesterId} is not a user of this account`);
    if (targets.length === 0) throw new StateError('invalid', 'responder_request_targets must name at least one user or escalation policy');
    const wanted = new Map<string, string[]>();
    for (const target of targets) {
      if (target.type === 'user') {
        if (!this.usersById.has(target.id)) throw new StateError('invalid', `user ${target.id} does not exist`);
        if (!wanted.has(target.id)) wanted.set(target.id, []);
      } else {
        const policy = this.policiesById.get(target.id);
        if (!policy) throw new StateError('invalid', `escalation_policy ${target.id} does not exist`);
        for (const userId of this.oncallUserIds(policy.id, 1, at)) wanted.set(userId, [...(wanted.get(userId) ?? []), policy.name]);
      }
    }
    const request: ResponderRequestRecord = {
      id: this.ids.short(),
      requesterId,
      requestedAt: at,
      message,
      targets: targets.map((t) => ({ ...t })),
    };
    incident.responderRequests = [...(incident.responderRequests ?? []), request];
    const responders = (incident.responders ?? []).filter((responder) => !wanted.has(responder.userId));
    for (const [userId, policyNames] of wanted) {
      responders.push({ userId, state: 'pending', requesterId, requestedAt: at, updatedAt: at, message, policyNames });
    }
    incident.responders = responders;
    incident.updatedAt = at;
    const names = [...wanted.keys()].map((id) => this.usersById.get(id)?.name ?? id).join(', ');
    this.writeLog(
      incident,
      'responder_request_log_entry',
      { type: 'user', id: requesterId },
      { type: 'website' },
      `${this.agentName({ type: 'user', id: requesterId })} requested help from ${names || 'nobody on call'}.`,
      at,
      {
        isOverview: true,
        note: message,
      },
    );
    for (const userId of wanted.keys()) this.notifyUser(incident, userId, 'high', at);
    return request;
  }

  /**
   * Merges the source incidents into the target: their alerts move to the target and they
   * are resolved. The target must be open; each source must be open and not the target.
   */
  merge(targetId: string, sourceIds: string[], agent: AgentRef, channel: Channel, at = this.now()): IncidentRecord {
    const target = this.requireIncident(targetId);
    if (target.status === 'resolved') throw new StateError('invalid', 'Open incidents cannot be merged into a resolved incident');
    if (sourceIds.length === 0) throw new StateError('invalid', 'source_incidents must list at least one incident');
    const sources = [...new Set(sourceIds)].map((id) => this.requireIncident(id));
    for (const source of sources) {
      if (source.id === target.id) throw new StateError('invalid', 'An incident cannot be merged into itself');
      if (source.status === 'resolved') throw new StateError('already-resolved', 'Incident Already Resolved');
    }
    const total = target.alertIds.length + sources.reduce((sum, source) => sum + source.alertIds.length, 0);
    if (total > MAX_ALERTS_PER_INCIDENT)
      throw new StateError(
        'invalid',
        `An incident cannot have more than ${MAX_ALERTS_PER_INCIDENT} alerts (the merge would give it ${total})`,
      );
    for (const source of sources) {
      for (const alert of this.alertsOf(source)) {
        alert.incidentId = target.id;
        target.alertIds.push(alert.id);
      }
      source.alertIds = [];
      source.resolvedAt = at;
      source.assignments = [];
      source.acknowledgements = [];
      this.setStatus(source, 'resolved', agent, at);
      this.writeLog(
        source,
        'resolve_log_entry',
        agent,
        channel,
        `Resolved by ${this.agentName(agent)}: merged into #${target.number}.`,
        at,
        { isOverview: true },
      );
    }
    target.updatedAt = at;
    return target;
  }

  /** Priority and title changes write no log entry in PagerDuty; only updated_at moves. */
  setPriority(incidentId: string, priorityId: string | null, at = this.now()): IncidentRecord {
    const incident = this.requireIncident(incidentId);
    incident.priorityId = priorityId;
    incident.updatedAt = at;
    return incident;
  }

  setTitle(incidentId: string, title: string, at = this.now()): IncidentRecord {
    const incident = this.requireIncident(incidentId);
    incident.title = title;
    incident.updatedAt = at;
    return incident;
  }

  /** Events API acknowledge: acknowledges the incident of the open alert with this key, if any. */
  acknowledgeByDedupKey(serviceId: string, dedupKey: string, at = this.now()): IncidentRecord | null {
    const alert = this.openAlertsByKey.get(`${serviceId} ${dedupKey}`);
    if (!alert) return null;
    return this.acknowledge(alert.incidentId, { type: 'service', id: serviceId }, { type: 'api' }, at);
  }

  /** Events API resolve: resolves the alert, and the incident once none of its alerts is open. */
  resolveByDedupKey(serviceId: string, dedupKey: string, at = this.now()): IncidentRecord | null {
    const alert = this.openAlertsByKey.get(`${serviceId} ${dedupKey}`);
    if (!alert) return null;
    const incident = this.requireIncident(alert.incidentId);
    this.resolveAlertRecord(alert, at);
    incident.updatedAt = at;
    if (this.alertsOf(incident).every((each) => each.status === 'resolved') && incident.status !== 'resolved') {
      this.resolve(incident.id, { type: 'service', id: serviceId }, { type: 'api' }, undefined, at);
    }
    return incident;
  }

  // ---- helpers -------------------------------------------------------------------

  agentName(agent: AgentRef): string {
    return agent.type === 'user' ? (this.usersById.get(agent.id)?.name ?? agent.id) : (this.servicesById.get(agent.id)?.name ?? agent.id);
  }

  /** Sorts the log by time once, after seeding wrote entries out of order. */
  sortLog(): void {
    this.logOrder.sort((a, b) => a.createdAt - b.createdAt);
  }

  private resolveAlertRecord(alert: AlertRecord, at: number): void {
    if (alert.status === 'resolved') return;
    alert.status = 'resolved';
    alert.resolvedAt = at;
    const key = `${alert.serviceId} ${alert.alertKey}`;
    if (this.openAlertsByKey.get(key) === alert) this.openAlertsByKey.delete(key);
  }

  private setStatus(incident: IncidentRecord, status: IncidentStatus, agent: AgentRef, at: number): void {
    // Any status change ends a snooze (a new acknowledgement starts its own timeout).
    this.clearSnooze(incident);
    this.incidentsByStatus.get(incident.status)?.delete(incident);
    incident.status = status;
    this.incidentsByStatus.get(status)?.add(incident);
    incident.lastStatusChangeAt = at;
    incident.lastStatusChangeBy = agent;
    incident.updatedAt = at;
  }

  private notifyAssignees(incident: IncidentRecord, at: number): void {
    for (const { userId } of incident.assignments) this.notifyUser(incident, userId, incident.urgency, at);
  }

  private notifyUser(incident: IncidentRecord, userId: string, urgency: Urgency, at: number): void {
    const user = this.usersById.get(userId);
    const method = user?.contactMethods.find(
      (each) => each.type === (urgency === 'high' ? 'phone_contact_method' : 'email_contact_method'),
    );
    if (!user || !method) return;
    this.writeLog(
      incident,
      'notify_log_entry',
      null,
      { type: 'notification', userId, contactMethodId: method.id },
      `Notified ${user.name} via ${method.type === 'phone_contact_method' ? 'phone' : 'email'}.`,
      at,
      {
        isOverview: false,
      },
    );
  }

  private clearSnooze(incident: IncidentRecord): void {
    if (incident.snoozedUntil == null) return;
    incident.snoozedUntil = null;
    this.snoozed.delete(incident);
  }

  private writeLog(
    incident: IncidentRecord,
    type: LogEntryType,
    agent: AgentRef | null,
    channel: Channel,
    summary: string,
    at: number,
    extra: Partial<Pick<LogEntryRecord, 'assigneeIds' | 'note' | 'acknowledgementTimeout' | 'isOverview'>>,
  ): LogEntryRecord {
    const entry: LogEntryRecord = {
      id: this.ids.logEntry(),
      type,
      incidentId: incident.id,
      createdAt: at,
      agent,
      channel,
      summary,
      isOverview: extra.isOverview ?? false,
      ...(extra.assigneeIds ? { assigneeIds: extra.assigneeIds } : {}),
      ...(extra.note !== undefined ? { note: extra.note } : {}),
      ...(extra.acknowledgementTimeout !== undefined ? { acknowledgementTimeout: extra.acknowledgementTimeout } : {}),
    };
    this.logEntriesById.set(entry.id, entry);
    incident.logEntryIds.push(entry.id);
    // Keep the log in time order; entries almost always arrive last, so search from the end.
    let index = this.logOrder.length;
    while (index > 0 && (this.logOrder[index - 1]?.createdAt ?? 0) > at) index -= 1;
    if (index === this.logOrder.length) this.logOrder.push(entry);
    else this.logOrder.splice(index, 0, entry);
    return entry;
  }

  private requireService(id: string): ServiceRecord {
    const service = this.servicesById.get(id);
    if (!service) throw new StateError('not-found', `Service ${id} not found`);
    return service;
  }

  private requireIncident(id: string): IncidentRecord {
    const incident = this.getIncident(id);
    if (!incident) throw new StateError('not-found', `Incident ${id} not found`);
    return incident;
  }

  private requireOpenIncident(id: string): IncidentRecord {
    const incident = this.requireIncident(id);
    if (incident.status === 'resolved') throw new StateError('already-resolved', 'Incident Already Resolved');
    return incident;
  }
}
