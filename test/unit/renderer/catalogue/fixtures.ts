// Small catalogue and request fixtures for the catalogue and requests views' pure logic.
import { Offering, type Catalogue, type CatalogueTeam } from '../../../../shared/domain/catalogue';
import type { SpecialistRequest } from '../../../../shared/domain/specialist-request';

export const dba: CatalogueTeam = {
  id: 'database-administration',
  name: 'Database Administration',
  assignmentGroup: 'Database Administration',
  escalationPolicy: null,
};
export const network: CatalogueTeam = {
  id: 'network-engineering',
  name: 'Network Engineering',
  assignmentGroup: 'Network Engineering',
  escalationPolicy: null,
};

export function offering(overrides: Partial<Offering> & Pick<Offering, 'id' | 'title' | 'teamId'>): Offering {
  return Offering.parse({
    description: 'A description.',
    kind: 'expertise',
    keywords: [],
    form: { type: 'object', properties: { note: { type: 'string', title: 'Note' } }, required: [] },
    uiSchema: {},
    sla: { responseMs: 4 * 3_600_000, resolutionMs: 3 * 86_400_000 },
    risk: 'low',
    approval: 'none',
    pipeline: null,
    source: { file: 'catalogue/test.yaml', line: 1 },
    ...overrides,
  });
}

export const catalogue: Catalogue = {
  teams: [dba, network],
  offerings: [
    offering({
      id: 'restore-database-backup',
      title: 'Restore a database backup',
      teamId: dba.id,
      kind: 'self-service',
      risk: 'high',
      keywords: ['snapshot', 'recovery'],
      approval: { anyOf: { group: 'Database Administration' } },
    }),
    offering({
      id: 'query-performance-review',
      title: 'Query performance review',
      teamId: dba.id,
      keywords: ['slow query', 'index'],
      description: 'A DBA looks at a slow query.',
    }),
    offering({
      id: 'open-firewall-rule',
      title: 'Open a firewall rule',
      teamId: network.id,
      kind: 'self-service',
      risk: 'high',
      keywords: ['port'],
    }),
    offering({
      id: 'investigate-latency',
      title: 'Investigate network latency',
      teamId: network.id,
      risk: 'low',
      keywords: ['packet loss'],
    }),
  ],
};

const T0 = '2026-01-05T10:00:00.000Z';

export function request(overrides: Partial<SpecialistRequest> = {}): SpecialistRequest {
  return {
    id: 'req-1',
    offeringId: 'query-performance-review',
    offeringTitle: 'Query performance review',
    kind: 'expertise',
    teamId: dba.id,
    teamName: dba.name,
    state: 'new',
    requester: { id: 'u-dev', name: 'Priya Patel', email: 'priya.patel@example.com' },
    assignee: null,
    inputs: {},
    incidentId: null,
    urgent: false,
    createdAt: T0,
    updatedAt: T0,
    ticket: null,
    comments: [],
    approvals: [],
    approvalStillNeeded: [],
    runs: [],
    history: [],
    sla: { responseDueAt: null, resolutionDueAt: null, responseBreached: false, resolutionBreached: false },
    lastError: null,
    ...overrides,
  };
}
