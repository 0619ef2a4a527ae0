// Writes to incidents: acknowledge, resolve, reassign, escalate, notes, bulk updates (250 at most) and create,
// each visible in the next read and in the incident's log entries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { DANA, pd, type WireIncident, type WireLogEntry } from './pd-http';

let sim: PagerDutySimulator;
beforeEach(async () => {
  sim = await startPagerDutySimulator({ seedIncidents: 300, seed: 3 });
});
afterEach(async () => {
  await sim.close();
});

function triggeredIds(count: number): string[] {
  return sim.state
    .listIncidents({ statuses: ['triggered'] })
    .slice(0, count)
    .map((incident) => incident.id);
}

async function logTypes(id: string): Promise<string[]> {
  const response = await pd<{ log_entries: WireLogEntry[] }>(sim, `/incidents/${id}/log_entries?limit=100`);
  return response.body.log_entries.map((entry) => entry.type);
}

describe('PUT /incidents/{id}', () => {
  it('acknowledges, then resolves, and refuses to resolve twice', async () => {
    const [id] = triggeredIds(1);
    const ack = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', status: 'acknowledged' } },
    });
    expect(ack.status).toBe(200);
    expect(ack.body.incident.status).toBe('acknowledged');
    expect(ack.body.incident.acknowledgements[0]!.acknowledger.id).toBe(sim.state.me.id);
    expect((await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`)).body.incident.status).toBe('acknowledged');
    expect(await logTypes(id!)).toContain('acknowledge_log_entry');

    const resolved = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', status: 'resolved', resolution: 'Restarted the pods' } },
    });
    expect(resolved.body.incident.status).toBe('resolved');
    expect(resolved.body.incident.assignments).toEqual([]);
    const entries = (await pd<{ log_entries: WireLogEntry[] }>(sim, `/incidents/${id}/log_entries`)).body.log_entries;
    expect(entries[0]).toMatchObject({
      type: 'resolve_log_entry',
      note: 'Restarted the pods',
      agent: { id: sim.state.me.id, type: 'user_reference' },
    });
    const open = await pd<{ incidents: WireIncident[] }>(
      sim,
      '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=100&total=true',
    );
    expect(open.body.incidents.some((incident) => incident.id === id)).toBe(false);

    const again = await pd<{ error: { message: string } }>(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', status: 'resolved' } },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe('Incident Already Resolved');
  });

  it('reassigns, escalates, changes urgency and priority', async () => {
    const [id] = triggeredIds(1);
    const victor = sim.state.getUserByEmail('victor.alvarez@example.com')!;
    const assigned = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', assignments: [{ assignee: { id: victor.id, type: 'user_reference' } }] } },
    });
    expect(assigned.body.incident.assignments.map((a) => a.assignee.id)).toEqual([victor.id]);
    const escalated = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', escalation_level: 3 } },
    });
    expect(escalated.status).toBe(200);
    const incidentManagers = sim.state.oncallUserIds(escalated.body.incident.escalation_policy.id, 3);
    expect(escalated.body.incident.assignments.map((a) => a.assignee.id)).toEqual(incidentManagers);
    expect((await pd(sim, `/incidents/${id}`, { body: { incident: { type: 'incident_reference', escalation_level: 9 } } })).status).toBe(
      400,
    );

    const p1 = sim.state.getPriorityByName('P1')!;
    const urgency = escalated.body.incident.urgency === 'high' ? 'low' : 'high';
    const changed = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', urgency, priority: { id: p1.id, type: 'priority_reference' } } },
    });
    expect(changed.body.incident.urgency).toBe(urgency);
    expect(changed.body.incident.priority).toMatchObject({ id: p1.id, summary: 'P1' });
    const types = await logTypes(id!);
    expect(types).toEqual(
      expect.arrayContaining(['assign_log_entry', 'escalate_log_entry', 'urgency_change_log_entry', 'trigger_log_entry']),
    );
  });

  it('validates the body and names what to fix', async () => {
    const [id] = triggeredIds(1);
    const noType = await pd<{ error: { errors: string[] } }>(sim, `/incidents/${id}`, { body: { incident: { status: 'acknowledged' } } });
    expect(noType.status).toBe(400);
    expect(noType.body.error.errors.join(' ')).toContain('type');
    expect((await pd(sim, `/incidents/${id}`, { body: { incident: { type: 'incident', status: 'sleeping' } } })).status).toBe(400);
    expect((await pd(sim, '/incidents/QNOPE0000000000', { body: { incident: { type: 'incident', status: 'acknowledged' } } })).status).toBe(
      404,
    );
  });
});

describe('PUT /incidents (bulk)', () => {
  it('updates up to 250 incidents in one call', async () => {
    const ids = sim.state
      .listIncidents({ statuses: ['triggered', 'acknowledged'] })
      .slice(0, 250)
      .map((incident) => incident.id);
    expect(ids).toHaveLength(250);
    const response = await pd<{ incidents: WireIncident[] }>(sim, '/incidents', {
      body: { incidents: ids.map((id) => ({ id, type: 'incident_reference', status: 'resolved' })) },
    });
    expect(response.status).toBe(200);
    expect(response.body.incidents).toHaveLength(250);
    expect(response.body.incidents.every((incident) => incident.status === 'resolved')).toBe(true);
    expect(ids.every((id) => sim.state.getIncident(id)?.status === 'resolved')).toBe(true);
    expect(sim.state.incidentCount('resolved')).toBe(250);
  });

  it('refuses more than 250 incidents and changes none of them', async () => {
    const ids = sim.state
      .listIncidents()
      .slice(0, 251)
      .map((incident) => incident.id);
    const before = ids.map((id) => sim.state.getIncident(id)?.status);
    const response = await pd<{ error: { errors: string[] } }>(sim, '/incidents', {
      body: { incidents: ids.map((id) => ({ id, type: 'incident_reference', status: 'resolved' })) },
    });
    expect(response.status).toBe(413);
    expect(response.body.error.errors.join(' ')).toContain('250');
    expect(ids.map((id) => sim.state.getIncident(id)?.status)).toEqual(before);
  });

  it('is all or nothing when one incident is already resolved', async () => {
    const [a, b] = triggeredIds(2);
    await pd(sim, `/incidents/${b}`, { body: { incident: { type: 'incident_reference', status: 'resolved' } } });
    const response = await pd(sim, '/incidents', {
      body: { incidents: [a, b].map((id) => ({ id, type: 'incident_reference', status: 'resolved' })) },
    });
    expect(response.status).toBe(400);
    expect(sim.state.getIncident(a!)?.status).toBe('triggered');
  });
});

describe('notes and create', () => {
  it('adds and lists notes, each with an annotate log entry', async () => {
    const [id] = triggeredIds(1);
    const added = await pd<{ note: { id: string; content: string; user: { id: string } } }>(sim, `/incidents/${id}/notes`, {
      method: 'POST',
      body: { note: { content: 'Rolled back release 42' } },
    });
    expect(added.status).toBe(200);
    expect(added.body.note).toMatchObject({ content: 'Rolled back release 42', user: { id: sim.state.me.id } });
    const listed = await pd<{ notes: { id: string }[] }>(sim, `/incidents/${id}/notes`);
    expect(listed.body.notes.map((note) => note.id)).toEqual([added.body.note.id]);
    expect(await logTypes(id!)).toContain('annotate_log_entry');
    expect((await pd(sim, `/incidents/${id}/notes`, { method: 'POST', body: { note: { content: '   ' } } })).status).toBe(400);
  });

  it('creates an incident with POST /incidents and refuses a duplicate open incident_key', async () => {
    const service = sim.state.getServiceByName('Checkout Web')!;
    const body = {
      incident: {
        type: 'incident',
        title: 'Checkout broken for tenant acme',
        service: { id: service.id, type: 'service_reference' },
        urgency: 'high',
        incident_key: 'manual-1',
      },
    };
    const created = await pd<{ incident: WireIncident }>(sim, '/incidents', { method: 'POST', body, from: DANA });
    expect(created.status).toBe(201);
    expect(created.body.incident).toMatchObject({
      title: 'Checkout broken for tenant acme',
      status: 'triggered',
      urgency: 'high',
      incident_key: 'manual-1',
    });
    expect(created.body.incident.assignments.length).toBeGreaterThan(0);
    expect((await pd(sim, '/incidents', { method: 'POST', body })).status).toBe(400);
  });
});
