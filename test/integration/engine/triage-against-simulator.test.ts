/**
 * Every triage action through the engine, the real PagerDuty provider and the simulator
 * over real HTTP, checking the simulator's state after each; bulk actions in as few calls
 * as PagerDuty allows (250 incidents a PUT); and the directory and on-call reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../shared/contract';
import { splitBulk, type ActionRecord, type ActionRequest } from '../../../shared/domain/action';
import { type Engine } from '../../../electron/engine/engine';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { waitFor } from '../../support/wait-for';

const TOKEN = 'integration-test-token';

describe('triage actions: engine + PagerDuty provider + simulator', () => {
  let simulator: PagerDutySimulator;
  let engine: Engine;
  let outbox: Outbox;
  const events: ConsoleEvent[] = [];
  let imPolicyId: string;

  beforeAll(async () => {
    simulator = await startPagerDutySimulator({ seedIncidents: 480, seed: 11 });
    imPolicyId = simulator.state.escalationPolicies.find((policy) => policy.name === 'Incident Managers')!.id;
    outbox = new Outbox(':memory:', systemClock);
    const provider = createPagerDutyProvider({
      baseUrl: simulator.baseUrl,
      token: TOKEN,
      from: simulator.state.me.email,
      scope: {},
      timeoutMs: 2_000,
      maxRetries: 1,
    });
    engine = createEngine({
      paging: provider,
      outbox,
      clock: systemClock,
      workspace: { name: 'Integration', demo: false, me: null, pollIntervalMs: 60_000 },
      reconcileIntervalMs: 10 * 60_000,
      actionBackoff: { baseMs: 50, capMs: 300 },
      incidentManagerPolicyIds: [imPolicyId],
    });
    engine.onEvent((event) => events.push(event));
    engine.start();
    await engine.ready();
  }, 30_000);

  afterAll(async () => {
    await engine?.stop();
    outbox?.close();
    await simulator?.close();
  });

  async function run(request: ActionRequest): Promise<ActionRecord> {
    const { id } = await engine.submitAction(request);
    const settled = await waitFor(
      `${request.kind} to settle`,
      () =>
        events.flatMap((e) =>
          e.name === 'actionChanged' && e.payload.id === id && e.payload.state !== 'pending' ? [e.payload as ActionRecord] : [],
        )[0],
    );
    expect(settled.lastError).toBeNull();
    expect(settled.state).toBe('done');
    return settled;
  }

  /** Open incidents nobody has touched in this file yet. */
  const used = new Set<string>();
  function fresh(count: number, ...statuses: Array<'triggered' | 'acknowledged'>): string[] {
    const ids = simulator.state
      .listIncidents({ statuses: statuses.length ? statuses : ['triggered'] })
      .map((incident) => incident.id)
      .filter((id) => !used.has(id))
      .slice(0, count);
    expect(ids).toHaveLength(count);
    ids.forEach((id) => used.add(id));
    return ids;
  }

  const writes = (path: string) => simulator.requests.filter((request) => request.method !== 'GET' && request.path === path);
  const sentIds = (path: string) =>
    writes(path).flatMap((request) => (JSON.parse(request.body!) as { incidents: Array<{ id: string }> }).incidents.map((item) => item.id));

  it('reassigns 260 incidents to a person in 2 PUT /incidents calls (two actions of at most 250), each incident exactly once', async () => {
    const ids = fresh(260, 'triggered', 'acknowledged');
    const victor = simulator.state.getUserByEmail('victor.alvarez@example.com')!;
    simulator.resetRequestLog();
    const parts = splitBulk({ kind: 'reassign', incidentIds: ids, to: { type: 'users', userIds: [victor.id] } });
    expect(parts.map((part) => part.incidentIds.length)).toEqual([250, 10]);
    await Promise.all(parts.map(run));
    expect(writes('/incidents')).toHaveLength(2);
    expect(sentIds('/incidents').sort()).toEqual([...ids].sort());
    expect(
      ids.every(
        (id) =>
          simulator.state
            .getIncident(id)!
            .assignments.map((a) => a.userId)
            .join() === victor.id,
      ),
    ).toBe(true);
  });

  it('refuses one action on more than 250 incidents, saying what to do', async () => {
    const ids = simulator.state
      .listIncidents({ statuses: ['triggered'] })
      .slice(0, 251)
      .map((incident) => incident.id);
    const error = await engine.submitAction({ kind: 'acknowledge', incidentIds: ids }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('At most 250 incidents at once') });
  });

  it('acknowledges exactly the 300 selected incidents in 2 calls, and no other', async () => {
    const ids = simulator.state
      .listIncidents({ statuses: ['triggered'] })
      .slice(0, 300)
      .map((incident) => incident.id);
    expect(ids).toHaveLength(300);
    const untouched = simulator.state
      .listIncidents({ statuses: ['triggered'] })
      .slice(300)
      .map((incident) => incident.id);
    simulator.resetRequestLog();
    await Promise.all(splitBulk({ kind: 'acknowledge', incidentIds: ids }).map(run));
    expect(writes('/incidents')).toHaveLength(2);
    expect(sentIds('/incidents').sort()).toEqual([...ids].sort());
    expect(ids.every((id) => simulator.state.getIncident(id)!.status === 'acknowledged')).toBe(true);
    expect(untouched.every((id) => simulator.state.getIncident(id)!.status === 'triggered')).toBe(true);
  });

  it('reassigns to another escalation policy: its level-1 on-call is assigned', async () => {
    const [id] = fresh(1, 'acknowledged');
    await run({ kind: 'reassign', incidentIds: [id!], to: { type: 'escalationPolicy', escalationPolicyId: imPolicyId } });
    const incident = simulator.state.getIncident(id!)!;
    expect(incident.escalationPolicyId).toBe(imPolicyId);
    expect(incident.status).toBe('triggered');
    expect(incident.assignments.map((a) => a.userId)).toEqual(simulator.state.oncallUserIds(imPolicyId, 1));
    // The queue shows it after the poll that follows the action.
    await waitFor(
      'the queue to show the new escalation policy',
      async () => (await engine.getSnapshot()).incidents.find((i) => i.id === id)?.escalationPolicy?.id === imPolicyId,
    );
  });

  it('escalates to a level of the incident policy', async () => {
    const [id] = fresh(1);
    await run({ kind: 'escalate', incidentIds: [id!], level: 2 });
    const incident = simulator.state.getIncident(id!)!;
    expect(incident.escalationLevel).toBe(2);
    expect(incident.assignments.map((a) => a.userId)).toEqual(simulator.state.oncallUserIds(incident.escalationPolicyId, 2));
    const detail = await engine.getIncidentDetail({ incidentId: id! });
    expect(detail.escalation?.policy.id).toBe(incident.escalationPolicyId);
    expect(detail.escalation?.levels).toHaveLength(simulator.state.getEscalationPolicy(incident.escalationPolicyId)!.rules.length);
    expect(detail.escalation?.currentLevel).toBe(2);
  });

  it('changes priority (no log entry in PagerDuty, still shown right after) and urgency', async () => {
    const ids = fresh(3);
    const p1 = simulator.state.getPriorityByName('P1')!;
    await run({ kind: 'setPriority', incidentIds: ids, priorityId: p1.id });
    expect(ids.every((id) => simulator.state.getIncident(id)!.priorityId === p1.id)).toBe(true);
    await waitFor(
      'the queue to show the three at P1',
      async () => (await engine.getSnapshot()).incidents.filter((i) => ids.includes(i.id) && i.priority?.name === 'P1').length === 3,
    );

    await run({ kind: 'setPriority', incidentIds: ids, priorityId: null });
    expect(ids.every((id) => simulator.state.getIncident(id)!.priorityId === null)).toBe(true);

    await run({ kind: 'setUrgency', incidentIds: ids, urgency: 'low' });
    expect(ids.every((id) => simulator.state.getIncident(id)!.urgency === 'low')).toBe(true);
    await waitFor(
      'the queue to show the three at low urgency',
      async () => (await engine.getSnapshot()).incidents.filter((i) => ids.includes(i.id) && i.urgency === 'low').length === 3,
    );
  });

  it('snoozes acknowledged incidents with one POST each, and refuses a triggered one by name', async () => {
    const acked = fresh(2, 'acknowledged');
    simulator.resetRequestLog();
    await run({ kind: 'snooze', incidentIds: acked, durationSeconds: 3600 });
    expect(
      simulator.requests
        .filter((request) => request.path.endsWith('/snooze'))
        .map((request) => request.path)
        .sort(),
    ).toEqual(acked.map((id) => `/incidents/${id}/snooze`).sort());
    for (const id of acked) expect(simulator.state.getIncident(id)!.snoozedUntil).toBeGreaterThan(Date.now() + 3_500_000);

    const [triggered] = fresh(1);
    const { id } = await engine.submitAction({ kind: 'snooze', incidentIds: [triggered!], durationSeconds: 600 });
    const failed = await waitFor('the snooze of a triggered incident to fail', () =>
      events.find((e) => e.name === 'actionChanged' && e.payload.id === id && e.payload.state === 'failed'),
    );
    expect(failed.name === 'actionChanged' && failed.payload.lastError).toMatch(new RegExp(`${triggered}: .*acknowledged`));
  });

  it('adds responders: a person and the incident managers on duty', async () => {
    const [id] = fresh(1);
    const mei = simulator.state.getUserByEmail('mei.tanaka@example.com')!;
    await run({
      kind: 'addResponders',
      incidentIds: [id!],
      userIds: [mei.id],
      escalationPolicyIds: [imPolicyId],
      message: 'Failover needed, join the bridge',
    });
    const responders = simulator.state.getIncident(id!)!.responders ?? [];
    expect(responders.map((r) => r.userId).sort()).toEqual([mei.id, ...simulator.state.oncallUserIds(imPolicyId, 1)].sort());
    const detail = await engine.getIncidentDetail({ incidentId: id! });
    expect(detail.responders.map((r) => r.user.id)).toContain(mei.id);
    expect(detail.responders[0]).toMatchObject({
      state: 'pending',
      message: 'Failover needed, join the bridge',
      requester: { id: simulator.state.me.id },
    });
  });

  it('merges incidents: the sources resolve and their alerts move to the target', async () => {
    const candidates = simulator.state
      .listIncidents({ statuses: ['triggered'] })
      .filter((incident) => !used.has(incident.id) && incident.alertIds.length > 0);
    const [target, source] = candidates;
    used.add(target!.id).add(source!.id);
    const moving = [...source!.alertIds];
    await run({ kind: 'merge', incidentIds: [source!.id], targetIncidentId: target!.id });
    expect(simulator.state.getIncident(source!.id)!.status).toBe('resolved');
    expect(simulator.state.getIncident(target!.id)!.alertIds).toEqual(expect.arrayContaining(moving));
    await waitFor(
      'the merged source to leave the queue',
      async () => !(await engine.getSnapshot()).incidents.some((i) => i.id === source!.id),
    );
  });

  it('reads the directory (with service kinds by the description convention) and who is on call', async () => {
    const directory = await engine.getDirectory();
    expect(directory.users).toHaveLength(simulator.state.users.length);
    expect(directory.users.find((user) => user.id === simulator.state.me.id)?.contactMethods.map((method) => method.type)).toEqual(
      expect.arrayContaining(['email', 'phone', 'sms', 'push']),
    );
    const kinds = { digital: 'digital-service', cots: 'cots-application', foundational: 'foundational-system' } as const;
    expect(directory.services.map((service) => [service.name, service.kind])).toEqual(
      simulator.state.services.map((service) => [service.name, kinds[service.kind]]),
    );
    expect(directory.escalationPolicies.find((policy) => policy.id === imPolicyId)?.levels.length).toBe(
      simulator.state.getEscalationPolicy(imPolicyId)!.rules.length,
    );
    expect(directory.priorities.map((priority) => priority.name)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);

    const { oncalls, incidentManagerPolicyIds } = await engine.getOnCalls();
    expect(incidentManagerPolicyIds).toEqual([imPolicyId]);
    const managersOnDuty = oncalls
      .filter((oncall) => oncall.escalationPolicy.id === imPolicyId && oncall.level === 1)
      .map((oncall) => oncall.user.id);
    expect(managersOnDuty).toEqual(simulator.state.oncallUserIds(imPolicyId, 1));
    expect(new Set(oncalls.map((oncall) => oncall.escalationPolicy.id))).toEqual(
      new Set(simulator.state.escalationPolicies.map((policy) => policy.id)),
    );
  });
});
