import { describe, expect, it } from 'vitest';
import { createPagerDutyProvider } from '../../../../electron/providers/pagerduty';
import { serviceKindOf } from '../../../../electron/providers/pagerduty/directory-mapper';
import { buildEscalationPath } from '../../../../electron/providers/pagerduty/escalation-path';
import { fakeFetch, json, pdIncident, type Handler } from '../fake-fetch';

function providerWith(handler: Handler) {
  const { fetch, calls } = fakeFetch(handler);
  const provider = createPagerDutyProvider({
    baseUrl: 'http://127.0.0.1:9',
    token: 'tok-123',
    from: 'ada@example.com',
    scope: {},
    fetch,
    sleep: async () => undefined,
    random: () => 0,
  });
  return { provider, calls };
}

const ref = (id: string, type: string, summary: string) => ({ id, type, summary });
const oncall = (user: string, level: number, end: string | null = '2024-05-02T00:00:00Z') => ({
  user: ref(user, 'user_reference', `User ${user}`),
  schedule: end ? ref('PSCHED', 'schedule_reference', 'Primary') : null,
  escalation_policy: ref('PEP1', 'escalation_policy_reference', 'Payments EP'),
  escalation_level: level,
  start: end ? '2024-05-01T00:00:00Z' : null,
  end,
});

describe('service kind convention', () => {
  it('reads the kind from a tag or a label at the start of the description, digital service otherwise', () => {
    expect(serviceKindOf('[COTS] SAP ERP')).toBe('cots-application');
    expect(serviceKindOf('  [foundational] core network')).toBe('foundational-system');
    expect(serviceKindOf('COTS application: finance')).toBe('cots-application');
    expect(serviceKindOf('Foundational system: the shared Oracle RAC cluster')).toBe('foundational-system');
    expect(serviceKindOf('Digital service: checkout')).toBe('digital-service');
    expect(serviceKindOf('[Other] a vendor feed')).toBe('other');
    expect(serviceKindOf('Other teams call this')).toBe('digital-service');
    expect(serviceKindOf('Runs on COTS hardware')).toBe('digital-service');
    expect(serviceKindOf(null)).toBe('digital-service');
  });
});

describe('getDirectory', () => {
  it('reads users with contact methods, teams, services, policies with levels and priorities, every page', async () => {
    const { provider, calls } = providerWith((call) => {
      const offset = Number(call.query.get('offset') ?? 0);
      switch (call.path) {
        case '/users': {
          const page =
            offset === 0
              ? [
                  {
                    id: 'PU1',
                    name: 'Ada',
                    email: 'ada@example.com',
                    teams: [ref('PT1', 'team_reference', 'Payments')],
                    contact_methods: [
                      { id: 'PC1', type: 'phone_contact_method', label: 'Mobile', address: '5551234567', country_code: 1 },
                      { id: 'PC2', type: 'email_contact_method', label: 'Work', address: 'ada@example.com' },
                      { id: 'PC3', type: 'push_notification_contact_method_reference', summary: 'Phone app' },
                    ],
                  },
                ]
              : [{ id: 'PU2', name: 'Bo', email: 'bo@example.com' }];
          return json({ users: page, offset, limit: 100, more: offset === 0 });
        }
        case '/teams':
          return json({ teams: [{ id: 'PT1', type: 'team', name: 'Payments', summary: 'Payments' }], more: false });
        case '/services':
          return json({
            services: [
              {
                id: 'PS1',
                name: 'SAP ERP',
                description: 'COTS application: finance',
                teams: [ref('PT1', 'team_reference', 'Payments')],
                escalation_policy: ref('PEP1', 'escalation_policy_reference', 'Payments EP'),
              },
              { id: 'PS2', name: 'Checkout', description: null },
            ],
            more: false,
          });
        case '/escalation_policies':
          return json({
            escalation_policies: [
              {
                id: 'PEP1',
                name: 'Payments EP',
                teams: [ref('PT1', 'team_reference', 'Payments')],
                escalation_rules: [
                  { id: 'R1', escalation_delay_in_minutes: 15, targets: [ref('PSCHED', 'schedule_reference', 'Primary')] },
                  { id: 'R2', escalation_delay_in_minutes: 30, targets: [ref('PU2', 'user_reference', 'Bo')] },
                ],
              },
            ],
            more: false,
          });
        case '/priorities':
          return json({
            priorities: [
              { id: 'PR1', name: 'P1' },
              { id: 'PR2', name: 'P2' },
            ],
            more: false,
          });
        default:
          return json({ error: { message: 'Not Found', code: 2100 } }, 404);
      }
    });
    const directory = await provider.getDirectory();
    expect(calls.find((call) => call.path === '/users')!.query.getAll('include[]')).toEqual(['contact_methods']);
    expect(calls.filter((call) => call.path === '/users')).toHaveLength(2);
    expect(directory.users).toEqual([
      {
        id: 'PU1',
        name: 'Ada',
        email: 'ada@example.com',
        teamIds: ['PT1'],
        contactMethods: [
          { type: 'phone', label: 'Mobile', address: '+1 5551234567' },
          { type: 'email', label: 'Work', address: 'ada@example.com' },
        ],
      },
      { id: 'PU2', name: 'Bo', email: 'bo@example.com', teamIds: [], contactMethods: [] },
    ]);
    expect(directory.teams).toEqual([{ id: 'PT1', name: 'Payments' }]);
    expect(directory.services).toEqual([
      { id: 'PS1', name: 'SAP ERP', kind: 'cots-application', teamIds: ['PT1'], escalationPolicyId: 'PEP1' },
      { id: 'PS2', name: 'Checkout', kind: 'digital-service', teamIds: [], escalationPolicyId: null },
    ]);
    expect(directory.escalationPolicies).toEqual([
      {
        id: 'PEP1',
        name: 'Payments EP',
        teamIds: ['PT1'],
        levels: [
          { level: 1, targets: [{ id: 'PSCHED', name: 'Primary', type: 'schedule' }] },
          { level: 2, targets: [{ id: 'PU2', name: 'Bo', type: 'user' }] },
        ],
      },
    ]);
    expect(directory.priorities).toEqual([
      { id: 'PR1', name: 'P1', order: 1 },
      { id: 'PR2', name: 'P2', order: 2 },
    ]);
  });

  it('gives an empty priority list when the account has no priorities feature', async () => {
    const { provider } = providerWith((call) =>
      call.path === '/priorities'
        ? json({ error: { message: 'Not Found', code: 2100 } }, 404)
        : json({ users: [], teams: [], services: [], escalation_policies: [], more: false }),
    );
    expect((await provider.getDirectory()).priorities).toEqual([]);
  });
});

describe('listOnCalls', () => {
  it('maps every on-call of every policy, following pages', async () => {
    const { provider, calls } = providerWith((call) => {
      const offset = Number(call.query.get('offset') ?? 0);
      return json({ oncalls: offset === 0 ? [oncall('PU1', 1)] : [oncall('PU2', 2, null)], more: offset === 0 });
    });
    const oncalls = await provider.listOnCalls();
    expect(calls).toHaveLength(2);
    expect(oncalls).toEqual([
      {
        user: { id: 'PU1', name: 'User PU1' },
        escalationPolicy: { id: 'PEP1', name: 'Payments EP' },
        level: 1,
        schedule: { id: 'PSCHED', name: 'Primary' },
        start: '2024-05-01T00:00:00Z',
        end: '2024-05-02T00:00:00Z',
      },
      {
        user: { id: 'PU2', name: 'User PU2' },
        escalationPolicy: { id: 'PEP1', name: 'Payments EP' },
        level: 2,
        schedule: null,
        start: null,
        end: null,
      },
    ]);
  });
});

describe('incident detail: responders and escalation path', () => {
  it('shows the responders and each level of the policy with who is on call there now', async () => {
    const { provider, calls } = providerWith((call) => {
      if (call.path === '/incidents/P1') {
        return json({
          incident: pdIncident('P1', {
            assignments: [{ at: '2024-05-01T10:00:00Z', assignee: ref('PU2', 'user_reference', 'User PU2') }],
            incidents_responders: [
              {
                state: 'pending',
                user: ref('PU9', 'user_reference', 'Mei'),
                requester: ref('PU1', 'user_reference', 'Ada'),
                requested_at: '2024-05-01T11:00:00Z',
                message: 'DB help',
              },
            ],
          }),
        });
      }
      if (call.path === '/escalation_policies/PEP1') {
        return json({
          escalation_policy: { id: 'PEP1', name: 'Payments EP', escalation_rules: [1, 2, 3].map((n) => ({ id: `R${n}`, targets: [] })) },
        });
      }
      if (call.path === '/oncalls') return json({ oncalls: [oncall('PU1', 1), oncall('PU2', 2), oncall('PU2', 2)], more: false });
      return json({ notes: [], log_entries: [], alerts: [], more: false });
    });
    const detail = await provider.getIncidentDetail('P1');
    expect(calls.find((call) => call.path === '/oncalls')!.query.getAll('escalation_policy_ids[]')).toEqual(['PEP1']);
    expect(detail.responders).toEqual([
      {
        user: { id: 'PU9', name: 'Mei' },
        state: 'pending',
        requestedAt: '2024-05-01T11:00:00Z',
        requester: { id: 'PU1', name: 'Ada' },
        message: 'DB help',
      },
    ]);
    expect(detail.escalation).toEqual({
      policy: { id: 'PEP1', name: 'Payments EP' },
      currentLevel: 2,
      levels: [
        { level: 1, onCall: [{ user: { id: 'PU1', name: 'User PU1' }, until: '2024-05-02T00:00:00Z' }] },
        { level: 2, onCall: [{ user: { id: 'PU2', name: 'User PU2' }, until: '2024-05-02T00:00:00Z' }] },
        { level: 3, onCall: [] },
      ],
    });
  });

  it('has no escalation path when the token may not read the policy', async () => {
    const { provider } = providerWith((call) => {
      if (call.path === '/incidents/P1') return json({ incident: pdIncident('P1') });
      if (call.path === '/escalation_policies/PEP1') return json({ error: { message: 'Not Found', code: 2100 } }, 404);
      return json({ notes: [], log_entries: [], alerts: [], oncalls: [], more: false });
    });
    expect((await provider.getIncidentDetail('P1')).escalation).toBeNull();
  });
});

describe('buildEscalationPath', () => {
  const policy = { id: 'PEP1', name: 'EP', levelCount: 2 };
  const oncalls = [
    { user: { id: 'A', name: 'A' }, escalationPolicy: { id: 'PEP1', name: 'EP' }, level: 1, schedule: null, start: null, end: null },
    { user: { id: 'B', name: 'B' }, escalationPolicy: { id: 'PEP1', name: 'EP' }, level: 2, schedule: null, start: null, end: null },
  ];
  it('prefers the level PagerDuty reports, and knows none for a hand-picked assignee or a resolved incident', () => {
    expect(
      buildEscalationPath({ incident: { status: 'triggered', assignees: [{ id: 'A', name: 'A' }] }, policy, oncalls, reportedLevel: 2 })
        .currentLevel,
    ).toBe(2);
    expect(
      buildEscalationPath({ incident: { status: 'triggered', assignees: [{ id: 'A', name: 'A' }] }, policy, oncalls, reportedLevel: null })
        .currentLevel,
    ).toBe(1);
    expect(
      buildEscalationPath({ incident: { status: 'triggered', assignees: [{ id: 'Z', name: 'Z' }] }, policy, oncalls, reportedLevel: null })
        .currentLevel,
    ).toBeNull();
    expect(
      buildEscalationPath({ incident: { status: 'resolved', assignees: [] }, policy, oncalls, reportedLevel: null }).currentLevel,
    ).toBeNull();
  });
});
