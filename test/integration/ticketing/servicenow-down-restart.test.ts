/**
 * ServiceNow goes down while the on-call developer acts in the console (a real `serve`
 * process): the PagerDuty half of each action lands, the ticket half stays pending with
 * ServiceNow's error, the process is SIGKILLed and started again on the same data
 * directory, ServiceNow comes back, and every action ends up recorded exactly once in
 * both systems.
 *
 * The host runs the automations, as a team's automation host would: every incident has its
 * ticket (alert fired -> ticket) before ServiceNow goes down, so the actions change
 * existing tickets. (Without a ticket, resolving in the console opens none: there would be
 * nothing to resolve.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/contract';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { demoServiceNowRoutingTable, startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { killAll } from '../cli/run-cli';
import {
  incidentManagerPolicyIds,
  injectFault,
  killHard,
  pagerDutyEnv,
  sendEvent,
  ServiceNowReader,
  startHost,
  until,
  writeStubRenderer,
  writeWorkspaceFile,
} from './ticketing-harness';

const SEED = 1;
const NOTE = 'Rolled back release 4.2.1; error rate is back under 1%.';
const MAJOR_REASON = 'Card payments failing for every customer in the EU';
const RESOLUTION = 'Fixed by failing over to the standby database.';
/** How soon PagerDuty should have its half of all five actions, whatever ServiceNow does. */
const PAGING_HALF_DEADLINE_MS = 20_000;

describe('ServiceNow down while acting, the console killed and restarted', () => {
  let root: string;
  let pagerDuty: PagerDutySimulator;
  let serviceNow: ServiceNowSimulator;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ticketing-servicenow-down-'));
    pagerDuty = await startPagerDutySimulator({ seed: SEED, seedIncidents: 0, demo: false });
    serviceNow = await startServiceNowSimulator({ seed: SEED });
  });

  afterAll(async () => {
    killAll();
    await Promise.all([pagerDuty?.close(), serviceNow?.close()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('records every action exactly once in PagerDuty and ServiceNow', async () => {
    const started = Date.now();
    const { state } = pagerDuty;
    const routing = demoServiceNowRoutingTable({ seed: SEED });
    const mapping = Object.entries(routing).map(([pagerDutyServiceId, route]) => ({
      pagerDutyServiceId,
      assignmentGroup: route.assignmentGroupId,
      businessService: route.businessServiceId,
      configurationItem: route.configurationItemId,
    }));
    const managerPolicyIds = incidentManagerPolicyIds(pagerDuty);
    expect(managerPolicyIds.length).toBeGreaterThan(0);
    const workspaceFile = writeWorkspaceFile(root, {
      name: 'ServiceNow down',
      incidentManagers: { escalationPolicyIds: managerPolicyIds },
      paging: { provider: 'pagerduty', baseUrl: pagerDuty.baseUrl, pollIntervalSeconds: 2 },
      ticketing: { provider: 'servicenow', instanceUrl: serviceNow.baseUrl, mapping, pollIntervalSeconds: 2 },
      automations: { enabled: true },
    });
    const env = { ...pagerDutyEnv(pagerDuty, writeStubRenderer(root)), SERVICENOW_USER: 'oncall.console', SERVICENOW_PASSWORD: 'x' };
    const dataDir = join(root, 'data');
    const start = () => startHost({ root, workspaceFile, dataDir, automations: true, env });
    let host = await start();
    await until('the first sync', async () => (await host.client.snapshot()).lastSyncAt, 20_000);

    // Four incidents on four services, and a fifth service to reassign to.
    const services = state.services.filter((service) => routing[service.id] && service.escalationPolicyId);
    expect(services.length).toBeGreaterThanOrEqual(5);
    const [acked, reassigned, major, resolved] = await Promise.all(
      services.slice(0, 4).map(async (service, index) => {
        const dedupKey = `it-servicenow-down-${index}`;
        await sendEvent(pagerDuty, { routingKey: state.routingKeyFor(service.id), action: 'trigger', dedupKey, summary: `Payment API errors (${service.name})` });
        const [incident] = state.listIncidents({ incidentKey: dedupKey });
        return incident!;
      }),
    );
    const incidents = [acked!, reassigned!, major!, resolved!];
    const target = services.find((service) => service.id !== reassigned!.serviceId && service.escalationPolicyId !== reassigned!.escalationPolicyId)!;
    expect(target).toBeDefined();

    // The automations open a ticket for each, and the console shows them.
    const reader = new ServiceNowReader(serviceNow.baseUrl);
    await until(
      'a ticket for every incident, shown in the console',
      async () => {
        const tickets = await Promise.all(incidents.map((incident) => reader.ticketsFor(incident.id)));
        const snapshot = await host.client.snapshot();
        return tickets.every((list) => list.length === 1) && incidents.every((incident) => snapshot.tickets.some((ticket) => ticket.pagingIncidentId === incident.id));
      },
      30_000,
    );

    // ServiceNow goes down; the developer acts.
    await injectFault(serviceNow.baseUrl, { kind: 'server-error', count: 1_000_000, status: 503 });
    const submitted = [
      await host.client.submit({ kind: 'acknowledge', incidentIds: [acked!.id] }),
      await host.client.submit({ kind: 'addNote', incidentIds: [acked!.id], content: NOTE }),
      await host.client.submit({ kind: 'reassign', incidentIds: [reassigned!.id], to: { type: 'service', serviceId: target.id } }),
      await host.client.submit({ kind: 'declareMajor', incidentIds: [major!.id], reason: MAJOR_REASON }),
      await host.client.submit({ kind: 'resolve', incidentIds: [resolved!.id], note: RESOLUTION }),
    ];
    const p1 = state.getPriorityByName('P1')!;

    // PagerDuty takes its half at once, ServiceNow or not (checked softly, so that the rest of
    // the scenario still runs and reports when this is slow).
    const pagingHalfLanded = () =>
      state.getIncident(acked!.id)?.status === 'acknowledged' &&
      state.notesOf(state.getIncident(acked!.id)!).some((note) => note.content.includes(NOTE)) &&
      state.getIncident(reassigned!.id)?.escalationPolicyId === target.escalationPolicyId &&
      state.getIncident(major!.id)?.priorityId === p1.id &&
      (state.getIncident(major!.id)?.responders?.length ?? 0) > 0 &&
      state.getIncident(resolved!.id)?.status === 'resolved';
    const submittedAt = Date.now();
    await until('the PagerDuty half of every action', pagingHalfLanded, 150_000);
    const pagingHalfMs = Date.now() - submittedAt;
    expect
      .soft(pagingHalfMs, 'ms until PagerDuty had the half of all five actions while ServiceNow was down (later actions wait behind earlier ones\' ServiceNow retries)')
      .toBeLessThan(PAGING_HALF_DEADLINE_MS);
    // ...and the console shows each action pending, with ServiceNow's error.
    const mine = (snapshot: Snapshot) => submitted.map((record) => snapshot.actions.find((action) => action.id === record.id));
    const pending = await until(
      'every action pending with a ServiceNow error',
      async () => {
        const actions = mine(await host.client.snapshot());
        return actions.every((action) => action?.state === 'pending' && /ServiceNow/.test(action.lastError ?? '')) && actions;
      },
      60_000,
      500,
    );
    for (const action of pending) expect(action?.lastError).toMatch(/503/);

    // The process dies hard, starts again on the same data directory, and ServiceNow comes back.
    await killHard(host);
    const killedAt = Date.now();
    host = await start();
    await injectFault(serviceNow.baseUrl, 'clear');

    let lastSeen = '';
    await until(
      'every action done after the restart',
      async () => {
        const actions = mine(await host.client.snapshot());
        lastSeen = actions.map((action) => `${action?.request.kind ?? 'missing'}: ${action?.state} (${action?.attempts} attempts; ${action?.lastError ?? 'no error'})`).join('; ');
        return actions.every((action) => action?.state === 'done');
      },
      100_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nLast seen: ${lastSeen}`);
    });
    const doneMs = Date.now() - killedAt;

    // ServiceNow: one ticket per incident, each change made once.
    const [ackedTicket, reassignedTicket, majorTicket, resolvedTicket] = await Promise.all(
      incidents.map(async (incident) => {
        const tickets = await reader.ticketsFor(incident.id);
        expect(tickets, `tickets of ${incident.id}`).toHaveLength(1);
        return tickets[0]!;
      }),
    );
    expect(await reader.table('incident', 'correlation_idISNOTEMPTY', 'sys_id')).toHaveLength(4);

    const dana = await reader.userSysIdByEmail(state.me.email);
    expect(dana).toBeTruthy();
    expect(ackedTicket).toMatchObject({ state: '2', assigned_to: dana });
    const notes = await reader.workNotes(ackedTicket!.sys_id);
    expect(notes.filter((note) => note.value.includes(NOTE))).toHaveLength(1);

    const route = routing[target.id]!;
    expect(reassignedTicket).toMatchObject({
      assignment_group: route.assignmentGroupId,
      business_service: route.businessServiceId,
      cmdb_ci: route.configurationItemId,
    });

    expect(majorTicket!.priority).toBe('1');
    expect(majorTicket!.major_incident_state).toBe('accepted');
    const majorNotes = await reader.workNotes(majorTicket!.sys_id);
    expect(majorNotes.filter((note) => note.value.includes(MAJOR_REASON))).toHaveLength(1);

    expect(resolvedTicket).toMatchObject({ state: '6', close_code: expect.stringMatching(/\S/), close_notes: RESOLUTION });

    // PagerDuty: each change made once, by the console's user.
    const me = state.me.id;
    const logOf = (incidentId: string, type: string) =>
      state.logEntriesOf(state.getIncident(incidentId)!).filter((entry) => entry.type === type && entry.agent?.type === 'user' && entry.agent.id === me);
    const notesOf = (incidentId: string, text: string) => state.notesOf(state.getIncident(incidentId)!).filter((note) => note.content.includes(text));
    expect(logOf(acked!.id, 'acknowledge_log_entry')).toHaveLength(1);
    expect(notesOf(acked!.id, NOTE)).toHaveLength(1);
    expect(logOf(reassigned!.id, 'assign_log_entry')).toHaveLength(1);
    expect(state.getIncident(reassigned!.id)?.escalationPolicyId).toBe(target.escalationPolicyId);
    expect(state.getIncident(major!.id)?.priorityId).toBe(p1.id);
    expect(logOf(major!.id, 'responder_request_log_entry')).toHaveLength(1);
    const requested = state.getIncident(major!.id)?.responderRequests ?? [];
    expect(requested).toHaveLength(1);
    expect(requested[0]!.targets.map((t) => t.id).sort()).toEqual([...managerPolicyIds].sort());
    expect(requested[0]!.message).toContain(MAJOR_REASON);
    expect(state.getIncident(resolved!.id)?.status).toBe('resolved');
    expect(logOf(resolved!.id, 'resolve_log_entry')).toHaveLength(1);
    expect(notesOf(resolved!.id, RESOLUTION)).toHaveLength(1);

    console.info(`servicenow down and restart: PagerDuty half in ${pagingHalfMs} ms, all done ${doneMs} ms after the kill, ${Date.now() - started} ms in all`);
    await killHard(host);
  }, 330_000);
});
