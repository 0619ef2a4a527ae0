import { describe, expect, it } from 'vitest';
import {
  NO_FILTER,
  countFitting,
  describeApprovalPolicy,
  describeSla,
  durationInWords,
  groupOfferings,
  joinNames,
  nameFromEmail,
} from '../../../../renderer/src/features/catalogue/catalogue-model';
import { catalogue, dba, network, offering } from './fixtures';

const titles = (groups: ReturnType<typeof groupOfferings>) =>
  groups.map((group) => [group.team.name, group.offerings.map((offering) => offering.title)]);

describe('groupOfferings', () => {
  it('groups by team in catalogue order, offerings by title', () => {
    expect(titles(groupOfferings(catalogue, NO_FILTER))).toEqual([
      ['Database Administration', ['Query performance review', 'Restore a database backup']],
      ['Network Engineering', ['Investigate network latency', 'Open a firewall rule']],
    ]);
  });

  it('finds offerings by keyword and team name, every word must match, and drops empty teams', () => {
    expect(titles(groupOfferings(catalogue, { ...NO_FILTER, query: 'Recovery' }))).toEqual([
      ['Database Administration', ['Restore a database backup']],
    ]);
    expect(titles(groupOfferings(catalogue, { ...NO_FILTER, query: 'network packet' }))).toEqual([
      ['Network Engineering', ['Investigate network latency']],
    ]);
    expect(groupOfferings(catalogue, { ...NO_FILTER, query: 'restore firewall' })).toEqual([]);
  });

  it('filters by kind and by risk', () => {
    expect(titles(groupOfferings(catalogue, { ...NO_FILTER, kind: 'self-service' }))).toEqual([
      ['Database Administration', ['Restore a database backup']],
      ['Network Engineering', ['Open a firewall rule']],
    ]);
    expect(titles(groupOfferings(catalogue, { ...NO_FILTER, kind: 'expertise', risk: 'low' }))).toEqual([
      ['Database Administration', ['Query performance review']],
      ['Network Engineering', ['Investigate network latency']],
    ]);
    expect(groupOfferings(catalogue, { ...NO_FILTER, kind: 'expertise', risk: 'high' })).toEqual([]);
  });
});

describe("offerings for an incident's service", () => {
  const withServices = {
    teams: [dba, network],
    offerings: [
      offering({
        id: 'restore',
        title: 'Restore a database backup',
        teamId: dba.id,
        appliesTo: { services: ['Payments API', 'PostgreSQL Platform'] },
      }),
      offering({ id: 'review', title: 'Query performance review', teamId: dba.id, appliesTo: { services: ['payments api'] } }),
      offering({ id: 'grant', title: 'Grant read access', teamId: dba.id }),
      offering({ id: 'latency', title: 'Investigate network latency', teamId: network.id, appliesTo: 'any-service' }),
      offering({ id: 'firewall', title: 'Open a firewall rule', teamId: network.id, appliesTo: { services: ['Core Network'] } }),
    ],
  };
  const payments = { id: 'PSVC1', name: 'Payments API' };

  it('shows only what fits the service (named by it, whatever the case, or any service), with the other filters', () => {
    expect(titles(groupOfferings(withServices, { ...NO_FILTER, service: payments }))).toEqual([
      ['Database Administration', ['Query performance review', 'Restore a database backup']],
      ['Network Engineering', ['Investigate network latency']],
    ]);
    expect(titles(groupOfferings(withServices, { ...NO_FILTER, service: payments, query: 'restore' }))).toEqual([
      ['Database Administration', ['Restore a database backup']],
    ]);
    expect(countFitting(withServices, payments)).toBe(3);
    expect(countFitting(withServices, { id: 'P9', name: 'Core Network' })).toBe(2);
  });
});

describe('durations and SLA in words', () => {
  it('uses the two largest units and stops at a gap', () => {
    expect(durationInWords(30 * 60_000)).toBe('30 minutes');
    expect(durationInWords(60 * 60_000)).toBe('1 hour');
    expect(durationInWords(36 * 3_600_000)).toBe('1 day 12 hours');
    expect(durationInWords(24 * 3_600_000 + 30 * 60_000)).toBe('1 day');
    expect(durationInWords(14 * 86_400_000)).toBe('2 weeks');
    expect(durationInWords(20_000)).toBe('less than a minute');
  });

  it('describes both targets', () => {
    expect(describeSla({ responseMs: 4 * 3_600_000, resolutionMs: 3 * 86_400_000 })).toBe(
      'Response within 4 hours, resolution within 3 days',
    );
  });
});

describe('describeApprovalPolicy', () => {
  it('names the group, or every person (directory name first, else from the email)', () => {
    expect(describeApprovalPolicy('none')).toBe('No approval needed');
    expect(describeApprovalPolicy({ anyOf: { group: 'Database Administration' } })).toBe('Any one of Database Administration');
    const nameOf = (email: string) => (email === 'fatima.zahra@example.com' ? 'Fatima Zahra-Ali' : undefined);
    expect(describeApprovalPolicy({ allOf: { people: ['noah.schmidt@example.com', 'fatima.zahra@example.com'] } }, nameOf)).toBe(
      'All of Noah Schmidt and Fatima Zahra-Ali',
    );
  });

  it('joins names the way people write them', () => {
    expect(joinNames([])).toBe('');
    expect(joinNames(['A'])).toBe('A');
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C');
    expect(nameFromEmail('svc-reporting@example.com')).toBe('Svc Reporting');
  });
});
