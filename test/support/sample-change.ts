/** A change request as a provider maps it (an approved standard change of Payments API 1.4.2), for unit tests to vary. */
import type { ChangeRequest } from '../../shared/domain/change';

export function sampleChange(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 'c1',
    type: 'standard',
    service: { id: 'PSVC1', name: 'Payments API' },
    templateId: 't1',
    state: 'scheduled',
    vendorState: 'Scheduled',
    shortDescription: 'Deploy Payments API 1.4.2',
    risk: 'low',
    approval: 'approved',
    approvals: [],
    plannedStart: null,
    plannedEnd: null,
    deployment: { version: '1.4.2', commit: 'a1b2c3d', runUrl: 'https://ci.example.com/runs/7' },
    closeCode: null,
    closeNotes: '',
    incidentId: null,
    record: { system: 'servicenow', id: 'sys1', number: 'CHG0030001', url: 'https://acme.service-now.com/change_request.do?sys_id=sys1' },
    createdAt: '2026-12-06T13:50:00Z',
    updatedAt: '2026-12-06T13:50:00Z',
    ...overrides,
  };
}
