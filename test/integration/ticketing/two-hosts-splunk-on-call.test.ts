/**
 * Two automation hosts (two engines in this process, each with its own outbox, providers and
 * host id) against the same Splunk On-Call simulator and the same ticketing simulator
 * (ServiceNow, then Jira Service Management), over real HTTP. Splunk On-Call keeps no
 * incident notes, so the hosts cannot claim a ticket there: the ticketing system is the
 * arbiter (ticket-opener.ts). A barrier in each host's fetch holds every ticket create until
 * the other host's create for the same incident arrives, so both open one at the same
 * moment, after both found none. For each alert, in the end: exactly one open ticket, the
 * other withdrawn (ServiceNow Canceled, Jira Canceled) with a note naming the one that
 * stands; both hosts link the incident to the standing ticket; and when the alert recovers,
 * the standing ticket is resolved while the withdrawn one stays as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/domain/action';
import type { Engine } from '../../../electron/engine/engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import type { TicketingProvider } from '../../../electron/engine/ports/ticketing';
import { TicketMapping } from '../../../electron/engine/ticketing/ticket-mapping';
import { createEngine } from '../../../electron/host/create-engine';
import { createJiraServiceManagementProvider } from '../../../electron/providers/jira-service-management';
import { createServiceNowProvider } from '../../../electron/providers/servicenow';
import { createSplunkOnCallProvider } from '../../../electron/providers/splunk-on-call';
import {
  demoJiraServiceManagementRoutingMap,
  startJiraServiceManagementSimulator,
} from '../../../electron/simulators/jira-service-management';
import { demoServiceNowRoutingTable, startServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../electron/simulators/splunk-on-call';
import { waitFor } from '../../support/wait-for';

const API_ID = 'acme-api-id';
const API_KEY = 'acme-key-0123456789';
const JIRA_EMAIL = 'oncall-console@example.com';
const ROUNDS = 4;

interface Routing {
  assignmentGroupId: string | null;
  businessServiceId: string | null;
  configurationItemId: string | null;
}

/** A ticket as the test reads it back from the ticketing simulator's own API. */
interface LinkedTicket {
  number: string;
  open: boolean;
  withdrawn: boolean;
  resolved: boolean;
  /** Work notes / internal comments. */
  notes: string[];
}

interface Desk {
  label: string;
  routing: Routing;
  provider(fetch: typeof globalThis.fetch): TicketingProvider;
  /** Every ticket linked to the paging incident, lowest number first. */
  ticketsOf(pagingIncidentId: string): Promise<LinkedTicket[]>;
  /** Whether a ticket create request carries this paging incident. */
  createsFor(method: string, url: string, body: string): string | null;
  close(): Promise<void>;
}

const incidentIn = (text: string) => /splunk-on-call:\d+/.exec(text)?.[0] ?? null;

async function serviceNowDesk(): Promise<Desk> {
  const sim = await startServiceNowSimulator({ seed: 1 });
  const auth = `Basic ${Buffer.from('oncall.console:x').toString('base64')}`;
  const table = async <T>(path: string, query: string, fields: string): Promise<T[]> => {
    const params = new URLSearchParams({ sysparm_query: query, sysparm_fields: fields, sysparm_limit: '100' });
    const response = await fetch(`${sim.baseUrl}/api/now/table/${path}?${params}`, {
      headers: { Authorization: auth, Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: T[] }).result;
  };
  return {
    label: 'ServiceNow',
    routing: Object.values(demoServiceNowRoutingTable({ seed: 1 }))[0]!,
    provider: (fetch) =>
      createServiceNowProvider({
        instanceUrl: sim.baseUrl,
        auth: { kind: 'basic', user: 'oncall.console', password: 'x' },
        fetch,
        timeoutMs: 5_000,
      }),
    async ticketsOf(pagingIncidentId) {
      const rows = await table<{ sys_id: string; number: string; state: string }>(
        'incident',
        `correlation_id=${pagingIncidentId}^ORDERBYnumber`,
        'sys_id,number,state',
      );
      return Promise.all(
        rows.map(async (row) => ({
          number: row.number,
          open: ['1', '2', '3'].includes(row.state),
          withdrawn: row.state === '8',
          resolved: row.state === '6',
          notes: (await table<{ value: string }>('sys_journal_field', `element_id=${row.sys_id}^element=work_notes`, 'value')).map(
            (note) => note.value,
          ),
        })),
      );
    },
    createsFor: (method, url, body) => (method === 'POST' && new URL(url).pathname === '/api/now/table/incident' ? incidentIn(body) : null),
    close: () => sim.close(),
  };
}

async function jiraDesk(): Promise<Desk> {
  // The test reads back as the integration account too, every 250 ms: a higher limit than the site's default 600 a minute.
  const sim = await startJiraServiceManagementSimulator({ rateLimitPerMinute: 6_000 });
  const headers = { Authorization: `Basic ${Buffer.from(`${JIRA_EMAIL}:test-api-token`).toString('base64')}`, Accept: 'application/json' };
  const get = async <T>(path: string, query: Record<string, string>): Promise<T> => {
    const response = await fetch(`${sim.baseUrl}${path}?${new URLSearchParams(query)}`, { headers });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  return {
    label: 'Jira Service Management',
    routing: demoJiraServiceManagementRoutingMap().values().next().value!,
    provider: (fetch) =>
      createJiraServiceManagementProvider({ siteUrl: sim.baseUrl, email: JIRA_EMAIL, apiToken: 'test-api-token', fetch, timeoutMs: 5_000 }),
    async ticketsOf(pagingIncidentId) {
      const { issues } = await get<{
        issues: Array<{ key: string; fields: { status: { name: string }; resolution: { name: string } | null } }>;
      }>('/rest/api/3/search/jql', {
        jql: `labels = "pagerduty-${pagingIncidentId}" ORDER BY key ASC`,
        fields: 'status,resolution',
        maxResults: '100',
      });
      return Promise.all(
        issues.map(async (issue) => {
          const { values } = await get<{ values: Array<{ body: string; public: boolean }> }>(
            `/rest/servicedeskapi/request/${issue.key}/comment`,
            {
              limit: '100',
            },
          );
          const status = issue.fields.status.name;
          return {
            number: issue.key,
            open: ['Open', 'Work in progress', 'Pending'].includes(status),
            withdrawn: status === 'Canceled',
            resolved: status === 'Resolved',
            notes: values.filter((comment) => !comment.public).map((comment) => comment.body),
          };
        }),
      );
    },
    createsFor: (method, url, body) =>
      method === 'POST' && new URL(url).pathname === '/rest/servicedeskapi/request' ? incidentIn(body) : null,
    close: () => sim.close(),
  };
}

/** Holds each host's ticket create for an incident until every host's create for it has arrived. */
class CreateBarrier {
  private readonly waiting = new Map<string, Array<() => void>>();
  /** Incidents every host opened a ticket for at the same moment. */
  readonly met = new Set<string>();

  constructor(private readonly hosts: number) {}

  arrive(incidentId: string): Promise<void> {
    return new Promise((resolve) => {
      const list = this.waiting.get(incidentId) ?? [];
      list.push(resolve);
      this.waiting.set(incidentId, list);
      if (list.length === this.hosts) {
        this.met.add(incidentId);
        this.waiting.delete(incidentId);
        for (const release of list) release();
      }
    });
  }

  /** Lets a lone create through (a host that found the ticket never arrives): the test then fails on `met`. */
  releaseAll(): void {
    for (const list of this.waiting.values()) for (const release of list) release();
    this.waiting.clear();
  }
}

function withBarrier(desk: Desk, barrier: CreateBarrier): typeof globalThis.fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const body = typeof init?.body === 'string' ? init.body : '';
    const incidentId = desk.createsFor(init?.method ?? 'GET', url, body);
    if (incidentId) await barrier.arrive(incidentId);
    return fetch(input, init);
  };
}

interface Host {
  engine: Engine;
  outbox: Outbox;
  dataDir: string;
  /** Every action as last reported (automations' done actions leave the snapshot, not the events). */
  actions: Map<string, ActionRecord>;
}

async function startHost(splunk: SplunkOnCallSimulator, desk: Desk, barrier: CreateBarrier, name: string): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), `two-hosts-soc-${name}-`));
  const outbox = new Outbox(join(dataDir, 'outbox.sqlite'), systemClock);
  const username = splunk.state.users.values().next().value!.username;
  const paging = createSplunkOnCallProvider({ apiUrl: splunk.apiUrl, apiId: API_ID, apiKey: API_KEY, username, timeoutMs: 5_000 });
  const routingKeys = splunk.state.routingKeys.map((key) => key.routingKey);
  const engine = createEngine({
    paging,
    outbox,
    clock: systemClock,
    workspace: { name: `Host ${name}`, demo: false, me: null, pollIntervalMs: 1_500 },
    reconcileIntervalMs: 10 * 60_000,
    actionBackoff: { baseMs: 50, capMs: 300 },
    ticketing: {
      provider: desk.provider(withBarrier(desk, barrier)),
      mapping: new TicketMapping(routingKeys.map((pagingServiceId) => ({ pagingServiceId, ...desk.routing }))),
      hostId: `host-${name}`,
      automations: true,
    },
  });
  const actions = new Map<string, ActionRecord>();
  engine.onEvent((event) => {
    if (event.name === 'actionChanged') actions.set(event.payload.id, event.payload);
  });
  engine.start();
  await engine.ready();
  return { engine, outbox, dataDir, actions };
}

async function postAlert(splunk: SplunkOnCallSimulator, routingKey: string, alert: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${splunk.restEndpointUrl}/${routingKey}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alert),
  });
  expect(response.status).toBe(200);
}

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups = [];
});

describe.each([
  ['ServiceNow', serviceNowDesk],
  ['Jira Service Management', jiraDesk],
])('two automation hosts, Splunk On-Call incidents and %s', (_label, startDesk) => {
  it('opens exactly one live ticket per incident when both hosts open one at the same moment, and resolves that one', async () => {
    // Each host paces itself under the documented 60 a minute; two hosts polling every 1.5 s share one organisation's
    // budget, which is not what this test is about, so the simulator does not count it.
    const splunk = await startSplunkOnCallSimulator({
      credentials: [{ apiId: API_ID, apiKey: API_KEY }],
      seedIncidents: false,
      rateLimits: false,
    });
    cleanups.push(() => splunk.close());
    const desk = await startDesk();
    cleanups.push(() => desk.close());
    const barrier = new CreateBarrier(2);
    const hosts: Host[] = [];
    for (const name of ['a', 'b']) {
      const host = await startHost(splunk, desk, barrier, name);
      hosts.push(host);
      cleanups.push(async () => {
        await host.engine.stop();
        host.outbox.close();
        rmSync(host.dataDir, { recursive: true, force: true });
      });
    }
    cleanups.push(async () => barrier.releaseAll());
    const routingKey = splunk.state.routingKeys[0]!.routingKey;
    const snapshots = () => Promise.all(hosts.map((host) => host.engine.getSnapshot()));
    const actionsOf = (kind: ActionRecord['request']['kind'], incidentId: string) =>
      hosts.flatMap((host) =>
        [...host.actions.values()].filter((action) => action.request.kind === kind && action.request.incidentIds.includes(incidentId)),
      );

    for (let round = 0; round < ROUNDS; round += 1) {
      const entityId = `checkout-errors-${round}`;
      await postAlert(splunk, routingKey, {
        message_type: 'CRITICAL',
        entity_id: entityId,
        entity_display_name: `Checkout errors, round ${round}`,
        state_message: 'Error rate 12%',
      });
      const incidentId = await waitFor(`both hosts to see the incident of ${entityId}`, async () => {
        const ids = (await snapshots()).map(
          (snapshot) => snapshot.incidents.find((incident) => incident.title.includes(`round ${round}`))?.id,
        );
        return ids[0] && ids[0] === ids[1] ? ids[0] : undefined;
      });

      let seen = '';
      const settled = await waitFor(
        `one open ticket for ${incidentId}, the other withdrawn, both hosts done`,
        async () => {
          const tickets = await desk.ticketsOf(incidentId);
          const all = await snapshots();
          const opens = actionsOf('openTicket', incidentId);
          seen = `tickets ${JSON.stringify(tickets.map((t) => [t.number, t.open, t.withdrawn]))}; openTicket actions ${JSON.stringify(opens.map((a) => [a.state, a.lastError]))}`;
          const linked = all.map((snapshot) => snapshot.tickets.find((ticket) => ticket.pagingIncidentId === incidentId)?.number);
          const standing = tickets.find((ticket) => ticket.open);
          const done = opens.length === 2 && opens.every((action) => action.state === 'done');
          return tickets.length === 2 && standing && done && linked.every((number) => number === standing.number)
            ? { tickets, standing }
            : undefined;
        },
        { timeoutMs: 20_000, everyMs: 250, describe: () => seen },
      );

      const { tickets, standing } = settled;
      expect(barrier.met.has(incidentId), `both hosts opened a ticket for ${incidentId} at the same moment`).toBe(true);
      expect(
        tickets.filter((ticket) => ticket.open),
        _label,
      ).toEqual([standing]);
      // The lowest number stands; the later one is withdrawn, saying which one stands.
      expect(tickets[0]!.number).toBe(standing.number);
      const withdrawn = tickets[1]!;
      expect(withdrawn.withdrawn).toBe(true);
      expect(
        withdrawn.notes.some((note) =>
          note.includes(`Opened twice at the same moment for one incident: ${standing.number} stands for it.`),
        ),
      ).toBe(true);
      expect(standing.notes.some((note) => note.includes('Opened twice'))).toBe(false);

      // The alert recovers: the standing ticket is resolved, the withdrawn one is left as it was, and both hosts keep the standing one.
      await postAlert(splunk, routingKey, { message_type: 'RECOVERY', entity_id: entityId, state_message: 'Recovered' });
      await waitFor(
        `the ticket of ${incidentId} resolved, by both hosts' automations`,
        async () => {
          const after = await desk.ticketsOf(incidentId);
          const resolves = actionsOf('resolveTicket', incidentId);
          seen = `tickets ${JSON.stringify(after.map((t) => [t.number, t.open, t.withdrawn, t.resolved]))}; resolveTicket actions ${JSON.stringify(resolves.map((a) => [a.state, a.lastError]))}`;
          const resolvedOne = after.find((ticket) => ticket.number === standing.number)?.resolved;
          const stillWithdrawn = after.find((ticket) => ticket.number === withdrawn.number)?.withdrawn;
          const done = resolves.length === 2 && resolves.every((action) => action.state === 'done');
          return after.length === 2 && resolvedOne && stillWithdrawn && done ? true : undefined;
        },
        { timeoutMs: 20_000, everyMs: 250, describe: () => seen },
      );
    }
    expect(barrier.met.size).toBe(ROUNDS);
  }, 120_000);
});
