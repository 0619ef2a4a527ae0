/** A ticket valid against the contract's schema, for queue tests. */
import type { Ticket } from '../../../../shared/domain/ticket';

export function ticket(number: string, pagingIncidentId: string | null, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: `sys-${number}`,
    provider: 'servicenow',
    number,
    state: 'New',
    stage: 'new',
    title: `Ticket ${number}`,
    assignmentGroup: { id: 'G1', name: 'Payments Ops' },
    assignedTo: null,
    businessService: null,
    configurationItem: null,
    priority: '2 - High',
    majorIncident: false,
    pagingIncidentId,
    url: `https://acme.service-now.com/nav_to.do?uri=incident.do?sys_id=sys-${number}`,
    updatedAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}
