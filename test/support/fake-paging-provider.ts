/**
 * An in-memory PagingProvider for engine unit tests: holds incidents and notes, records
 * every write, and fails on demand. Integration tests use the real provider against the
 * PagerDuty simulator instead.
 */
import type { Incident, IncidentDetail, Note } from '../../shared/domain/incident';
import { ProviderError, type ChangeSet, type PagingProvider, type ProviderUser } from '../../electron/engine/ports';

export function makeIncident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    id,
    provider: 'fake',
    number: Number(id.replace(/\D/g, '')) || 1,
    title: `Incident ${id}`,
    status: 'triggered',
    urgency: 'high',
    priority: null,
    service: { id: 'S1', name: 'Payments API' },
    team: null,
    escalationPolicy: null,
    assignees: [],
    acknowledgedBy: [],
    createdAt: '2026-11-26T10:00:00Z',
    updatedAt: '2026-11-26T10:00:00Z',
    htmlUrl: `https://example.pagerduty.com/incidents/${id}`,
    tenant: null,
    ...overrides,
  };
}

export class FakePagingProvider implements PagingProvider {
  readonly id = 'fake';
  readonly label = 'Fake PagerDuty';
  readonly incidents = new Map<string, Incident>();
  readonly notes = new Map<string, Note[]>();
  readonly writes: string[] = [];
  /** Failures to throw, in order, from the next calls of the named method. */
  readonly failNext = new Map<string, ProviderError[]>();
  private changed: string[] = [];
  private noteCounter = 0;

  constructor(incidents: Incident[] = []) {
    for (const incident of incidents) this.incidents.set(incident.id, incident);
  }

  /** Changes an incident as if someone did it in PagerDuty. */
  update(id: string, change: Partial<Incident>): void {
    const incident = this.incidents.get(id);
    if (!incident) throw new Error(`no incident ${id}`);
    this.incidents.set(id, { ...incident, ...change });
    this.changed.push(id);
  }

  add(incident: Incident): void {
    this.incidents.set(incident.id, incident);
    this.changed.push(incident.id);
  }

  private maybeFail(method: string): void {
    const error = this.failNext.get(method)?.shift();
    if (error) throw error;
  }

  async whoAmI(): Promise<ProviderUser> {
    return { id: 'U1', name: 'Dana Developer', email: 'dana@example.com' };
  }

  async listOpenIncidents(): Promise<{ incidents: Incident[]; cursor: string }> {
    this.maybeFail('listOpenIncidents');
    this.changed = [];
    return { incidents: [...this.incidents.values()].filter((i) => i.status !== 'resolved'), cursor: 'c0' };
  }

  async changesSince(): Promise<ChangeSet> {
    this.maybeFail('changesSince');
    const ids = [...new Set(this.changed)];
    this.changed = [];
    return { changed: ids.map((id) => this.incidents.get(id)!), leftScope: [], cursor: `c${ids.length}` };
  }

  async getIncidentDetail(incidentId: string): Promise<IncidentDetail> {
    const incident = this.incidents.get(incidentId);
    if (!incident) throw new ProviderError('rejected', `Incident ${incidentId} not found`, 404);
    return { incident, notes: this.notes.get(incidentId) ?? [], logEntries: [], alerts: [] };
  }

  async listNotes(incidentId: string): Promise<Note[]> {
    this.maybeFail('listNotes');
    return this.notes.get(incidentId) ?? [];
  }

  async acknowledge(incidentIds: string[]): Promise<void> {
    this.maybeFail('acknowledge');
    this.writes.push(`acknowledge ${incidentIds.join(',')}`);
    for (const id of incidentIds) {
      if (this.incidents.get(id)?.status === 'triggered') this.update(id, { status: 'acknowledged' });
    }
  }

  async resolve(incidentIds: string[]): Promise<void> {
    this.maybeFail('resolve');
    this.writes.push(`resolve ${incidentIds.join(',')}`);
    for (const id of incidentIds) this.update(id, { status: 'resolved' });
  }

  async addNote(incidentId: string, content: string): Promise<Note> {
    this.maybeFail('addNote:before');
    const note: Note = { id: `N${++this.noteCounter}`, content, createdAt: new Date().toISOString(), author: null };
    this.notes.set(incidentId, [...(this.notes.get(incidentId) ?? []), note]);
    this.writes.push(`note ${incidentId} ${content}`);
    // A failure after the note landed: the caller cannot tell it was written.
    this.maybeFail('addNote:after');
    return note;
  }
}
