import { describe, expect, it } from 'vitest';
import {
  createFilterOptionsMemo,
  filterContext,
  filterOptions,
  priorityRanks,
} from '../../../../renderer/src/features/queue/filter-options';
import { NONE } from '../../../../renderer/src/features/queue/queue-filter';
import type { Directory } from '../../../../shared/domain/directory';
import { incident } from '../fixtures';

const directory: Directory = {
  users: [{ id: 'U1', name: 'Dana', email: 'dana@example.com', teamIds: ['T1'], contactMethods: [] }],
  teams: [
    { id: 'T1', name: 'Payments' },
    { id: 'T2', name: 'Data' },
  ],
  services: [
    { id: 'S1', name: 'Checkout API', kind: 'digital-service', teamIds: ['T1'], escalationPolicyId: null },
    { id: 'S2', name: 'Orders DB', kind: 'foundational-system', teamIds: ['T2'], escalationPolicyId: null },
  ],
  escalationPolicies: [],
  priorities: [
    { id: 'PB', name: 'P2', order: 2 },
    { id: 'PA', name: 'P1', order: 1 },
  ],
};

describe('filterOptions', () => {
  it('lists the directory’s values, completed by the incidents’, sorted, with a "none" choice', () => {
    const options = filterOptions([incident('A', { service: { id: 'S9', name: 'Azure glue' }, tenant: 'acme' })], directory);
    expect(options.priorities.map((o) => o.label)).toEqual(['P1', 'P2', 'No priority']);
    expect(options.services.map((o) => o.label)).toEqual(['Azure glue', 'Checkout API', 'Orders DB']);
    expect(options.teams.at(-1)).toEqual({ value: NONE, label: 'No team' });
    expect(options.tenants.map((o) => o.value)).toEqual(['acme', NONE]);
  });
  it('works from the incidents alone when the directory is not there', () => {
    const options = filterOptions([incident('A', { team: { id: 'T7', name: 'Ops' }, priority: { id: 'PX', name: 'P4' } })], undefined);
    expect(options.teams.map((o) => o.label)).toEqual(['Ops', 'No team']);
    expect(options.priorities.map((o) => o.label)).toEqual(['P4', 'No priority']);
  });
});

describe('createFilterOptionsMemo', () => {
  it('hands back the same options while the values on offer stay the same', () => {
    const options = createFilterOptionsMemo();
    const first = options([incident('A'), incident('B', { tenant: 'acme' })], directory);
    // A live update: new incident objects, statuses changed, same services, teams and tenants.
    expect(options([incident('B', { tenant: 'acme', status: 'acknowledged' }), incident('A')], directory)).toBe(first);
    expect(first).toEqual(filterOptions([incident('A'), incident('B', { tenant: 'acme' })], directory));
  });
  it('builds new options when a value is added, renamed or gone, or the directory changes', () => {
    const options = createFilterOptionsMemo();
    const first = options([incident('A')], directory);
    const withTenant = options([incident('A', { tenant: 'zenith' })], directory);
    expect(withTenant).not.toBe(first);
    expect(withTenant.tenants.map((o) => o.value)).toEqual(['zenith', NONE]);
    const added = options([incident('A', { tenant: 'zenith', service: { id: 'S9', name: 'Billing' } })], directory);
    const renamed = options([incident('A', { tenant: 'zenith', service: { id: 'S9', name: 'Invoicing' } })], directory);
    expect(renamed).not.toBe(added);
    expect(renamed.services.map((o) => o.label)).toEqual(['Checkout API', 'Invoicing', 'Orders DB']);
    expect(options([incident('A')], directory)).not.toBe(renamed);
    expect(options([incident('A')], { ...directory })).not.toBe(options([incident('A')], directory));
  });
});

describe('filterContext', () => {
  it('knows my teams and their services from the directory', () => {
    const context = filterContext('U1', directory);
    expect([...context.myTeamIds!]).toEqual(['T1']);
    expect([...context.myServiceIds!]).toEqual(['S1']);
  });
  it('leaves teams unknown without the directory or without a user', () => {
    expect(filterContext('U1', undefined)).toEqual({ meId: 'U1', myTeamIds: null, myServiceIds: null });
    expect(filterContext(null, directory).myTeamIds).toBeNull();
  });
  it('ranks priorities by the directory’s order', () => {
    expect(priorityRanks(directory).get('PA')).toBe(1);
  });
});
