/**
 * An in-memory PagingProvider for engine unit tests: holds incidents, notes, responders,
 * a directory and on-calls, records every write (and every read of the directory and
 * on-calls), and fails on demand. Integration tests use the real provider against the
 * PagerDuty simulator instead.
 */
import type { Directory, OnCall } from '../../shared/domain/directory';
import type { Incident, IncidentDetail, Note, Responder } from '../../shared/domain/incident';
import type { IncidentTimes } from '../../shared/rules/response-metrics';
import { ProviderError, type ChangeSet, type IncidentChange, type PagingProvider, type ProviderUser } from '../../electron/engine/ports';

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
  /** Every updateIncidents call with its ids and change, in order. */
  readonly updates: Array<{ incidentIds: string[]; change: IncidentChange }> = [];
  readonly responders = new Map<string, Responder[]>();
  /** How often the directory, the on-calls and the incident times were read. */
  readonly reads = { directory: 0, oncalls: 0, incidentTimes: 0 };
  /** What listIncidentTimes answers (those triggered at or after its sinceMs); the `since` of each call is kept. */
  incidentTimes: IncidentTimes[] = [];
  readonly incidentTimesSince: number[] = [];
  directory: Directory = {
    users: [{ id: 'U1', name: 'Dana Developer', email: 'dana@example.com', teamIds: ['T1'], contactMethods: [] }],
    teams: [{ id: 'T1', name: 'Payments' }],
    services: [{ id: 'S1', name: 'Payments API', kind: 'digital-service', teamIds: ['T1'], escalationPolicyId: 'EP1' }],
    escalationPolicies: [
      {
        id: 'EP1',
        name: 'Payments',
        teamIds: ['T1'],
        levels: [{ level: 1, targets: [{ id: 'U1', name: 'Dana Developer', type: 'user' }] }],
      },
    ],
    priorities: [{ id: 'PR1', name: 'P1', order: 1 }],
  };
  oncalls: OnCall[] = [
    {
      user: { id: 'U1', name: 'Dana Developer' },
      escalationPolicy: { id: 'EP1', name: 'Payments' },
      level: 1,
      schedule: null,
      start: null,
      end: null,
    },
  ];
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
    this.maybeFail('getIncidentDetail');
    return {
      incident,
      notes: this.notes.get(incidentId) ?? [],
      logEntries: [],
      alerts: [],
      responders: this.responders.get(incidentId) ?? [],
      escalation: null,
    };
  }

  async listRecentlyResolved(limit: number): Promise<Incident[]> {
    this.maybeFail('listRecentlyResolved');
    return [...this.incidents.values()]
      .filter((incident) => incident.status === 'resolved')
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      .slice(0, limit);
  }

  async reopen(incidentIds: string[]): Promise<void> {
    this.maybeFail('reopen');
    this.writes.push(`reopen ${incidentIds.join(',')}`);
    for (const id of incidentIds) this.update(id, { status: 'acknowledged' });
  }

  async incidentsNow(incidentIds: string[]): Promise<Map<string, Incident>> {
    this.maybeFail('incidentsNow');
    return new Map(incidentIds.flatMap((id) => (this.incidents.has(id) ? [[id, this.incidents.get(id)!] as const] : [])));
  }

  async updateNote(incidentId: string, noteId: string, content: string): Promise<void> {
    this.maybeFail('updateNote');
    this.writes.push(`updateNote ${incidentId} ${noteId}`);
    this.notes.set(
      incidentId,
      (this.notes.get(incidentId) ?? []).map((note) => (note.id === noteId ? { ...note, content } : note)),
    );
  }

  async deleteNote(incidentId: string, noteId: string): Promise<void> {
    this.maybeFail('deleteNote');
    this.writes.push(`deleteNote ${incidentId} ${noteId}`);
    this.notes.set(
      incidentId,
      (this.notes.get(incidentId) ?? []).filter((note) => note.id !== noteId),
    );
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

  async updateIncidents(incidentIds: string[], change: IncidentChange): Promise<void> {
    this.maybeFail('updateIncidents');
    this.updates.push({ incidentIds: [...incidentIds], change });
    this.writes.push(`update ${incidentIds.join(',')} ${JSON.stringify(change)}`);
    for (const id of incidentIds) {
      const incident = this.incidents.get(id);
      if (!incident) continue;
      const patch: Partial<Incident> = {};
      if (change.urgency) patch.urgency = change.urgency;
      if (change.priorityId !== undefined)
        patch.priority = change.priorityId === null ? null : { id: change.priorityId, name: change.priorityId };
      if (change.assignTo && 'userIds' in change.assignTo)
        patch.assignees = change.assignTo.userIds.map((userId) => ({ id: userId, name: userId }));
      if (change.assignTo && 'escalationPolicyId' in change.assignTo)
        patch.escalationPolicy = { id: change.assignTo.escalationPolicyId, name: change.assignTo.escalationPolicyId };
      this.update(id, patch);
    }
  }

  async snooze(incidentId: string, durationSeconds: number): Promise<void> {
    this.maybeFail('snooze:before');
    this.maybeFail(`snooze:${incidentId}`);
    this.writes.push(`snooze ${incidentId} ${durationSeconds}`);
    this.maybeFail('snooze:after');
  }

  async addResponders(incidentId: string, request: { userIds: string[]; escalationPolicyIds: string[]; message: string }): Promise<void> {
    this.maybeFail('addResponders:before');
    this.writes.push(`responders ${incidentId} ${[...request.userIds, ...request.escalationPolicyIds].join(',')} ${request.message}`);
    const added = request.userIds.map((userId): Responder => ({
      user: { id: userId, name: userId },
      state: 'pending',
      requestedAt: new Date().toISOString(),
      requester: { id: 'U1', name: 'Dana Developer' },
      message: request.message,
    }));
    this.responders.set(incidentId, [...(this.responders.get(incidentId) ?? []), ...added]);
    // A failure after the request landed: the caller cannot tell it was sent.
    this.maybeFail('addResponders:after');
  }

  async merge(targetIncidentId: string, sourceIncidentIds: string[]): Promise<void> {
    this.maybeFail('merge');
    this.writes.push(`merge ${sourceIncidentIds.join(',')} into ${targetIncidentId}`);
    for (const id of sourceIncidentIds) if (this.incidents.has(id)) this.update(id, { status: 'resolved' });
  }

  async getDirectory(): Promise<Directory> {
    this.reads.directory += 1;
    this.maybeFail('getDirectory');
    return this.directory;
  }

  async listOnCalls(): Promise<OnCall[]> {
    this.reads.oncalls += 1;
    this.maybeFail('listOnCalls');
    return this.oncalls;
  }

  async listIncidentTimes(sinceMs: number): Promise<IncidentTimes[]> {
    this.reads.incidentTimes += 1;
    this.incidentTimesSince.push(sinceMs);
    this.maybeFail('listIncidentTimes');
    return this.incidentTimes.filter((times) => times.triggeredAt >= sinceMs);
  }
}
