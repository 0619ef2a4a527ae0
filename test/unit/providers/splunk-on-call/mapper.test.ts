/**
 * The Splunk On-Call mappers: incidents (both spellings of the phase), response times,
 * the directory and who is on call, from records shaped by the published document (checked
 * against its schemas when the document is there) into the domain's zod shapes.
 */
import { describe, expect, it } from 'vitest';
import { Directory, EscalationPolicy, OnCall, Service, User } from '../../../../shared/domain/directory';
import { Incident } from '../../../../shared/domain/incident';
import {
  toEscalationPolicy,
  toOnCalls,
  toService,
  toTeamRef,
  toUser,
} from '../../../../electron/providers/splunk-on-call/directory-mapper';
import {
  incidentIdOf,
  incidentNumberOf,
  incidentPageUrl,
  statusOfPhase,
  toIncident,
  toIncidentTimes,
  type MappingContext,
} from '../../../../electron/providers/splunk-on-call/mapper';
import {
  SocIncident,
  SocOnCallNow,
  SocPolicyList,
  SocRoutingKeyList,
  SocTeamList,
  SocUser,
} from '../../../../electron/providers/splunk-on-call/schemas';
import { SOC_ON_CALL_NOW, SOC_POLICIES, SOC_ROUTING_KEYS, socIncident, socTeam, socUser, transition } from './fixtures';
import { loadSplunkOnCallSwagger } from './swagger';

const swagger = loadSplunkOnCallSwagger('Splunk On-Call mapper fixture checks');

const context: MappingContext = {
  userNames: new Map([['ada', 'Ada Lovelace']]),
  teamNames: new Map([['team-identity', 'Identity']]),
  webUrl: 'https://portal.victorops.com',
  orgSlug: 'acme',
};

function incidentOf(record: Record<string, unknown>, ctx: MappingContext = context) {
  return toIncident(SocIncident.parse(record), ctx);
}

describe('Splunk On-Call fixtures fit the published document', () => {
  it.skipIf(!swagger)('incidents, users, teams, policies, routing keys and on-calls match their definitions', () => {
    const s = swagger!;
    expect(
      s.definitionProblems('ActiveIncidentInfo', socIncident('4', { transitions: [transition('ACKED', '2020-03-24T19:31:00Z', 'ada')] })),
    ).toEqual([]);
    expect(s.definitionProblems('V1User', socUser('ada', 'Ada', 'Lovelace'))).toEqual([]);
    expect(s.definitionProblems('ListTeamResponse', [socTeam('team-identity', 'Identity')])).toEqual([]);
    expect(s.definitionProblems('EscalationPolicyInfoList', SOC_POLICIES)).toEqual([]);
    expect(s.definitionProblems('ListRoutingKeysResponse', SOC_ROUTING_KEYS)).toEqual([]);
    expect(s.responseProblems(s.operation('GET', '/api-public/v1/oncall/current')!, SOC_ON_CALL_NOW)).toEqual([]);
  });
});

describe('incident ids', () => {
  it('prefixes the incident number, so it cannot collide with a PagerDuty id, and reads it back', () => {
    expect(incidentIdOf('42')).toBe('splunk-on-call:42');
    expect(incidentNumberOf('splunk-on-call:42')).toBe('42');
    expect(incidentNumberOf('Q1ABC23DEF45GH')).toBeNull();
    expect(incidentNumberOf('splunk-on-call:4x')).toBeNull();
  });
});

describe('toIncident', () => {
  it('maps a live-shaped triggered incident', () => {
    const incident = incidentOf(socIncident('4'));
    expect(Incident.parse(incident)).toEqual(incident);
    expect(incident).toEqual({
      id: 'splunk-on-call:4',
      provider: 'splunk-on-call',
      number: 4,
      title: 'Checkout latency 4',
      status: 'triggered',
      urgency: 'high',
      priority: null,
      service: { id: 'routingdefault', name: 'routingdefault' },
      team: { id: 'team-KXK4L1qPrbLWwa6w', name: 'Payments' },
      escalationPolicy: { id: 'pol-payments', name: 'Payments primary' },
      assignees: [{ id: 'ada', name: 'Ada Lovelace' }],
      acknowledgedBy: [],
      createdAt: '2020-03-24T19:30:34Z',
      updatedAt: '2020-03-24T19:30:34Z',
      statusChangedBy: null,
      htmlUrl: 'https://portal.victorops.com/ui/acme/incident/4/details',
      tenant: null,
    });
  });

  it('reads both spellings of the phase, case aside; an unknown phase still shows as triggered', () => {
    expect(['UNACKED', 'triggered', 'ACKED', 'Acknowledged', 'RESOLVED', 'resolved'].map(statusOfPhase)).toEqual([
      'triggered',
      'triggered',
      'acknowledged',
      'acknowledged',
      'resolved',
      'resolved',
    ]);
    expect(statusOfPhase('SNOOZED')).toBeNull();
    expect(incidentOf(socIncident('5', { currentPhase: 'SNOOZED' }))?.status).toBe('triggered');
  });

  it('takes who acknowledged it and the last change from the transitions', () => {
    const incident = incidentOf(
      socIncident('7', {
        currentPhase: 'ACKED',
        transitions: [transition('ACKED', '2020-03-24T19:35:00Z', 'grace'), transition('ACKED', '2020-03-24T19:32:00Z', 'ada')],
      }),
    );
    expect(incident?.status).toBe('acknowledged');
    expect(incident?.acknowledgedBy).toEqual([
      { id: 'ada', name: 'Ada Lovelace' },
      { id: 'grace', name: 'grace' },
    ]);
    expect(incident?.updatedAt).toBe('2020-03-24T19:35:00Z');
    expect(incident?.statusChangedBy).toEqual({ id: 'grace', name: 'grace' });
  });

  it('falls back where live-only fields are missing: entity id as title, alert service, paged team names from the directory', () => {
    const incident = incidentOf({
      incidentNumber: '9',
      currentPhase: 'triggered',
      entityId: 'db/disk',
      service: 'postgres',
      startTime: '2020-03-24T19:30:34Z',
      pagedTeams: ['team-identity'],
    });
    expect(incident?.title).toBe('db/disk');
    expect(incident?.service).toEqual({ id: 'postgres', name: 'postgres' });
    expect(incident?.team).toEqual({ id: 'team-identity', name: 'Identity' });
    expect(incident?.escalationPolicy).toBeNull();
    expect(incidentOf({ incidentNumber: '10', startTime: '2020-03-24T19:30:34Z' })?.title).toBe('Incident 10');
  });

  it('has no link without the organisation slug, and leaves out records without a number or a time', () => {
    expect(incidentOf(socIncident('4'), { ...context, orgSlug: null })?.htmlUrl).toBe('');
    expect(incidentPageUrl('4', { webUrl: 'http://127.0.0.1:9/', orgSlug: 'a b' })).toBe('http://127.0.0.1:9/ui/a%20b/incident/4/details');
    expect(incidentOf(socIncident('4', { incidentNumber: undefined }))).toBeNull();
    expect(incidentOf(socIncident('4', { startTime: undefined, lastAlertTime: undefined }))).toBeNull();
  });

  it('accepts nulls where the document says nothing of them', () => {
    expect(incidentOf(socIncident('11', { host: null, pagedPolicies: null, transitions: null }))?.escalationPolicy).toBeNull();
  });
});

describe('toIncidentTimes', () => {
  it('triggers at the start, acknowledges at the first ACKED, resolves at the last RESOLVED', () => {
    const times = toIncidentTimes(
      SocIncident.parse(
        socIncident('4', {
          currentPhase: 'RESOLVED',
          startTime: '2020-03-24T19:30:00Z',
          transitions: [
            transition('ACKED', '2020-03-24T19:34:00Z', 'grace'),
            transition('ACKED', '2020-03-24T19:31:00Z', 'ada'),
            transition('RESOLVED', '2020-03-24T19:50:00Z', 'ada'),
          ],
        }),
      ),
      context,
    );
    expect(times).toEqual({
      incidentId: 'splunk-on-call:4',
      number: 4,
      title: 'Checkout latency 4',
      htmlUrl: 'https://portal.victorops.com/ui/acme/incident/4/details',
      service: { id: 'routingdefault', name: 'routingdefault' },
      team: { id: 'team-KXK4L1qPrbLWwa6w', name: 'Payments' },
      triggeredAt: Date.parse('2020-03-24T19:30:00Z'),
      acknowledgedAt: Date.parse('2020-03-24T19:31:00Z'),
      resolvedAt: Date.parse('2020-03-24T19:50:00Z'),
    });
  });

  it('uses endTime for a resolved item without transitions, and no resolve time while open', () => {
    const resolved = toIncidentTimes(
      SocIncident.parse(socIncident('5', { currentPhase: 'resolved', endTime: '2020-03-24T20:00:00Z' })),
      context,
    );
    expect(resolved?.resolvedAt).toBe(Date.parse('2020-03-24T20:00:00Z'));
    expect(resolved?.acknowledgedAt).toBeNull();
    const open = toIncidentTimes(SocIncident.parse(socIncident('6', { endTime: '2020-03-24T20:00:00Z' })), context);
    expect(open?.resolvedAt).toBeNull();
    expect(toIncidentTimes(SocIncident.parse(socIncident('7', { startTime: 'yesterday' })), context)).toBeNull();
  });
});

describe('directory mapping', () => {
  it('maps users, teams, policies and routing keys into a valid directory', () => {
    const users = SocUser.array().parse([socUser('ada', 'Ada', 'Lovelace'), socUser('grace', '', '')]);
    const teams = SocTeamList.parse([socTeam('team-KXK4L1qPrbLWwa6w', 'Payments')]);
    const { policies } = SocPolicyList.parse(SOC_POLICIES);
    const { routingKeys } = SocRoutingKeyList.parse(SOC_ROUTING_KEYS);
    const directory = {
      users: [toUser(users[0]!, ['team-KXK4L1qPrbLWwa6w']), toUser(users[1]!, [])],
      teams: teams.map(toTeamRef),
      services: (routingKeys ?? []).map(toService),
      escalationPolicies: policies.map(toEscalationPolicy).filter((policy) => policy !== null),
      priorities: [],
    };
    expect(Directory.parse(directory)).toEqual(directory);
    expect(User.parse(directory.users[0])).toEqual({
      id: 'ada',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      teamIds: ['team-KXK4L1qPrbLWwa6w'],
      contactMethods: [],
    });
    expect(directory.users[1]?.name).toBe('grace');
    expect(directory.teams).toEqual([{ id: 'team-KXK4L1qPrbLWwa6w', name: 'Payments' }]);
    expect(EscalationPolicy.parse(directory.escalationPolicies[0])).toEqual({
      id: 'pol-payments',
      name: 'Payments primary',
      teamIds: ['team-KXK4L1qPrbLWwa6w'],
      levels: [],
    });
    expect(Service.parse(directory.services[1])).toEqual({
      id: 'identity',
      name: 'identity',
      kind: 'digital-service',
      teamIds: ['team-identity'],
      escalationPolicyId: 'pol-identity',
    });
    expect(toEscalationPolicy({ policy: { name: 'No slug' } })).toBeNull();
  });

  it('lists everyone on call now, once per policy, with names from the directory', () => {
    const onCalls = toOnCalls(SocOnCallNow.parse(SOC_ON_CALL_NOW), new Map([['ada', 'Ada Lovelace']]));
    expect(onCalls.map((onCall) => OnCall.parse(onCall))).toEqual([
      {
        user: { id: 'ada', name: 'Ada Lovelace' },
        escalationPolicy: { id: 'pol-payments', name: 'Payments primary' },
        level: 1,
        schedule: null,
        start: null,
        end: null,
      },
      {
        user: { id: 'grace', name: 'grace' },
        escalationPolicy: { id: 'pol-identity', name: 'Identity' },
        level: 1,
        schedule: null,
        start: null,
        end: null,
      },
      {
        user: { id: 'ada', name: 'Ada Lovelace' },
        escalationPolicy: { id: 'pol-identity', name: 'Identity' },
        level: 1,
        schedule: null,
        start: null,
        end: null,
      },
    ]);
  });
});
