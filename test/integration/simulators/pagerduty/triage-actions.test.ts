// Triage writes beyond acknowledge/resolve: reassign to another escalation policy, bulk field changes,
// snooze (and the re-trigger when it runs out, on the simulator's clock), responder requests, merge,
// and the /oncalls filter the console's escalation path uses.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { pd, type WireIncident, type WireLogEntry } from './pd-http';

let sim: PagerDutySimulator;
let clock = Date.parse('2026-11-26T10:00:00Z');
beforeEach(async () => {
  clock = Date.parse('2026-11-26T10:00:00Z');
  sim = await startPagerDutySimulator({ seedIncidents: 40, seed: 5, now: () => clock });
});
afterEach(async () => {
  await sim.close();
});

function openIds(status: 'triggered' | 'acknowledged', count: number): string[] {
  const ids = sim.state
    .listIncidents({ statuses: [status] })
    .slice(0, count)
    .map((incident) => incident.id);
  expect(ids).toHaveLength(count);
  return ids;
}

async function logEntries(id: string): Promise<WireLogEntry[]> {
  return (await pd<{ log_entries: WireLogEntry[] }>(sim, `/incidents/${id}/log_entries?limit=100`)).body.log_entries;
}

async function acknowledge(id: string): Promise<void> {
  const response = await pd(sim, `/incidents/${id}`, { body: { incident: { type: 'incident_reference', status: 'acknowledged' } } });
  expect(response.status).toBe(200);
}

const policyByName = (name: string) => sim.state.escalationPolicies.find((policy) => policy.name === name)!;

describe('reassigning to another escalation policy', () => {
  it('moves the assignments to the new policy level-1 on-call and files the incident under its team', async () => {
    const [id] = openIds('triggered', 1);
    const current = sim.state.getIncident(id!)!.escalationPolicyId;
    const target = sim.state.escalationPolicies.find((policy) => policy.id !== current && policy.name !== 'Incident Managers')!;
    const response = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', escalation_policy: { id: target.id, type: 'escalation_policy_reference' } } },
    });
    expect(response.status).toBe(200);
    expect(response.body.incident.escalation_policy.id).toBe(target.id);
    const levelOne = sim.state.oncallUserIds(target.id, 1);
    expect(levelOne.length).toBeGreaterThan(0);
    expect(response.body.incident.assignments.map((a) => a.assignee.id)).toEqual(levelOne);
    expect(response.body.incident.teams.map((team) => team.id)).toEqual(target.teamIds);
    const [latest] = (await logEntries(id!)).filter((entry) => entry.type !== 'notify_log_entry');
    expect(latest).toMatchObject({
      type: 'assign_log_entry',
      assignees: levelOne.map((userId) => expect.objectContaining({ id: userId })),
    });
  });

  it('refuses assignments and escalation_policy together, and an unknown policy', async () => {
    const [id] = openIds('triggered', 1);
    const policy = sim.state.escalationPolicies[0]!;
    const both = await pd<{ error: { errors: string[] } }>(sim, `/incidents/${id}`, {
      body: {
        incident: {
          type: 'incident_reference',
          escalation_policy: { id: policy.id, type: 'escalation_policy_reference' },
          assignments: [{ assignee: { id: sim.state.me.id, type: 'user_reference' } }],
        },
      },
    });
    expect(both.status).toBe(400);
    expect(both.body.error.errors.join(' ')).toContain('assignments and escalation_policy');
    const unknown = await pd(sim, `/incidents/${id}`, {
      body: { incident: { type: 'incident_reference', escalation_policy: { id: 'PNOPE00', type: 'escalation_policy_reference' } } },
    });
    expect(unknown.status).toBe(400);
  });
});

describe('PUT /incidents with field changes', () => {
  it('changes urgency, priority and assignees of many incidents in one call, with the log entries PagerDuty writes', async () => {
    const ids = openIds('triggered', 3);
    const p2 = sim.state.getPriorityByName('P2')!;
    const victor = sim.state.getUserByEmail('victor.alvarez@example.com')!;
    const wasHigh = new Set(ids.filter((id) => sim.state.getIncident(id)!.urgency === 'high'));
    const response = await pd<{ incidents: WireIncident[] }>(sim, '/incidents', {
      body: {
        incidents: ids.map((id) => ({
          id,
          type: 'incident_reference',
          urgency: 'low',
          priority: { id: p2.id, type: 'priority_reference' },
          assignments: [{ assignee: { id: victor.id, type: 'user_reference' } }],
        })),
      },
    });
    expect(response.status).toBe(200);
    for (const id of ids) {
      const record = sim.state.getIncident(id)!;
      expect(record).toMatchObject({ urgency: 'low', priorityId: p2.id, assignments: [expect.objectContaining({ userId: victor.id })] });
      const types = (await logEntries(id)).map((entry) => entry.type);
      expect(types).toContain('assign_log_entry');
      // Priority changes write no log entry (as in PagerDuty); urgency only when it changed.
      expect(types.includes('urgency_change_log_entry')).toBe(wasHigh.has(id));
    }
    const cleared = await pd<{ incidents: WireIncident[] }>(sim, '/incidents', {
      body: { incidents: ids.map((id) => ({ id, type: 'incident_reference', priority: null })) },
    });
    expect(cleared.body.incidents.every((incident) => incident.priority === null)).toBe(true);
  });
});

describe('POST /incidents/{id}/snooze', () => {
  it('refuses to snooze an incident that is not acknowledged', async () => {
    const [id] = openIds('triggered', 1);
    const response = await pd<{ error: { message: string; code: number; errors: string[] } }>(sim, `/incidents/${id}/snooze`, {
      method: 'POST',
      body: { duration: 3600 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ message: 'Invalid Input Provided', code: 2001 });
    expect(response.body.error.errors.join(' ')).toMatch(/acknowledged/);
    expect(sim.state.getIncident(id!)!.status).toBe('triggered');
  });

  it('validates the duration and needs a From header', async () => {
    const [id] = openIds('triggered', 1);
    await acknowledge(id!);
    for (const duration of [0, 604_801, 1.5, '3600']) {
      expect((await pd(sim, `/incidents/${id}/snooze`, { method: 'POST', body: { duration } })).status).toBe(400);
    }
    expect((await pd(sim, `/incidents/${id}/snooze`, { method: 'POST', body: { duration: 60 }, from: null })).status).toBe(400);
    expect((await pd(sim, '/incidents/QNOPE0000000000/snooze', { method: 'POST', body: { duration: 60 } })).status).toBe(404);
  });

  it('snoozes an acknowledged incident, which re-triggers when the time runs out', async () => {
    const [id] = openIds('triggered', 1);
    await acknowledge(id!);
    const snoozed = await pd<{ incident: WireIncident & { pending_actions: { type: string; at: string }[] } }>(
      sim,
      `/incidents/${id}/snooze`,
      {
        method: 'POST',
        body: { duration: 3600 },
      },
    );
    expect(snoozed.status).toBe(201);
    expect(snoozed.body.incident.status).toBe('acknowledged');
    expect(snoozed.body.incident.pending_actions).toEqual([
      { type: 'unacknowledge', at: new Date(clock + 3_600_000).toISOString().replace('.000', '') },
    ]);
    const [entry] = await logEntries(id!);
    expect(entry).toMatchObject({ type: 'snooze_log_entry', summary: expect.stringContaining('1 hour') });

    clock += 3_599_000;
    expect((await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`)).body.incident.status).toBe('acknowledged');
    clock += 2_000;
    const woken = await pd<{ incident: WireIncident }>(sim, `/incidents/${id}`);
    expect(woken.body.incident.status).toBe('triggered');
    expect(woken.body.incident.acknowledgements).toEqual([]);
    const unack = (await logEntries(id!)).find((each) => each.type === 'unacknowledge_log_entry');
    expect(unack).toMatchObject({
      agent: null,
      channel: { type: 'timeout' },
      created_at: new Date(clock - 1_000).toISOString().replace('.000', ''),
    });
  });

  it('ends the snooze when the incident is resolved or acknowledged again', async () => {
    const [a, b] = openIds('triggered', 2);
    for (const id of [a!, b!]) {
      await acknowledge(id);
      expect((await pd(sim, `/incidents/${id}/snooze`, { method: 'POST', body: { duration: 60 } })).status).toBe(201);
    }
    await pd(sim, `/incidents/${a}`, { body: { incident: { type: 'incident_reference', status: 'resolved' } } });
    await acknowledge(b!);
    clock += 120_000;
    expect((await pd<{ incident: WireIncident }>(sim, `/incidents/${a}`)).body.incident.status).toBe('resolved');
    expect((await pd<{ incident: WireIncident }>(sim, `/incidents/${b}`)).body.incident.status).toBe('acknowledged');
  });
});

describe('POST /incidents/{id}/responder_requests', () => {
  interface WireResponder {
    state: string;
    user: { id: string };
    requester: { id: string };
    message: string;
    escalation_policy_requests: string[];
  }

  it('adds users and the on-call of an escalation policy as pending responders', async () => {
    const [id] = openIds('triggered', 1);
    const mei = sim.state.getUserByEmail('mei.tanaka@example.com')!;
    const managers = policyByName('Incident Managers');
    const response = await pd<{ responder_request: { requester: { id: string }; message: string; responder_request_targets: unknown[] } }>(
      sim,
      `/incidents/${id}/responder_requests`,
      {
        method: 'POST',
        from: null, // The document lists no From header here: requester_id names the requester.
        body: {
          requester_id: sim.state.me.id,
          message: 'Database failover needed, join the bridge',
          responder_request_targets: [
            { responder_request_target: { id: mei.id, type: 'user_reference' } },
            { responder_request_target: { id: managers.id, type: 'escalation_policy_reference' } },
          ],
        },
      },
    );
    expect(response.status).toBe(200);
    expect(response.body.responder_request).toMatchObject({
      requester: { id: sim.state.me.id },
      message: 'Database failover needed, join the bridge',
    });
    expect(response.body.responder_request.responder_request_targets).toHaveLength(2);

    const incident = (await pd<{ incident: { incidents_responders: WireResponder[] } }>(sim, `/incidents/${id}`)).body.incident;
    const onDuty = sim.state.oncallUserIds(managers.id, 1);
    expect(incident.incidents_responders.map((responder) => responder.user.id).sort()).toEqual([mei.id, ...onDuty].sort());
    expect(
      incident.incidents_responders.every((responder) => responder.state === 'pending' && responder.requester.id === sim.state.me.id),
    ).toBe(true);
    expect(incident.incidents_responders.find((responder) => responder.user.id === onDuty[0])?.escalation_policy_requests).toEqual([
      'Incident Managers',
    ]);
    const [entry] = (await logEntries(id!)).filter((each) => each.type !== 'notify_log_entry');
    expect(entry).toMatchObject({
      type: 'responder_request_log_entry',
      agent: { id: sim.state.me.id },
      note: 'Database failover needed, join the bridge',
    });
  });

  it('refuses an unknown requester, no targets, and a resolved incident', async () => {
    const [id, other] = openIds('triggered', 2);
    const target = [{ responder_request_target: { id: sim.state.me.id, type: 'user_reference' } }];
    const noRequester = await pd(sim, `/incidents/${id}/responder_requests`, {
      method: 'POST',
      body: { requester_id: 'PNOBODY', message: 'help', responder_request_targets: target },
    });
    expect(noRequester.status).toBe(400);
    const noTargets = await pd(sim, `/incidents/${id}/responder_requests`, {
      method: 'POST',
      body: { requester_id: sim.state.me.id, message: 'help', responder_request_targets: [] },
    });
    expect(noTargets.status).toBe(400);
    await pd(sim, `/incidents/${other}`, { body: { incident: { type: 'incident_reference', status: 'resolved' } } });
    const resolved = await pd<{ error: { message: string } }>(sim, `/incidents/${other}/responder_requests`, {
      method: 'POST',
      body: { requester_id: sim.state.me.id, message: 'help', responder_request_targets: target },
    });
    expect(resolved.status).toBe(400);
    expect(resolved.body.error.message).toBe('Incident Already Resolved');
  });
});

describe('PUT /incidents/{id}/merge', () => {
  it('moves the sources alerts to the target and resolves the sources', async () => {
    const withAlerts = sim.state
      .listIncidents({ statuses: ['triggered', 'acknowledged'] })
      .filter((incident) => incident.alertIds.length > 0);
    const [target, a, b] = withAlerts;
    expect(b).toBeDefined();
    const moving = [...a!.alertIds, ...b!.alertIds];
    const before = target!.alertIds.length;
    const response = await pd<{ incident: { id: string; type: string } }>(sim, `/incidents/${target!.id}/merge`, {
      body: { source_incidents: [a!, b!].map((each) => ({ id: each.id, type: 'incident_reference' })) },
    });
    expect(response.status).toBe(200);
    expect(response.body.incident).toMatchObject({ id: target!.id, type: 'incident_reference' });
    expect(sim.state.getIncident(a!.id)!.status).toBe('resolved');
    expect(sim.state.getIncident(b!.id)!.status).toBe('resolved');
    const alerts = (await pd<{ alerts: { id: string; incident: { id: string } }[] }>(sim, `/incidents/${target!.id}/alerts?limit=100`)).body
      .alerts;
    expect(alerts).toHaveLength(before + moving.length);
    expect(alerts.map((alert) => alert.id)).toEqual(expect.arrayContaining(moving));
    expect(alerts.every((alert) => alert.incident.id === target!.id)).toBe(true);
    const [entry] = await logEntries(a!.id);
    expect(entry).toMatchObject({ type: 'resolve_log_entry', summary: expect.stringContaining(`merged into #${target!.number}`) });
    expect((await pd<{ alerts: unknown[] }>(sim, `/incidents/${a!.id}/alerts`)).body.alerts).toEqual([]);
  });

  it('refuses a resolved target, a resolved source, the target itself and an unknown source', async () => {
    const [target, source, done] = openIds('triggered', 3);
    await pd(sim, `/incidents/${done}`, { body: { incident: { type: 'incident_reference', status: 'resolved' } } });
    const merge = (into: string, from: string[]) =>
      pd<{ error: { message: string; errors?: string[] } }>(sim, `/incidents/${into}/merge`, {
        body: { source_incidents: from.map((id) => ({ id, type: 'incident_reference' })) },
      });
    expect((await merge(done!, [source!])).status).toBe(400);
    expect((await merge(target!, [done!])).body.error.message).toBe('Incident Already Resolved');
    expect((await merge(target!, [target!])).status).toBe(400);
    expect((await merge(target!, ['QNOPE0000000000'])).status).toBe(400);
    expect((await merge(target!, [])).status).toBe(400);
    expect(sim.state.getIncident(source!)!.status).toBe('triggered');
  });
});

describe('GET /oncalls by escalation policy', () => {
  it('lists who is on call at each level of the policies asked for, and only those', async () => {
    const policy = sim.state.escalationPolicies[0]!;
    const response = await pd<{ oncalls: { escalation_policy: { id: string }; escalation_level: number; user: { id: string } }[] }>(
      sim,
      `/oncalls?escalation_policy_ids[]=${policy.id}&earliest=true&limit=100`,
    );
    expect(response.status).toBe(200);
    expect(new Set(response.body.oncalls.map((oncall) => oncall.escalation_policy.id))).toEqual(new Set([policy.id]));
    for (let level = 1; level <= policy.rules.length; level++) {
      const users = response.body.oncalls.filter((oncall) => oncall.escalation_level === level).map((oncall) => oncall.user.id);
      expect(users.sort()).toEqual([...sim.state.oncallUserIds(policy.id, level)].sort());
    }
  });
});
