/**
 * Records to Splunk On-Call's wire JSON, with the SPEC's field names (definitions named
 * in each function's comment). Times are ISO-8601 UTC to the second ("2020-03-24T19:30:34Z"),
 * as live servers send them (the SPEC gives no format). `_selfUrl` and the like are paths
 * under the API's base.
 *
 * Beyond the SPEC, on purpose (the contract test lists each as an exemption): incidents
 * carry `entityDisplayName`, `entityState`, `entityType` and `routingKey`, which live
 * servers send (the official Go client's Incident fixture) and the queue needs for a title
 * and routing; routing keys carry `isMultiResponder` (the Go client's RoutingKey); the
 * reporting history carries `total`, `offset`, `limit` (promised by the route's description,
 * L2830, missing from its schema) and each incident's `endTime`.
 */
import type { SplunkOnCallState } from './state';
import type { AlertRecord, IncidentPhase, IncidentRecord, PolicyRecord, TeamRecord, UserRecord } from './types';

const PHASE_SPELLING: Record<'live' | 'spec', Record<IncidentPhase, string>> = {
  live: { triggered: 'UNACKED', acknowledged: 'ACKED', resolved: 'RESOLVED' },
  spec: { triggered: 'triggered', acknowledged: 'acknowledged', resolved: 'resolved' },
};

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const teamPath = (slug: string) => `/api-public/v1/team/${encodeURIComponent(slug)}`;

export class Serializer {
  constructor(
    private readonly state: SplunkOnCallState,
    private readonly phaseSpelling: 'live' | 'spec',
  ) {}

  phase(phase: IncidentPhase): string {
    return PHASE_SPELLING[this.phaseSpelling][phase];
  }

  /** ActiveIncidentInfo (L2949) plus the live-only fields named in the top comment. */
  incident(incident: IncidentRecord): Record<string, unknown> {
    return {
      alertCount: incident.alertIds.length,
      currentPhase: this.phase(incident.phase),
      entityDisplayName: incident.entityDisplayName,
      entityId: incident.entityId,
      entityState: incident.entityState,
      entityType: incident.entityType,
      ...(incident.host !== undefined ? { host: incident.host } : {}),
      incidentNumber: String(incident.number),
      lastAlertId: incident.lastAlertId,
      lastAlertTime: isoSeconds(incident.lastAlertTime),
      pagedPolicies: incident.pagedPolicySlugs.flatMap((slug) => {
        const policy = this.state.describePolicy(slug);
        if (!policy) return [];
        return [{ policy: { name: policy.name, slug }, ...(policy.team ? { team: this.teamRef(policy.team) } : {}) }];
      }),
      pagedTeams: [...incident.pagedTeams],
      pagedUsers: [...incident.pagedUsers],
      routingKey: incident.routingKey,
      ...(incident.service !== undefined ? { service: incident.service } : {}),
      startTime: isoSeconds(incident.startTime),
      transitions: incident.transitions.map((transition) => ({
        name: transition.name,
        at: isoSeconds(transition.at),
        ...(transition.by !== undefined ? { by: transition.by } : {}),
        manually: transition.manually,
        ...(transition.message !== undefined ? { message: transition.message } : {}),
        ...(transition.alertId !== undefined
          ? { alertId: transition.alertId, alertUrl: `/api-public/v1/alerts/${transition.alertId}` }
          : {}),
      })),
    };
  }

  /** A reporting v2 incident: the same shape plus `endTime` once resolved. */
  historyIncident(incident: IncidentRecord): Record<string, unknown> {
    return { ...this.incident(incident), ...(incident.endTime !== undefined ? { endTime: isoSeconds(incident.endTime) } : {}) };
  }

  /** GetAlertResponse (L3241); `raw` is the JSON body as received. */
  alert(alert: AlertRecord): Record<string, unknown> {
    return {
      ...(alert.ackAuthor !== undefined ? { ackAuthor: alert.ackAuthor } : {}),
      ...(alert.ackMsg !== undefined ? { ackMsg: alert.ackMsg } : {}),
      ...(alert.entityDisplayName !== undefined ? { entityDisplayName: alert.entityDisplayName } : {}),
      entityId: alert.entityId,
      messageType: alert.messageType,
      ...(alert.monitoringTool !== undefined ? { monitoringTool: alert.monitoringTool } : {}),
      raw: alert.raw,
      ...(alert.stateMessage !== undefined ? { stateMessage: alert.stateMessage } : {}),
      ...(alert.stateStartTime !== undefined ? { stateStartTime: alert.stateStartTime } : {}),
      timestamp: alert.timestamp,
    };
  }

  /** Team (L3855) / OnCallTeamResource (L3579): name and slug. */
  teamRef(team: TeamRecord): { name: string; slug: string } {
    return { name: team.name, slug: team.slug };
  }

  /** EscalationPolicy (L3209) / OnCallEscalationPolicyResource (L3502). */
  policyRef(policy: PolicyRecord): { name: string; slug: string } {
    return { name: policy.name, slug: policy.slug };
  }

  /** TeamDetail (L3882). */
  team(team: TeamRecord): Record<string, unknown> {
    const path = teamPath(team.slug);
    return {
      _adminsUrl: `${path}/admins`,
      _membersUrl: `${path}/members`,
      _policiesUrl: `${path}/policies`,
      _selfUrl: path,
      isDefaultTeam: team.isDefaultTeam,
      memberCount: team.memberUsernames.length,
      name: team.name,
      slug: team.slug,
      version: 1,
    };
  }

  /** ListTeamMembersResponse (L3397) with TeamMember (L3904): `verified` is a string there ("will always be false"). */
  teamMembers(team: TeamRecord): Record<string, unknown> {
    const path = teamPath(team.slug);
    return {
      _selfUrl: `${path}/members`,
      _teamUrl: path,
      members: team.memberUsernames
        .map((username) => this.state.getUser(username))
        .filter((user) => user !== undefined)
        .map((user) => ({ firstName: user.firstName, lastName: user.lastName, username: user.username, verified: 'false', version: 1 })),
    };
  }

  /** V1User (L4085). */
  user(user: UserRecord): Record<string, unknown> {
    return {
      _selfUrl: `/api-public/v1/user/${encodeURIComponent(user.username)}`,
      createdAt: isoSeconds(user.createdAt),
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      passwordLastUpdated: isoSeconds(user.passwordLastUpdated),
      username: user.username,
      verified: false,
    };
  }

  /** ListRoutingKeysResponse (L3387) with RoutingKeyInfo (L3748) and RoutingKeyTarget (L3760). */
  routingKeys(): Record<string, unknown> {
    return {
      _selfUrl: '/api-public/v1/org/routing-keys',
      routingKeys: this.state.routingKeys.map((key) => ({
        routingKey: key.routingKey,
        isDefault: key.isDefault,
        isMultiResponder: false,
        targets: key.policySlugs
          .map((slug) => this.state.getPolicy(slug))
          .filter((policy) => policy !== undefined)
          .map((policy) => ({ _teamUrl: teamPath(policy.teamSlug), policyName: policy.name, policySlug: policy.slug })),
      })),
    };
  }

  /** The inline 200 schema of GET /api-public/v1/oncall/current (L619): OnCallTeamsResource per team. */
  onCallNow(at: number): Record<string, unknown> {
    return {
      teamsOnCall: this.state.teams.map((team) => ({
        team: this.teamRef(team),
        onCallNow: this.state.policiesOf(team.slug).map((policy) => ({
          escalationPolicy: this.policyRef(policy),
          users: this.state.onCallUsernames(policy, at).map((username) => ({ onCallUser: { username } })),
        })),
      })),
    };
  }
}
