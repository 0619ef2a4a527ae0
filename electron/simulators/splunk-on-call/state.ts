/**
 * The Splunk On-Call simulator's state: the organisation (users, teams, escalation
 * policies with their rotations, routing keys), the alerts received and the incidents
 * they opened, with the few state changes everything else is built from: open an
 * incident for an entity and page the routing key's policies, roll a further alert into
 * it, acknowledge, resolve, and page new targets. Times are ms on the simulator's clock;
 * every change takes an optional `at` so the demo can write history.
 */
import type { Random } from '../pagerduty/random';
import type { SplunkOnCallOrg } from './demo-org';
import type { AlertRecord, IncidentRecord, PolicyRecord, RoutingKeyRecord, TeamRecord, TransitionRecord, UserRecord } from './types';

const DIRECT_USER_POLICY_PREFIX = 'directUserPolicySlug-';

interface StateSettings {
  recentlyResolvedMs: number;
  warningOpensIncident: boolean;
}

/** What opens an incident: the alert that triggered it and where it came from. */
interface IncidentOpening {
  alert: AlertRecord;
  routingKey: RoutingKeyRecord;
  entityDisplayName: string;
  entityType: 'SERVICE' | 'HOST';
  host?: string;
  service?: string;
}

export class SplunkOnCallState {
  readonly users: readonly UserRecord[];
  readonly teams: readonly TeamRecord[];
  readonly policies: readonly PolicyRecord[];
  readonly routingKeys: readonly RoutingKeyRecord[];
  /** Every incident, by number ascending. */
  readonly incidents: IncidentRecord[] = [];
  private readonly byNumber = new Map<number, IncidentRecord>();
  /** The unresolved incident of each entity id: further alerts roll into it. */
  private readonly openByEntity = new Map<string, IncidentRecord>();
  private readonly alerts = new Map<string, AlertRecord>();
  private nextNumber = 1;

  constructor(
    org: SplunkOnCallOrg,
    private readonly random: Random,
    readonly now: () => number,
    readonly settings: StateSettings,
  ) {
    this.users = org.users;
    this.teams = org.teams;
    this.policies = org.policies;
    this.routingKeys = org.routingKeys;
  }

  // --- the organisation -------------------------------------------------------------

  /** Usernames are matched case-insensitively. */
  getUser(username: string): UserRecord | undefined {
    const wanted = username.toLowerCase();
    return this.users.find((user) => user.username === wanted);
  }

  getTeam(slug: string): TeamRecord | undefined {
    return this.teams.find((team) => team.slug === slug);
  }

  getPolicy(slug: string): PolicyRecord | undefined {
    return this.policies.find((policy) => policy.slug === slug);
  }

  policiesOf(teamSlug: string): PolicyRecord[] {
    return this.policies.filter((policy) => policy.teamSlug === teamSlug);
  }

  /**
   * The routing key an alert is routed by: matched case-insensitively (the current docs
   * call keys case-insensitive; a 2017 page said the opposite), and an unknown key falls
   * back to the org's default key (the docs found do not say; the default is the only
   * key marked isDefault).
   */
  routeFor(routingKey: string): RoutingKeyRecord {
    const wanted = routingKey.toLowerCase();
    const found = this.routingKeys.find((key) => key.routingKey.toLowerCase() === wanted);
    const fallback = this.routingKeys.find((key) => key.isDefault) ?? this.routingKeys[0];
    if (!found && !fallback) throw new Error('The simulated org has no routing keys');
    return (found ?? fallback)!;
  }

  /** Who the policy's rotation has on call at `at`. */
  onCallUsernames(policy: PolicyRecord, at = this.now()): string[] {
    if (policy.rotation.length === 0) return [];
    const shift = Math.floor((at - policy.rotationStart) / policy.shiftMs);
    const index = ((shift % policy.rotation.length) + policy.rotation.length) % policy.rotation.length;
    return [policy.rotation[index]!];
  }

  /** A policy slug, or the generated direct policy a reroute to a user pages (as live incidents show it). */
  describePolicy(slug: string): { name: string; team?: TeamRecord } | undefined {
    if (slug.startsWith(DIRECT_USER_POLICY_PREFIX)) {
      return { name: `Generated Direct User Policy for ${slug.slice(DIRECT_USER_POLICY_PREFIX.length)}` };
    }
    const policy = this.getPolicy(slug);
    return policy ? { name: policy.name, team: this.getTeam(policy.teamSlug) } : undefined;
  }

  // --- alerts and incidents ---------------------------------------------------------

  getAlert(uuid: string): AlertRecord | undefined {
    return this.alerts.get(uuid);
  }

  getIncident(number: number): IncidentRecord | undefined {
    return this.byNumber.get(number);
  }

  openIncidentFor(entityId: string): IncidentRecord | undefined {
    return this.openByEntity.get(entityId);
  }

  /** Stores an alert and returns it with a fresh uuid. */
  recordAlert(alert: Omit<AlertRecord, 'uuid'>): AlertRecord {
    const uuid = this.uuid();
    const stored = { ...alert, uuid };
    this.alerts.set(uuid, stored);
    return stored;
  }

  /** Open, acknowledged and recently resolved incidents (GET /api-public/v1/incidents). */
  currentIncidents(): IncidentRecord[] {
    const since = this.now() - this.settings.recentlyResolvedMs;
    return this.incidents.filter((incident) => incident.phase !== 'resolved' || (incident.endTime ?? 0) >= since);
  }

  /** A new triggered incident for the alert's entity, paging the routing key's policies. */
  openIncident(opening: IncidentOpening): IncidentRecord {
    const { alert } = opening;
    const incident: IncidentRecord = {
      number: this.nextNumber++,
      entityId: alert.entityId,
      entityDisplayName: opening.entityDisplayName,
      entityState: alert.messageType,
      entityType: opening.entityType,
      host: opening.host,
      service: opening.service,
      routingKey: opening.routingKey.routingKey,
      monitoringTool: alert.monitoringTool,
      phase: 'triggered',
      startTime: alert.receivedAt,
      alertIds: [alert.uuid],
      lastAlertId: alert.uuid,
      lastAlertTime: alert.receivedAt,
      pagedPolicySlugs: [],
      pagedUsers: [],
      pagedTeams: [],
      transitions: [],
    };
    this.page(incident, { policySlugs: opening.routingKey.policySlugs, usernames: [] }, alert.receivedAt);
    this.incidents.push(incident);
    this.byNumber.set(incident.number, incident);
    this.openByEntity.set(incident.entityId, incident);
    return incident;
  }

  /**
   * A further alert on an open incident: counted, and the monitored entity's state follows
   * CRITICAL, WARNING and RECOVERY (an acknowledged incident stays CRITICAL, as live ones show).
   */
  rollIn(incident: IncidentRecord, alert: AlertRecord): void {
    incident.alertIds.push(alert.uuid);
    incident.lastAlertId = alert.uuid;
    incident.lastAlertTime = alert.receivedAt;
    if (alert.messageType === 'CRITICAL' || alert.messageType === 'WARNING' || alert.messageType === 'RECOVERY') {
      incident.entityState = alert.messageType;
    }
  }

  /** Triggered -> acknowledged. */
  acknowledge(incident: IncidentRecord, by: TransitionBy, at = this.now()): void {
    incident.phase = 'acknowledged';
    incident.transitions.push(transition('ACKED', at, by));
  }

  /** Open -> resolved; a later alert for the entity opens a new incident. */
  resolve(incident: IncidentRecord, by: TransitionBy, at = this.now()): void {
    incident.phase = 'resolved';
    incident.endTime = at;
    incident.transitions.push(transition('RESOLVED', at, by));
    if (this.openByEntity.get(incident.entityId) === incident) this.openByEntity.delete(incident.entityId);
  }

  /** "Pop off of Ack": an acknowledged incident is triggered again (S3). */
  retrigger(incident: IncidentRecord): void {
    incident.phase = 'triggered';
  }

  /**
   * Replaces who is paged: the policies' on-call users and teams, plus users paged
   * directly (shown as their generated direct user policy, as live incidents do).
   */
  page(incident: IncidentRecord, targets: { policySlugs: string[]; usernames: string[] }, at = this.now()): void {
    const policies = targets.policySlugs.map((slug) => this.getPolicy(slug)).filter((policy) => policy !== undefined);
    incident.pagedPolicySlugs = [
      ...policies.map((policy) => policy.slug),
      ...targets.usernames.map((username) => `${DIRECT_USER_POLICY_PREFIX}${username}`),
    ];
    incident.pagedUsers = unique([...policies.flatMap((policy) => this.onCallUsernames(policy, at)), ...targets.usernames]);
    incident.pagedTeams = unique(policies.map((policy) => policy.teamSlug));
  }

  /** A v4-shaped uuid from the seeded PRNG (alert ids). */
  uuid(): string {
    const hex = this.random.hex(32);
    const variant = '89ab'[this.random.int(0, 3)];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** Who moved an incident: a user by name through the API (manually), or an alert from a monitoring tool. */
type TransitionBy = { user: string; message?: string } | { alert: AlertRecord };

function transition(name: TransitionRecord['name'], at: number, by: TransitionBy): TransitionRecord {
  if ('user' in by) return { name, at, by: by.user, manually: true, message: by.message };
  return { name, at, by: by.alert.ackAuthor, manually: false, message: by.alert.ackMsg, alertId: by.alert.uuid };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
