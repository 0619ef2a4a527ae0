/**
 * Turns the state store's records into PagerDuty REST v2 wire objects: references
 * ({id, type: "x_reference", summary, self, html_url}), full objects, and the in-place
 * expansion that `include[]` asks for. Only the records on the requested page are
 * serialised.
 */
import type { SimulatorState } from './state';
import type {
  AgentRef,
  AlertRecord,
  ChangeEventRecord,
  Channel,
  EscalationPolicyRecord,
  IncidentRecord,
  LogEntryRecord,
  NoteRecord,
  PriorityRecord,
  ResponderRecord,
  ResponderRequestRecord,
  ScheduleRecord,
  ServiceRecord,
  TeamRecord,
  UserRecord,
} from './types';

type Json = Record<string, unknown>;

/** PagerDuty renders times as ISO 8601 in UTC with second precision. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Where the web app of the demo account would live (html_url fields). */
export const DEMO_WEB_BASE = 'https://oncall-console-demo.pagerduty.com';

export class Serializer {
  constructor(
    private readonly state: SimulatorState,
    private readonly apiBase: string,
    private readonly webBase = DEMO_WEB_BASE,
  ) {}

  // ---- references ----------------------------------------------------------------

  userRef(id: string): Json {
    const user = this.state.getUser(id);
    return {
      id,
      type: 'user_reference',
      summary: user?.name ?? id,
      self: `${this.apiBase}/users/${id}`,
      html_url: `${this.webBase}/users/${id}`,
    };
  }
  serviceRef(id: string): Json {
    const service = this.state.getService(id);
    return {
      id,
      type: 'service_reference',
      summary: service?.name ?? id,
      self: `${this.apiBase}/services/${id}`,
      html_url: `${this.webBase}/service-directory/${id}`,
    };
  }
  teamRef(id: string): Json {
    const team = this.state.getTeam(id);
    return {
      id,
      type: 'team_reference',
      summary: team?.name ?? id,
      self: `${this.apiBase}/teams/${id}`,
      html_url: `${this.webBase}/teams/${id}`,
    };
  }
  policyRef(id: string): Json {
    const policy = this.state.getEscalationPolicy(id);
    return {
      id,
      type: 'escalation_policy_reference',
      summary: policy?.name ?? id,
      self: `${this.apiBase}/escalation_policies/${id}`,
      html_url: `${this.webBase}/escalation_policies/${id}`,
    };
  }
  scheduleRef(id: string): Json {
    const schedule = this.state.getSchedule(id);
    return {
      id,
      type: 'schedule_reference',
      summary: schedule?.name ?? id,
      self: `${this.apiBase}/schedules/${id}`,
      html_url: `${this.webBase}/schedules/${id}`,
    };
  }
  priorityRef(id: string): Json {
    const priority = this.state.getPriority(id);
    return { id, type: 'priority_reference', summary: priority?.name ?? id, self: `${this.apiBase}/priorities/${id}` };
  }
  incidentRef(incident: IncidentRecord): Json {
    return {
      id: incident.id,
      type: 'incident_reference',
      summary: `[#${incident.number}] ${incident.title}`,
      self: `${this.apiBase}/incidents/${incident.id}`,
      html_url: `${this.webBase}/incidents/${incident.id}`,
    };
  }
  logEntryRef(entry: LogEntryRecord): Json {
    return {
      id: entry.id,
      type: `${entry.type}_reference`,
      summary: entry.summary,
      self: `${this.apiBase}/log_entries/${entry.id}?incident_id=${entry.incidentId}`,
      html_url: `${this.webBase}/incidents/${entry.incidentId}/log_entries/${entry.id}`,
    };
  }
  integrationRef(service: ServiceRecord): Json {
    return {
      id: service.integration.id,
      type: 'events_api_v2_inbound_integration_reference',
      summary: service.integration.name,
      self: `${this.apiBase}/services/${service.id}/integrations/${service.integration.id}`,
      html_url: `${this.webBase}/services/${service.id}/integrations/${service.integration.id}`,
    };
  }
  /** A change event as GET /change_events lists it (the document's example: integration and services as bare references). */
  changeEvent(event: ChangeEventRecord): Json {
    return {
      id: event.id,
      type: 'change_event',
      summary: event.summary,
      timestamp: isoTime(event.timestamp),
      ...(event.source !== null ? { source: event.source } : {}),
      integration: { id: event.integrationId, type: 'inbound_integration_reference' },
      services: [this.serviceRef(event.serviceId)],
      custom_details: event.customDetails,
      links: event.links,
      ...(event.images.length > 0 ? { images: event.images } : {}),
    };
  }
  agentRef(agent: AgentRef, expandUsers = false): Json {
    if (agent.type === 'user') return expandUsers ? this.user(agent.id) : this.userRef(agent.id);
    return this.serviceRef(agent.id);
  }

  // ---- directory objects -------------------------------------------------------------

  user(id: string, include: ReadonlySet<string> = new Set()): Json {
    const user = this.state.getUser(id);
    if (!user) return this.userRef(id);
    return this.fullUser(user, include);
  }

  fullUser(user: UserRecord, include: ReadonlySet<string> = new Set()): Json {
    return {
      id: user.id,
      type: 'user',
      summary: user.name,
      self: `${this.apiBase}/users/${user.id}`,
      html_url: `${this.webBase}/users/${user.id}`,
      name: user.name,
      email: user.email,
      time_zone: user.timeZone,
      color: user.color,
      role: user.role,
      avatar_url: `https://secure.gravatar.com/avatar/${user.id.toLowerCase()}.png?d=mm&r=PG`,
      description: null,
      invitation_sent: false,
      job_title: user.jobTitle,
      teams: user.teamIds.map((id) => (include.has('teams') ? this.team(id) : this.teamRef(id))),
      contact_methods: user.contactMethods.map((method) =>
        include.has('contact_methods')
          ? {
              id: method.id,
              type: method.type,
              summary: method.label,
              self: `${this.apiBase}/users/${user.id}/contact_methods/${method.id}`,
              html_url: null,
              label: method.label,
              address: method.address,
              ...(method.countryCode !== undefined ? { country_code: method.countryCode } : {}),
            }
          : {
              id: method.id,
              type: `${method.type}_reference`,
              summary: method.label,
              self: `${this.apiBase}/users/${user.id}/contact_methods/${method.id}`,
              html_url: null,
            },
      ),
      notification_rules: [],
    };
  }

  team(id: string): Json {
    const team = this.state.getTeam(id);
    return team ? this.fullTeam(team) : this.teamRef(id);
  }
  fullTeam(team: TeamRecord): Json {
    return { ...this.teamRef(team.id), type: 'team', name: team.name, description: team.description, parent: null };
  }

  priority(id: string): Json {
    const priority = this.state.getPriority(id);
    return priority ? this.fullPriority(priority) : this.priorityRef(id);
  }
  fullPriority(priority: PriorityRecord): Json {
    return {
      id: priority.id,
      type: 'priority',
      summary: priority.name,
      self: `${this.apiBase}/priorities/${priority.id}`,
      name: priority.name,
      description: priority.description,
    };
  }

  integration(service: ServiceRecord): Json {
    return {
      ...this.integrationRef(service),
      type: 'events_api_v2_inbound_integration',
      name: service.integration.name,
      service: this.serviceRef(service.id),
      created_at: isoTime(service.createdAt),
      vendor: null,
      integration_key: service.integration.key,
    };
  }

  service(id: string): Json {
    const service = this.state.getService(id);
    return service ? this.fullService(service) : this.serviceRef(id);
  }
  fullService(
    service: ServiceRecord,
    include: ReadonlySet<string> = new Set(),
    status = 'active',
    lastIncidentAt: number | null = null,
  ): Json {
    return {
      ...this.serviceRef(service.id),
      type: 'service',
      name: service.name,
      description: service.description,
      auto_resolve_timeout: service.autoResolveTimeout,
      acknowledgement_timeout: service.acknowledgementTimeout,
      created_at: isoTime(service.createdAt),
      status,
      ...(lastIncidentAt === null ? {} : { last_incident_timestamp: isoTime(lastIncidentAt) }),
      escalation_policy: include.has('escalation_policies')
        ? this.policy(service.escalationPolicyId)
        : this.policyRef(service.escalationPolicyId),
      teams: service.teamIds.map((id) => (include.has('teams') ? this.team(id) : this.teamRef(id))),
      integrations: [include.has('integrations') ? this.integration(service) : this.integrationRef(service)],
      incident_urgency_rule: service.urgencyRule,
      support_hours: null,
      scheduled_actions: [],
      addons: [],
      alert_creation: 'create_alerts_and_incidents',
      auto_pause_notifications_parameters: { enabled: false, timeout: null },
    };
  }

  policy(id: string): Json {
    const policy = this.state.getEscalationPolicy(id);
    return policy ? this.fullPolicy(policy) : this.policyRef(id);
  }
  fullPolicy(policy: EscalationPolicyRecord): Json {
    return {
      ...this.policyRef(policy.id),
      type: 'escalation_policy',
      name: policy.name,
      description: policy.description,
      num_loops: policy.numLoops,
      on_call_handoff_notifications: 'if_has_services',
      escalation_rules: policy.rules.map((rule) => ({
        id: rule.id,
        escalation_delay_in_minutes: rule.delayMinutes,
        targets: rule.targets.map((target) => (target.type === 'user' ? this.userRef(target.id) : this.scheduleRef(target.id))),
      })),
      services: this.state.services
        .filter((service) => service.escalationPolicyId === policy.id)
        .map((service) => this.serviceRef(service.id)),
      teams: policy.teamIds.map((id) => this.teamRef(id)),
    };
  }

  fullSchedule(schedule: ScheduleRecord): Json {
    const policies = this.state.escalationPolicies.filter((policy) =>
      policy.rules.some((rule) => rule.targets.some((target) => target.type === 'schedule' && target.id === schedule.id)),
    );
    return {
      ...this.scheduleRef(schedule.id),
      type: 'schedule',
      name: schedule.name,
      time_zone: schedule.timeZone,
      description: schedule.description,
      escalation_policies: policies.map((policy) => this.policyRef(policy.id)),
      users: schedule.userIds.map((id) => this.userRef(id)),
      teams: schedule.teamIds.map((id) => this.teamRef(id)),
    };
  }

  // ---- incidents --------------------------------------------------------------------------

  /** A full incident; `include` holds PagerDuty's include[] values (users, services, teams, ...). */
  incident(incident: IncidentRecord, include: ReadonlySet<string> = new Set()): Json {
    const expandAssignees = include.has('assignees') || include.has('users');
    const expandAcknowledgers = include.has('acknowledgers') || include.has('users');
    const alerts = this.state.alertsOf(incident);
    const triggeredAlerts = alerts.filter((alert) => alert.status === 'triggered').length;
    const firstTrigger = this.state.getLogEntry(incident.firstTriggerLogEntryId);
    return {
      id: incident.id,
      type: 'incident',
      summary: `[#${incident.number}] ${incident.title}`,
      self: `${this.apiBase}/incidents/${incident.id}`,
      html_url: `${this.webBase}/incidents/${incident.id}`,
      incident_number: incident.number,
      title: incident.title,
      description: incident.description ?? incident.title,
      created_at: isoTime(incident.createdAt),
      updated_at: isoTime(incident.updatedAt),
      status: incident.status,
      incident_key: incident.incidentKey,
      service: include.has('services') ? this.service(incident.serviceId) : this.serviceRef(incident.serviceId),
      assignments: incident.assignments.map((assignment) => ({
        at: isoTime(assignment.at),
        assignee: expandAssignees ? this.user(assignment.userId) : this.userRef(assignment.userId),
      })),
      assigned_via: 'escalation_policy',
      last_status_change_at: isoTime(incident.lastStatusChangeAt),
      last_status_change_by: this.agentRef(incident.lastStatusChangeBy, include.has('users')),
      resolved_at: incident.resolvedAt === null ? null : isoTime(incident.resolvedAt),
      first_trigger_log_entry: firstTrigger
        ? include.has('first_trigger_log_entries')
          ? this.logEntry(firstTrigger)
          : this.logEntryRef(firstTrigger)
        : null,
      alert_counts: { all: alerts.length, triggered: triggeredAlerts, resolved: alerts.length - triggeredAlerts },
      is_mergeable: true,
      incident_type: { name: 'incident_default' },
      escalation_policy: include.has('escalation_policies')
        ? this.policy(incident.escalationPolicyId)
        : this.policyRef(incident.escalationPolicyId),
      teams: incident.teamIds.map((id) => (include.has('teams') ? this.team(id) : this.teamRef(id))),
      pending_actions: this.pendingActions(incident),
      acknowledgements: incident.acknowledgements.map((ack) => ({
        at: isoTime(ack.at),
        acknowledger: this.agentRef(ack.by, expandAcknowledgers),
      })),
      alert_grouping: null,
      priority:
        incident.priorityId === null
          ? null
          : include.has('priorities')
            ? this.priority(incident.priorityId)
            : this.priorityRef(incident.priorityId),
      resolve_reason: null,
      conference_bridge: null,
      incidents_responders: (incident.responders ?? []).map((responder) => this.incidentResponder(incident, responder)),
      responder_requests: (incident.responderRequests ?? []).map((request) => this.responderRequest(incident, request)),
      urgency: incident.urgency,
    };
  }

  /** One responder of an incident (IncidentsRespondersReference). */
  incidentResponder(incident: IncidentRecord, responder: ResponderRecord): Json {
    return {
      state: responder.state,
      user: this.userRef(responder.userId),
      incident: this.incidentRef(incident),
      updated_at: isoTime(responder.updatedAt),
      message: responder.message,
      requester: this.userRef(responder.requesterId),
      requested_at: isoTime(responder.requestedAt),
      escalation_policy_requests: responder.policyNames,
    };
  }

  /** A responder request with its targets and the responders each target brought in. */
  responderRequest(incident: IncidentRecord, request: ResponderRequestRecord): Json {
    const responders = (incident.responders ?? []).filter(
      (responder) => responder.requestedAt === request.requestedAt && responder.requesterId === request.requesterId,
    );
    return {
      id: request.id,
      incident: this.incidentRef(incident),
      requester: this.userRef(request.requesterId),
      requested_at: isoTime(request.requestedAt),
      message: request.message,
      responder_request_targets: request.targets.map((target) => {
        const policyName = target.type === 'escalation_policy' ? this.state.getEscalationPolicy(target.id)?.name : undefined;
        const brought = responders.filter((responder) =>
          target.type === 'user' ? responder.userId === target.id : policyName !== undefined && responder.policyNames.includes(policyName),
        );
        return {
          responder_request_target: {
            id: target.id,
            type: target.type,
            summary: target.type === 'user' ? (this.state.getUser(target.id)?.name ?? target.id) : (policyName ?? target.id),
            incidents_responders: brought.map((responder) => this.incidentResponder(incident, responder)),
          },
        };
      }),
    };
  }

  private pendingActions(incident: IncidentRecord): Json[] {
    if (incident.status === 'triggered') {
      const rule = this.state.getEscalationPolicy(incident.escalationPolicyId)?.rules[incident.escalationLevel - 1];
      return rule ? [{ type: 'escalate', at: isoTime(incident.lastStatusChangeAt + rule.delayMinutes * 60_000) }] : [];
    }
    if (incident.status === 'acknowledged') {
      if (incident.snoozedUntil != null) return [{ type: 'unacknowledge', at: isoTime(incident.snoozedUntil) }];
      const timeout = this.state.getService(incident.serviceId)?.acknowledgementTimeout;
      return timeout ? [{ type: 'unacknowledge', at: isoTime(incident.lastStatusChangeAt + timeout * 1000) }] : [];
    }
    return [];
  }

  alert(alert: AlertRecord): Json {
    const incident = this.state.getIncident(alert.incidentId);
    const service = this.state.getService(alert.serviceId);
    const firstTrigger = this.state.getLogEntry(alert.firstTriggerLogEntryId);
    return {
      id: alert.id,
      type: 'alert',
      summary: alert.summary,
      self: `${this.apiBase}/incidents/${alert.incidentId}/alerts/${alert.id}`,
      html_url: `${this.webBase}/alerts/${alert.id}`,
      created_at: isoTime(alert.createdAt),
      status: alert.status,
      resolved_at: alert.resolvedAt === null ? null : isoTime(alert.resolvedAt),
      alert_key: alert.alertKey,
      service: this.serviceRef(alert.serviceId),
      first_trigger_log_entry: firstTrigger ? this.logEntryRef(firstTrigger) : null,
      incident: incident ? this.incidentRef(incident) : { id: alert.incidentId, type: 'incident_reference' },
      suppressed: false,
      severity: alert.severity,
      integration: service ? this.integrationRef(service) : null,
      body: {
        type: 'alert_body',
        contexts: alert.contexts,
        details: alert.details,
        cef_details: {
          client: alert.client,
          client_url: alert.clientUrl,
          contexts: alert.contexts,
          dedup_key: alert.alertKey,
          description: alert.summary,
          details: alert.details,
          event_class: alert.eventClass,
          message: alert.summary,
          severity: alert.severity,
          source_component: alert.component,
          source_location: alert.source,
          source_origin: alert.source,
          service_group: alert.group,
        },
      },
    };
  }

  note(note: NoteRecord): Json {
    return {
      id: note.id,
      user: this.userRef(note.userId),
      channel: { summary: 'The PagerDuty website or APIs' },
      content: note.content,
      created_at: isoTime(note.createdAt),
      ...(note.updatedAt ? { updated_at: isoTime(note.updatedAt) } : {}),
    };
  }

  logEntry(entry: LogEntryRecord, include: ReadonlySet<string> = new Set()): Json {
    const incident = this.state.getIncident(entry.incidentId);
    const serviceId = incident?.serviceId;
    return {
      id: entry.id,
      type: entry.type,
      summary: entry.summary,
      self: `${this.apiBase}/log_entries/${entry.id}`,
      html_url: `${this.webBase}/incidents/${entry.incidentId}/log_entries/${entry.id}`,
      created_at: isoTime(entry.createdAt),
      agent: entry.agent ? this.agentRef(entry.agent) : null,
      channel: this.channel(entry.channel, entry),
      service: serviceId ? (include.has('services') ? this.service(serviceId) : this.serviceRef(serviceId)) : null,
      incident: incident ? (include.has('incidents') ? this.incident(incident) : this.incidentRef(incident)) : null,
      teams: (incident?.teamIds ?? []).map((id) => (include.has('teams') ? this.team(id) : this.teamRef(id))),
      contexts: [],
      ...(entry.type === 'trigger_log_entry' ? { event_details: { description: incident?.title ?? entry.summary } } : {}),
      ...(entry.assigneeIds ? { assignees: entry.assigneeIds.map((id) => this.userRef(id)) } : {}),
      ...(entry.note !== undefined ? { note: entry.note } : {}),
      ...(entry.acknowledgementTimeout !== undefined ? { acknowledgement_timeout: entry.acknowledgementTimeout } : {}),
      ...(entry.channel.type === 'notification' ? { user: this.userRef(entry.channel.userId) } : {}),
    };
  }

  private channel(channel: Channel, entry: LogEntryRecord): Json {
    if (channel.type === 'notification') {
      const method = this.state.getUser(channel.userId)?.contactMethods.find((each) => each.id === channel.contactMethodId);
      return {
        type: 'notification',
        summary: entry.summary,
        notification: {
          type: `${method?.type.replace('_contact_method', '') ?? 'email'}_notification`,
          started_at: isoTime(entry.createdAt),
          address: method && method.type !== 'push_notification_contact_method' ? method.address : null,
          user: this.userRef(channel.userId),
          status: 'success',
        },
      };
    }
    if (channel.type === 'note') return { type: 'note', summary: entry.note ?? entry.summary };
    if (channel.type === 'api') return { type: 'api', summary: entry.summary };
    return { type: channel.type };
  }
}
