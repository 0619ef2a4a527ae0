/**
 * The ticketing system goes down while the on-call developer acts in the console (a real
 * `serve` process): the PagerDuty half of each action lands, the ticket half stays pending
 * with the system's error, the process is SIGKILLed and started again on the same data
 * directory, the system comes back, and every action ends up recorded exactly once in
 * both. Shared by the ServiceNow and the Jira Service Management tests.
 *
 * The host runs the automations, as a team's automation host would: every incident has its
 * ticket (alert fired -> ticket) before the system goes down, so the actions change
 * existing tickets. (Resolving an incident that has no ticket opens none: there would be
 * nothing to resolve.)
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Snapshot } from '../../../shared/contract';
import type { IncidentRecord, PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import type { TicketingBackend } from './ticketing-backends';
import {
  incidentManagerPolicyIds,
  injectFault,
  killHard,
  pagerDutyEnv,
  sendEvent,
  startHost,
  writeStubRenderer,
  writeWorkspaceFile,
} from './ticketing-harness';
import { waitFor } from '../../support/wait-for';

const NOTE = 'Rolled back release 4.2.1; error rate is back under 1%.';
const MAJOR_REASON = 'Card payments failing for every customer in the EU';
const RESOLUTION = 'Fixed by failing over to the standby database.';
/** How soon PagerDuty should have its half of all five actions, whatever the ticketing system does. */
const PAGING_HALF_DEADLINE_MS = 20_000;

export interface ScenarioTimings {
  pagingHalfMs: number;
  doneAfterKillMs: number;
  totalMs: number;
}

export async function ticketingDownAndRestart(
  root: string,
  pagerDuty: PagerDutySimulator,
  backend: TicketingBackend,
): Promise<ScenarioTimings> {
  const started = Date.now();
  const { state } = pagerDuty;
  const managerPolicyIds = incidentManagerPolicyIds(pagerDuty);
  expect(managerPolicyIds.length).toBeGreaterThan(0);
  const workspaceFile = writeWorkspaceFile(root, {
    name: `${backend.label} down`,
    incidentManagers: { escalationPolicyIds: managerPolicyIds },
    paging: { provider: 'pagerduty', baseUrl: pagerDuty.baseUrl, pollIntervalSeconds: 2 },
    ticketing: backend.workspaceTicketing(2),
    automations: { enabled: true },
  });
  const env = { ...pagerDutyEnv(pagerDuty, writeStubRenderer(root)), ...backend.env };
  const dataDir = join(root, 'data');
  const start = () => startHost({ root, workspaceFile, dataDir, automations: true, env });
  let host = await start();
  await waitFor('the first sync', async () => (await host.client.snapshot()).lastSyncAt, { timeoutMs: 20_000, everyMs: 250 });

  // Four incidents on four services, and a fifth service to reassign to.
  const services = state.services.filter((service) => backend.routingOf(service.id) && service.escalationPolicyId);
  expect(services.length).toBeGreaterThanOrEqual(5);
  const incidents: IncidentRecord[] = [];
  for (const [index, service] of services.slice(0, 4).entries()) {
    const dedupKey = `it-ticketing-down-${index}`;
    await sendEvent(pagerDuty, {
      routingKey: state.routingKeyFor(service.id),
      action: 'trigger',
      dedupKey,
      summary: `Payment API errors (${service.name})`,
    });
    const [incident] = state.listIncidents({ incidentKey: dedupKey });
    incidents.push(incident!);
  }
  const [acked, reassigned, major, resolved] = incidents as [IncidentRecord, IncidentRecord, IncidentRecord, IncidentRecord];
  const target = services.find(
    (service) => service.id !== reassigned.serviceId && service.escalationPolicyId !== reassigned.escalationPolicyId,
  );
  if (!target) throw new Error('The demo organisation has no second service with its own escalation policy');

  // The automations open a ticket for each, and the console shows them.
  await waitFor(
    'a ticket for every incident, shown in the console',
    async () => {
      const tickets = await Promise.all(incidents.map((incident) => backend.ticketsFor(incident.id)));
      const snapshot = await host.client.snapshot();
      return (
        tickets.every((list) => list.length === 1) &&
        incidents.every((incident) => snapshot.tickets.some((ticket) => ticket.pagingIncidentId === incident.id))
      );
    },
    { timeoutMs: 30_000, everyMs: 250 },
  );

  // The ticketing system goes down; the developer acts.
  await injectFault(backend.baseUrl, { kind: 'server-error', count: 1_000_000, status: 503 });
  const submitted = [
    await host.client.submit({ kind: 'acknowledge', incidentIds: [acked.id] }),
    await host.client.submit({ kind: 'addNote', incidentIds: [acked.id], content: NOTE }),
    await host.client.submit({ kind: 'reassign', incidentIds: [reassigned.id], to: { type: 'service', serviceId: target.id } }),
    await host.client.submit({ kind: 'declareMajor', incidentIds: [major.id], reason: MAJOR_REASON }),
    await host.client.submit({ kind: 'resolve', incidentIds: [resolved.id], note: RESOLUTION }),
  ];
  const submittedAt = Date.now();
  const p1 = state.getPriorityByName('P1');
  expect(p1).toBeDefined();

  // PagerDuty takes its half at once, whatever the ticketing system does (checked softly, so
  // that the rest of the scenario still runs and reports when this is slow).
  const pagingHalfLanded = () =>
    state.getIncident(acked.id)?.status === 'acknowledged' &&
    state.notesOf(state.getIncident(acked.id)!).some((note) => note.content.includes(NOTE)) &&
    state.getIncident(reassigned.id)?.escalationPolicyId === target.escalationPolicyId &&
    state.getIncident(major.id)?.priorityId === p1?.id &&
    (state.getIncident(major.id)?.responders?.length ?? 0) > 0 &&
    state.getIncident(resolved.id)?.status === 'resolved';
  await waitFor('the PagerDuty half of every action', pagingHalfLanded, { timeoutMs: 200_000, everyMs: 250 });
  const pagingHalfMs = Date.now() - submittedAt;
  expect
    .soft(
      pagingHalfMs,
      `ms until PagerDuty had its half of all five actions while ${backend.label} was down (later actions wait behind earlier ones' ${backend.label} retries)`,
    )
    .toBeLessThan(PAGING_HALF_DEADLINE_MS);

  // ...and the console shows each action pending, with the ticketing system's error.
  const mine = (snapshot: Snapshot) => submitted.map((record) => snapshot.actions.find((action) => action.id === record.id));
  const pending = await waitFor(`every action pending with a ${backend.label} error`, async () => mine(await host.client.snapshot()), {
    until: (actions) => actions.every((action) => action?.state === 'pending' && (action.lastError ?? '').includes(backend.label)),
    timeoutMs: 60_000,
    everyMs: 500,
  });
  // The note's ticket half waits behind the acknowledge's on the same incident (the ticket takes them in order); the rest met the 503s.
  for (const action of pending) {
    if (action?.id === submitted[1]!.id)
      expect(action?.lastError).toBe(`Waiting for an earlier action on this incident to reach ${backend.label}`);
    else expect(action?.lastError).toMatch(/503/);
  }

  // The process dies hard, starts again on the same data directory, and the system comes back.
  await killHard(host);
  const killedAt = Date.now();
  host = await start();
  await injectFault(backend.baseUrl, 'clear');
  await waitFor('every action done after the restart', async () => mine(await host.client.snapshot()), {
    until: (actions) => actions.every((action) => action?.state === 'done'),
    timeoutMs: 100_000,
    everyMs: 500,
    describe: (actions) =>
      `Last seen: ${(actions ?? [])
        .map(
          (action) =>
            `${action?.request.kind ?? 'missing'}: ${action?.state} (${action?.attempts} attempts; ${action?.lastError ?? 'no error'})`,
        )
        .join('; ')}`,
  });
  const doneAfterKillMs = Date.now() - killedAt;

  // The ticketing system: one ticket per incident, each change made once.
  const [ackedTicket, reassignedTicket, majorTicket, resolvedTicket] = await Promise.all(
    incidents.map(async (incident) => {
      const tickets = await backend.ticketsFor(incident.id);
      expect(tickets, `tickets of ${incident.id}`).toHaveLength(1);
      return tickets[0]!;
    }),
  );
  expect(await backend.linkedCount()).toBe(4);

  expect(ackedTicket).toMatchObject({ stage: 'in-progress', assigneeId: await backend.userIdByEmail(state.me.email) });
  expect(ackedTicket!.internalNotes.filter((note) => note.includes(NOTE))).toHaveLength(1);
  expect(reassignedTicket!.routing).toEqual(backend.routingOf(target.id));
  expect(majorTicket).toMatchObject({ topPriority: true, major: true });
  expect(majorTicket!.internalNotes.filter((note) => note.includes(MAJOR_REASON))).toHaveLength(1);
  expect(resolvedTicket).toMatchObject({ stage: 'resolved', closeCode: expect.stringMatching(/\S/) });
  expect(resolvedTicket!.closeNotes).toContain(RESOLUTION);

  // PagerDuty: each change made once, by the console's user.
  const me = state.me.id;
  const logOf = (incidentId: string, type: string) =>
    state
      .logEntriesOf(state.getIncident(incidentId)!)
      .filter((entry) => entry.type === type && entry.agent?.type === 'user' && entry.agent.id === me);
  const notesOf = (incidentId: string, text: string) =>
    state.notesOf(state.getIncident(incidentId)!).filter((note) => note.content.includes(text));
  expect(logOf(acked.id, 'acknowledge_log_entry')).toHaveLength(1);
  expect(notesOf(acked.id, NOTE)).toHaveLength(1);
  expect(logOf(reassigned.id, 'assign_log_entry')).toHaveLength(1);
  expect(state.getIncident(reassigned.id)?.escalationPolicyId).toBe(target.escalationPolicyId);
  expect(state.getIncident(major.id)?.priorityId).toBe(p1?.id);
  expect(logOf(major.id, 'responder_request_log_entry')).toHaveLength(1);
  const requests = state.getIncident(major.id)?.responderRequests ?? [];
  expect(requests).toHaveLength(1);
  expect(requests[0]!.targets.map((target) => target.id).sort()).toEqual([...managerPolicyIds].sort());
  expect(requests[0]!.message).toContain(MAJOR_REASON);
  expect(state.getIncident(resolved.id)?.status).toBe('resolved');
  expect(logOf(resolved.id, 'resolve_log_entry')).toHaveLength(1);
  expect(notesOf(resolved.id, RESOLUTION)).toHaveLength(1);

  await killHard(host);
  return { pagingHalfMs, doneAfterKillMs, totalMs: Date.now() - started };
}
