import { describe, expect, it } from 'vitest';
import {
  filterGroups,
  matchesQuery,
  reassignGroups,
  reassignOutcome,
  reassignTarget,
} from '../../../../renderer/src/features/actions/reassign-options';
import type { Directory } from '../../../../shared/domain/directory';

const directory: Directory = {
  users: [
    { id: 'U2', name: 'Grace Hopper', email: 'grace@example.com', teamIds: ['T2'], contactMethods: [] },
    { id: 'U1', name: 'Ada Lovelace', email: 'ada@example.com', teamIds: ['T1'], contactMethods: [] },
  ],
  teams: [
    { id: 'T1', name: 'Payments' },
    { id: 'T2', name: 'Database team' },
  ],
  services: [
    { id: 'S1', name: 'Checkout API', kind: 'digital-service', teamIds: ['T1'], escalationPolicyId: 'EP1' },
    { id: 'S2', name: 'SAP ERP', kind: 'cots-application', teamIds: [], escalationPolicyId: 'EP2' },
    { id: 'S3', name: 'Oracle RAC', kind: 'foundational-system', teamIds: ['T2'], escalationPolicyId: 'EP3' },
    { id: 'S4', name: 'Basket', kind: 'digital-service', teamIds: ['T1'], escalationPolicyId: 'EP1' },
    { id: 'S5', name: 'Legacy', kind: 'other', teamIds: [], escalationPolicyId: null },
  ],
  escalationPolicies: [
    { id: 'EP1', name: 'Payments on call', teamIds: ['T1'], levels: [] },
    { id: 'EP2', name: 'ERP support', teamIds: [], levels: [] },
    { id: 'EP3', name: 'DBA on call', teamIds: ['T2'], levels: [] },
    { id: 'EP9', name: 'Major incident managers', teamIds: [], levels: [{ level: 1, targets: [] }] },
  ],
  priorities: [],
};

describe('reassignGroups', () => {
  it('groups services by kind, then loose policies, then people, each sorted by name', () => {
    const groups = reassignGroups(directory);
    expect(groups.map((group) => [group.group, group.items.map((item) => item.label)])).toEqual([
      ['Digital services', ['Basket', 'Checkout API']],
      ['COTS applications', ['SAP ERP']],
      ['Foundational systems', ['Oracle RAC']],
      ['Other escalation policies', ['Major incident managers']],
      ['People', ['Ada Lovelace', 'Grace Hopper']],
    ]);
    expect(groups[0]!.items[1]).toMatchObject({ value: 'service:S1', detail: 'Payments on call' });
  });

  it('finds a service by its team or policy name', () => {
    const found = filterGroups(reassignGroups(directory), 'database');
    expect(found.flatMap((group) => group.items.map((item) => item.label))).toEqual(['Oracle RAC', 'Grace Hopper']);
    expect(filterGroups(reassignGroups(directory), 'erp support').flatMap((g) => g.items.map((i) => i.value))).toEqual(['service:S2']);
    expect(filterGroups(reassignGroups(directory), '  ')).toHaveLength(5);
  });
});

describe('reassignTarget', () => {
  it('reassigns to a service, a loose policy or a person', () => {
    expect(reassignTarget('service:S3', directory)).toEqual({ type: 'service', serviceId: 'S3' });
    expect(reassignTarget('policy:EP9', directory)).toEqual({ type: 'escalationPolicy', escalationPolicyId: 'EP9' });
    expect(reassignTarget('user:U1', directory)).toEqual({ type: 'users', userIds: ['U1'] });
  });

  it('returns null for what the directory does not hold, or a service nobody is paged for', () => {
    expect(reassignTarget('service:S5', directory)).toBeNull();
    expect(reassignTarget('service:S404', directory)).toBeNull();
    expect(reassignTarget('user:U404', directory)).toBeNull();
    expect(reassignTarget('garbage', directory)).toBeNull();
  });
});

describe('matchesQuery', () => {
  it('needs every word', () => {
    expect(matchesQuery('checkout api payments', 'pay check')).toBe(true);
    expect(matchesQuery('checkout api payments', 'pay dba')).toBe(false);
  });
});

describe('reassignOutcome', () => {
  const names = { paging: 'PagerDuty', ticketing: 'ServiceNow' };

  it('says the ticket follows a service to its mapped group, service and item', () => {
    const to = reassignTarget('service:S3', directory)!;
    expect(to).toEqual({ type: 'service', serviceId: 'S3' });
    expect(reassignOutcome(to, directory, names)).toEqual([
      'PagerDuty: to DBA on call of Oracle RAC.',
      'ServiceNow: the ticket moves to the assignment group, business service and configuration item mapped to Oracle RAC.',
    ]);
  });

  it('says the ticket stays when reassigning to a person or a policy, and says nothing of tickets without a ticketing system', () => {
    expect(reassignOutcome({ type: 'users', userIds: ['U1'] }, directory, names)).toEqual([
      'PagerDuty: assigned to Ada Lovelace.',
      'ServiceNow: the ticket keeps its assignment group (pick a service to move it too).',
    ]);
    expect(
      reassignOutcome({ type: 'escalationPolicy', escalationPolicyId: 'EP9' }, directory, { paging: 'PagerDuty', ticketing: null }),
    ).toEqual(['PagerDuty: to Major incident managers.']);
    expect(reassignOutcome({ type: 'service', serviceId: 'S1' }, directory, { paging: 'PagerDuty', ticketing: null })).toEqual([
      'PagerDuty: to Payments on call of Checkout API.',
    ]);
  });
});
