/**
 * Splunk On-Call records for the provider's tests, shaped by the published document's
 * definitions (ActiveIncidentInfo, V1User, TeamDetail, EscalationPolicyInfo, RoutingKeyInfo,
 * OnCallTeamsResource) with the values live servers send (the research note's S8: incident
 * number "4", phase ACKED, team slugs like team-KXK4L1qPrbLWwa6w, routing key routingdefault).
 * The document has no examples of its own; the tests check these against its schemas.
 */

/** An incident as GET /api-public/v1/incidents lists it, with overrides. */
export function socIncident(incidentNumber: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    alertCount: 1,
    currentPhase: 'UNACKED',
    entityId: `checkout/latency-${incidentNumber}`,
    host: 'web-01',
    incidentNumber,
    lastAlertId: `a1b2c3-${incidentNumber}`,
    lastAlertTime: '2020-03-24T19:30:34Z',
    pagedPolicies: [
      { policy: { name: 'Payments primary', slug: 'pol-payments' }, team: { name: 'Payments', slug: 'team-KXK4L1qPrbLWwa6w' } },
    ],
    pagedTeams: ['team-KXK4L1qPrbLWwa6w'],
    pagedUsers: ['ada'],
    service: 'checkout',
    startTime: '2020-03-24T19:30:34Z',
    transitions: [],
    // Sent by live servers, not in the document (the note's S8, S9).
    entityDisplayName: `Checkout latency ${incidentNumber}`,
    entityState: 'CRITICAL',
    entityType: 'SERVICE',
    routingKey: 'routingdefault',
    ...overrides,
  };
}

/** A transition (IncidentTransition). */
export function transition(name: string, at: string, by?: string): Record<string, unknown> {
  return { name, at, manually: by !== undefined, ...(by ? { by, message: `${name} by ${by}` } : {}) };
}

export function socUser(username: string, firstName: string, lastName: string): Record<string, unknown> {
  return {
    _selfUrl: `/api-public/v1/user/${username}`,
    createdAt: '2019-01-01T00:00:00Z',
    email: `${username}@example.com`,
    firstName,
    lastName,
    passwordLastUpdated: '2019-01-01T00:00:00Z',
    username,
    verified: true,
  };
}

export function socTeam(slug: string, name: string): Record<string, unknown> {
  return {
    _adminsUrl: `/api-public/v1/team/${slug}/admins`,
    _membersUrl: `/api-public/v1/team/${slug}/members`,
    _policiesUrl: `/api-public/v1/team/${slug}/policies`,
    _selfUrl: `/api-public/v1/team/${slug}`,
    isDefaultTeam: false,
    memberCount: 2,
    name,
    slug,
    version: 1,
  };
}

export const SOC_POLICIES = {
  policies: [
    { policy: { name: 'Payments primary', slug: 'pol-payments' }, team: { name: 'Payments', slug: 'team-KXK4L1qPrbLWwa6w' } },
    { policy: { name: 'Identity', slug: 'pol-identity' }, team: { name: 'Identity', slug: 'team-identity' } },
  ],
};

export const SOC_ROUTING_KEYS = {
  _selfUrl: '/api-public/v1/org/routing-keys',
  routingKeys: [
    {
      routingKey: 'routingdefault',
      isDefault: true,
      targets: [{ _teamUrl: '/api-public/v1/team/team-KXK4L1qPrbLWwa6w', policyName: 'Payments primary', policySlug: 'pol-payments' }],
    },
    {
      routingKey: 'identity',
      isDefault: false,
      targets: [{ _teamUrl: '/api-public/v1/team/team-identity', policyName: 'Identity', policySlug: 'pol-identity' }],
    },
  ],
};

export const SOC_ON_CALL_NOW = {
  teamsOnCall: [
    {
      team: { name: 'Payments', slug: 'team-KXK4L1qPrbLWwa6w' },
      onCallNow: [{ escalationPolicy: { name: 'Payments primary', slug: 'pol-payments' }, users: [{ onCallUser: { username: 'ada' } }] }],
    },
    {
      team: { name: 'Identity', slug: 'team-identity' },
      onCallNow: [
        {
          escalationPolicy: { name: 'Identity', slug: 'pol-identity' },
          users: [{ onCallUser: { username: 'grace' } }, { onCallUser: { username: 'ada' } }],
        },
      ],
    },
  ],
};
