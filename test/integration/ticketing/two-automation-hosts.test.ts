/**
 * Two automation hosts (real `serve --automations` processes, each with its own data
 * directory) against the same PagerDuty and ServiceNow simulators: alerts fire and
 * resolve through the Events API, one host is SIGKILLed part-way and restarted, and in
 * the end every paging incident has exactly one ServiceNow ticket (none canceled or
 * duplicated), resolved with close notes when its alert resolved, open otherwise.
 *
 * The kill comes at the worst moment: right after host A's claim note (ticket-claim.ts)
 * lands as the first claim on an incident, before it opens the ticket, and that incident's
 * alert is among those resolved. The process dies before it hears the claim's note id, so
 * nobody knows the claim as its own: host B waits until it expires (90 s, ticket-claim.ts),
 * then claims and raises the ticket, so this test takes two minutes or so. In the end each
 * timeline keeps one sentence naming the ticket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { isClaimNote } from '../../../shared/domain/paging-notes';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { demoServiceNowRoutingTable, startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { killAll } from '../cli/run-cli';
import {
  killHard,
  pagerDutyEnv,
  sendEvent,
  ServiceNowReader,
  startHost,
  writeStubRenderer,
  writeWorkspaceFile,
  type HostProcess,
} from './ticketing-harness';
import { waitFor } from '../../support/wait-for';

const SEED = 1;

describe('two automation hosts against the same PagerDuty and ServiceNow', () => {
  let root: string;
  let pagerDuty: PagerDutySimulator;
  let serviceNow: ServiceNowSimulator;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ticketing-two-hosts-'));
    pagerDuty = await startPagerDutySimulator({ seed: SEED, seedIncidents: 0, demo: false });
    serviceNow = await startServiceNowSimulator({ seed: SEED });
  });

  afterAll(async () => {
    killAll();
    await Promise.all([pagerDuty?.close(), serviceNow?.close()]);
    rmSync(root, { recursive: true, force: true });
  });

  it('opens exactly one ticket per incident and resolves it when the alert resolves, with one host killed and restarted', async () => {
    const started = Date.now();
    const mapping = Object.entries(demoServiceNowRoutingTable({ seed: SEED })).map(([pagerDutyServiceId, route]) => ({
      pagerDutyServiceId,
      assignmentGroup: route.assignmentGroupId,
      businessService: route.businessServiceId,
      configurationItem: route.configurationItemId,
    }));
    const workspaceFile = writeWorkspaceFile(root, {
      name: 'Two automation hosts',
      paging: { provider: 'pagerduty', baseUrl: pagerDuty.baseUrl, pollIntervalSeconds: 2 },
      ticketing: { provider: 'servicenow', instanceUrl: serviceNow.baseUrl, mapping, pollIntervalSeconds: 2 },
      automations: { enabled: true },
    });
    const env = { ...pagerDutyEnv(pagerDuty, writeStubRenderer(root)), SERVICENOW_USER: 'oncall.console', SERVICENOW_PASSWORD: 'x' };
    const dataDirA = join(root, 'host-a');
    const dataDirB = join(root, 'host-b');
    const start = (dataDir: string, hostEnv: NodeJS.ProcessEnv) =>
      startHost({ root, workspaceFile, dataDir, automations: true, env: hostEnv });
    const firstSync = (host: HostProcess) =>
      waitFor('the first sync', async () => (await host.client.snapshot()).lastSyncAt, { timeoutMs: 20_000, everyMs: 250 });

    // Each host has its own token and acts as its own PagerDuty user, so the test can tell
    // their requests apart in the simulator's log and their claim notes apart by author.
    const hostBUser = pagerDuty.state.users.find((user) => user.id !== pagerDuty.state.me.id)!;
    const envA = { ...env, PAGERDUTY_TOKEN: 'token-of-host-a', PAGERDUTY_FROM: pagerDuty.state.me.email };
    const envB = { ...env, PAGERDUTY_TOKEN: 'token-of-host-b', PAGERDUTY_FROM: hostBUser.email };
    const hosts = await Promise.all([start(dataDirA, envA), start(dataDirB, envB)]);
    let hostA = hosts[0];
    const hostB = hosts[1];
    await Promise.all([firstSync(hostA), firstSync(hostB)]);

    // Host A dies right after its claim note to open a ticket lands as the first claim on
    // its incident (before it reads the claims back and creates the ticket): the moment
    // where a dead host could leave an incident without a ticket, or with two.
    let deadHostClaimedIncidentId: string | null = null;
    const { state } = pagerDuty;
    const addNote = state.addNote.bind(state);
    state.addNote = (incidentId, userId, content, at) => {
      const incident = state.getIncident(incidentId);
      const firstClaim = !!incident && !state.notesOf(incident).some((note) => isClaimNote(note.content));
      const note = addNote(incidentId, userId, content, at);
      if (deadHostClaimedIncidentId === null && firstClaim && isClaimNote(content) && userId === state.me.id) {
        deadHostClaimedIncidentId = incidentId;
        hostA.cli.kill();
      }
      return note;
    };

    // Eight alerts over four services (two each): five, then three more while host A is down.
    const services = state.services.filter((service) => mapping.some((entry) => entry.pagerDutyServiceId === service.id)).slice(0, 4);
    expect(services).toHaveLength(4);
    const alerts = services.flatMap((service, index) =>
      [0, 1].map((n) => ({ routingKey: state.routingKeyFor(service.id), dedupKey: `it-two-hosts-${index}-${n}`, serviceId: service.id })),
    );
    const fire = (alert: (typeof alerts)[number]) =>
      sendEvent(pagerDuty, { ...alert, action: 'trigger', summary: `Checkout errors ${alert.dedupKey}`, details: { error_rate: '12%' } });
    // Fire the first wave just after host B polled, so host A (polling at a random phase) most
    // likely sees the alerts first and claims; alerts that follow one at a time give it more chances.
    const afterPollOfHostB = async () => {
      const mark = Date.now();
      await waitFor(
        'a poll by host B',
        () =>
          pagerDuty.requests.some(
            (request) =>
              request.at >= mark &&
              request.method === 'GET' &&
              /^\/(log_entries|incidents)$/.test(request.path) &&
              String(request.headers.authorization).includes('token-of-host-b'),
          ),
        { timeoutMs: 10_000, everyMs: 20 },
      );
    };
    const reader = new ServiceNowReader(serviceNow.baseUrl);
    const hasTicket = async (dedupKey: string) => {
      const [incident] = state.listIncidents({ incidentKey: dedupKey });
      return !!incident && (await reader.ticketsFor(incident.id)).length > 0;
    };
    await afterPollOfHostB();
    let fired = 5;
    for (const alert of alerts.slice(0, fired)) await fire(alert);
    await waitFor(
      'host A to claim a ticket, or all tickets of the first wave',
      async () => deadHostClaimedIncidentId ?? (await Promise.all(alerts.slice(0, fired).map((a) => hasTicket(a.dedupKey)))).every(Boolean),
      { timeoutMs: 20_000, everyMs: 20 },
    );
    while (deadHostClaimedIncidentId === null && fired < alerts.length) {
      await afterPollOfHostB();
      const alert = alerts[fired++]!;
      await fire(alert);
      await waitFor(
        `host A to claim, or a ticket for ${alert.dedupKey}`,
        async () => deadHostClaimedIncidentId ?? (await hasTicket(alert.dedupKey)),
        { timeoutMs: 20_000, everyMs: 20 },
      );
    }
    // Host B always won (unlikely): kill host A anyway, mid-run.
    if (deadHostClaimedIncidentId === null)
      console.warn('two automation hosts: host A never claimed first; killing it without a claim in hand');
    await killHard(hostA);
    for (const alert of alerts.slice(fired)) await fire(alert);
    hostA = await start(dataDirA, envA);
    await firstSync(hostA);

    const incidentOf = (dedupKey: string) => {
      const [incident] = state.listIncidents({ incidentKey: dedupKey });
      if (!incident) throw new Error(`No PagerDuty incident for ${dedupKey}`);
      return incident;
    };
    const incidents = alerts.map((alert) => ({ ...alert, incident: incidentOf(alert.dedupKey) }));
    expect(new Set(incidents.map((entry) => entry.incident.id)).size).toBe(8);

    // Resolve half of the alerts, among them the one whose ticket the dead host had claimed.
    const resolvedIds = new Set([deadHostClaimedIncidentId ?? incidents[0]!.incident.id]);
    for (const entry of incidents) if (resolvedIds.size < 4 && incidents.indexOf(entry) % 2 === 0) resolvedIds.add(entry.incident.id);
    const isResolved = (entry: (typeof incidents)[number]) => resolvedIds.has(entry.incident.id);
    const resolved = incidents.filter(isResolved);
    const open = incidents.filter((entry) => !isResolved(entry));
    expect(resolved).toHaveLength(4);
    for (const entry of resolved) await sendEvent(pagerDuty, { ...entry, action: 'resolve' });
    for (const entry of resolved) expect(state.getIncident(entry.incident.id)?.status).toBe('resolved');

    let lastSeen = '';
    const settled = async () => {
      const tickets = await Promise.all(incidents.map((entry) => reader.ticketsFor(entry.incident.id)));
      lastSeen = `tickets (incident: states): ${incidents.map((entry, index) => `${entry.incident.id}${isResolved(entry) ? ' (resolved)' : ''}: [${tickets[index]!.map((t) => t.state).join(',')}]`).join('; ')}`;
      const right = tickets.every(
        (list, index) =>
          list.length === 1 && (isResolved(incidents[index]!) ? list[0]!.state === '6' : ['1', '2'].includes(list[0]!.state)),
      );
      if (!right) return null;
      // Both hosts have nothing left to send: no late duplicate can still appear.
      const [a, b] = await Promise.all([hostA.client.snapshot(), hostB.client.snapshot()]);
      const pending = [...a.actions, ...b.actions].filter((action) => action.state === 'pending');
      lastSeen += `; pending actions: ${pending.map((action) => `${action.request.kind} ${action.request.incidentIds.join(',')} (${action.lastError ?? 'not tried yet'})`).join('; ') || 'none'}`;
      const busy = pending.length > 0;
      return busy ? null : { tickets, actions: [...a.actions, ...b.actions] };
    };
    const { tickets, actions } = await waitFor('one ticket per incident, resolved ones resolved, and both outboxes drained', settled, {
      timeoutMs: 180_000,
      everyMs: 500,
      describe: () => `Last seen: ${lastSeen}`,
    });

    expect(actions.filter((action) => action.state === 'failed')).toEqual([]);
    for (const [index, entry] of incidents.entries()) {
      const list = tickets[index]!;
      expect(list, `${entry.dedupKey} (${entry.incident.id})`).toHaveLength(1);
      const ticket = list[0]!;
      expect(ticket.correlation_id).toBe(entry.incident.id);
      expect(ticket.business_service).toBe(mapping.find((m) => m.pagerDutyServiceId === entry.serviceId)?.businessService);
      expect(ticket.description).toContain(`PagerDuty incident #${entry.incident.number}`);
    }
    for (const entry of resolved) {
      const [ticket] = tickets[incidents.indexOf(entry)]!;
      expect(ticket).toMatchObject({
        state: '6',
        close_notes: expect.stringContaining(`#${entry.incident.number}`),
        close_code: expect.stringMatching(/\S/),
      });
    }
    for (const entry of open) {
      const [ticket] = tickets[incidents.indexOf(entry)]!;
      expect(['1', '2'], `${entry.dedupKey} stays open`).toContain(ticket!.state);
      expect(ticket!.close_notes).toBe('');
    }
    // The timelines keep one plain sentence per ticket: the winning claim, edited to name it; no machine tags.
    for (const [index, entry] of incidents.entries()) {
      const notes = state.notesOf(state.getIncident(entry.incident.id)!).map((note) => note.content);
      expect(
        notes.some((content) => content.includes('[ticket-claim') || content.includes('[via On-Call Console]')),
        entry.dedupKey,
      ).toBe(false);
      expect(
        notes.filter((content) => content === `Raised ServiceNow ticket ${tickets[index]![0]!.number} for this incident.`),
        entry.dedupKey,
      ).toHaveLength(1);
    }
    // Nothing else was linked: no ticket for an incident that does not exist, no stray canceled duplicate.
    const linked = await reader.table('incident', 'correlation_idISNOTEMPTY', 'sys_id,correlation_id,state');
    expect(linked).toHaveLength(8);
    console.info(
      `two automation hosts: host A died holding a claim on ${deadHostClaimedIncidentId ?? 'nothing'}; settled in ${Date.now() - started} ms`,
    );
    await Promise.all([killHard(hostA), killHard(hostB)]);
  }, 270_000);
});
