/**
 * The ServiceNow provider over real HTTP against the ServiceNow simulator: every port
 * method, replay safety, paging, the refusals users must understand (ACL, closed ticket,
 * data policy), credentials, retries (429 with Retry-After, 5xx, dropped connections,
 * malformed bodies) and changesSince without echoes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { CONSOLE_NOTE_MARKER, type NewTicket } from '../../../../electron/engine/ports/ticketing';
import { createServiceNowProvider, type ServiceNowConfig } from '../../../../electron/providers/servicenow';
import {
  demoServiceNowRouting,
  INJECTED_RETRY_AFTER_SECONDS,
  startServiceNowSimulator,
  type ServiceNowSimulator,
  type ServiceNowSimulatorOptions,
} from '../../../../electron/simulators/servicenow';
import { pagerDutyDemoOrg } from '../../../../electron/simulators/servicenow/demo-data';
import { snErrors } from '../../../../electron/simulators/servicenow/errors';

const PASSWORD = 'S3cret-Pa55word!';
let sim: ServiceNowSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: ServiceNowSimulatorOptions = {}, config: Partial<ServiceNowConfig> = {}) {
  sim = await startServiceNowSimulator({ validCredentials: [{ kind: 'basic', user: 'oncall.console', password: PASSWORD }], ...options });
  const sleeps: number[] = [];
  const provider = createServiceNowProvider({
    instanceUrl: sim.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: PASSWORD },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...config,
  });
  return { sim, provider, sleeps };
}

const org = pagerDutyDemoOrg();
const paymentsApi = org.services.find((service) => service.name === 'Payments API')!;
const coreNetwork = org.services.find((service) => service.name === 'Core Network')!;

function newTicket(pagingIncidentId: string, overrides: Partial<NewTicket> = {}): NewTicket {
  const routing = demoServiceNowRouting(paymentsApi.id)!;
  return {
    pagingIncidentId,
    title: 'Payments API: error rate above 5%',
    description: 'Alert details\nhttps://grafana.example.com/d/payments',
    urgency: 'high',
    priority: null,
    ...routing,
    ...overrides,
  };
}

function writes(s: ServiceNowSimulator, method = 'PATCH') {
  return s.requests.filter((request) => request.method === method);
}

describe('reads', () => {
  it('whoAmI names the integration user; listGroups, listServices, listConfigurationItems and listUsers mirror the PagerDuty demo org', async () => {
    const { provider } = await setup();
    const me = await provider.whoAmI();
    expect(me.userName).toBe('oncall.console');
    const groups = await provider.listGroups();
    // The teams, and the change managers' group (the demo's CAB).
    expect(groups.map((group) => group.name).sort()).toEqual([...org.teams.map((team) => team.name), 'Change Management'].sort());
    const services = await provider.listServices();
    expect(services.map((service) => service.name).sort()).toEqual(org.services.map((service) => service.name).sort());
    expect(new Set(services.map((service) => service.className))).toEqual(new Set(['cmdb_ci_service']));
    const cis = await provider.listConfigurationItems();
    expect(cis).toHaveLength(org.services.length);
    expect(cis.find((ci) => ci.id === demoServiceNowRouting(coreNetwork.id)!.configurationItemId)?.className).toBe('cmdb_ci_netgear');
    const users = await provider.listUsers();
    for (const person of org.users) expect(users.find((user) => user.email === person.email)?.name).toBe(person.name);
  });

  it('pages with the Link header and finds tickets for 130 paging incidents in 50-id chunks', async () => {
    const { sim: s, provider } = await setup({}, { pageSize: 20 });
    const ids = Array.from({ length: 130 }, (_, index) => `Q${String(index).padStart(13, '0')}`);
    for (const id of ids) s.state.createIncident({ short_description: `alert ${id}`, correlation_id: id }, { actor: 'oncall.console' });
    s.resetRequestLog();
    const tickets = await provider.findByPagingIncidents(ids);
    expect(tickets.map((ticket) => ticket.pagingIncidentId).sort()).toEqual([...ids].sort());
    const lists = s.requests.filter((request) => request.path === '/api/now/table/incident');
    // 3 chunks (50, 50, 30 ids), 20 per page: 3 + 3 + 2 pages.
    expect(lists).toHaveLength(8);
    expect(lists.map((request) => new URLSearchParams(request.query).get('sysparm_offset'))).toEqual([
      '0',
      '20',
      '40',
      '0',
      '20',
      '40',
      '0',
      '20',
    ]);
  });

  it('prefers the oldest open ticket of a paging incident', async () => {
    const { sim: s, provider } = await setup();
    const first = s.state.createIncident({ short_description: 'one', correlation_id: 'QDUP' }, { actor: 'oncall.console' });
    s.state.updateIncident(first.sys_id!, { state: '8' }, { actor: 'oncall.console' });
    const open = s.state.createIncident({ short_description: 'two', correlation_id: 'QDUP' }, { actor: 'oncall.console' });
    s.state.createIncident({ short_description: 'three', correlation_id: 'QDUP' }, { actor: 'oncall.console' });
    const [ticket] = await provider.findByPagingIncidents(['QDUP']);
    expect(ticket?.id).toBe(open.sys_id);
  });
});

describe('createTicket', () => {
  it('maps priority and routing, links the paging incident, and a replay returns the same ticket without a second POST', async () => {
    const { sim: s, provider } = await setup();
    const routing = demoServiceNowRouting(paymentsApi.id)!;
    const ticket = await provider.createTicket(newTicket('QPAY1', { priority: 'P1' }));
    expect(ticket).toMatchObject({
      provider: 'servicenow',
      stage: 'new',
      state: 'New',
      priority: '1 - Critical',
      pagingIncidentId: 'QPAY1',
      assignmentGroup: { id: routing.assignmentGroupId, name: 'Payments' },
      businessService: { id: routing.businessServiceId, name: 'Payments API' },
      configurationItem: { id: routing.configurationItemId, name: 'payments-api-prod' },
    });
    expect(ticket.number).toMatch(/^INC\d{7}$/);
    expect(ticket.url).toBe(`${s.baseUrl}/nav_to.do?uri=${encodeURIComponent(`incident.do?sys_id=${ticket.id}`)}`);
    const stored = s.state.get('incident', ticket.id)!;
    expect(stored).toMatchObject({
      urgency: '1',
      impact: '1',
      priority: '1',
      correlation_id: 'QPAY1',
      correlation_display: 'On-Call Console',
      description: newTicket('x').description,
    });
    const again = await provider.createTicket(newTicket('QPAY1', { priority: 'P1' }));
    expect(again.id).toBe(ticket.id);
    expect(writes(s, 'POST')).toHaveLength(1);
  });

  it('maps urgency when there is no paging priority, and P3 / P5 through impact x urgency', async () => {
    const { sim: s, provider } = await setup();
    const high = await provider.createTicket(newTicket('QH', { urgency: 'high' }));
    const low = await provider.createTicket(newTicket('QL', { urgency: 'low' }));
    const p3 = await provider.createTicket(newTicket('Q3', { priority: 'P3' }));
    const p5 = await provider.createTicket(newTicket('Q5', { priority: 'P5' }));
    expect([high, low, p3, p5].map((ticket) => ticket.priority)).toEqual(['2 - High', '4 - Low', '3 - Moderate', '5 - Planning']);
    expect(s.state.get('incident', high.id)).toMatchObject({ urgency: '1', impact: '2' });
  });

  it('two hosts creating at the same moment leave exactly one open ticket, and both return it', async () => {
    const { sim: s } = await setup();
    const make = () =>
      createServiceNowProvider({ instanceUrl: s.baseUrl, auth: { kind: 'basic', user: 'oncall.console', password: PASSWORD } });
    const [a, b] = await Promise.all([make().createTicket(newTicket('QRACE')), make().createTicket(newTicket('QRACE'))]);
    expect(a.id).toBe(b.id);
    const linked = s.state.incidentsByCorrelationId('QRACE');
    expect(linked.filter((incident) => ['1', '2', '3'].includes(incident.state!))).toHaveLength(1);
    for (const duplicate of linked.filter((incident) => incident.sys_id !== a.id)) {
      expect(duplicate.state).toBe('8');
      expect(s.state.journal(duplicate.sys_id!, 'work_notes')[0]?.value).toContain(
        `Opened twice at the same moment for one incident: ${a.number} stands for it.`,
      );
    }
  });

  it("a replay cancels a duplicate the console left open (a host died between its POST and its check), never a person's ticket", async () => {
    const { sim: s, provider } = await setup();
    const first = s.state.createIncident(
      { short_description: 'a', correlation_id: 'QLEFT', correlation_display: 'On-Call Console' },
      { actor: 'oncall.console' },
    );
    const second = s.state.createIncident(
      { short_description: 'b', correlation_id: 'QLEFT', correlation_display: 'On-Call Console' },
      { actor: 'oncall.console' },
    );
    const manual = s.state.createIncident({ short_description: 'c', correlation_id: 'QLEFT' }, { actor: 'isabel.moreno' });
    const ticket = await provider.createTicket(newTicket('QLEFT'));
    expect(ticket.id).toBe(first.sys_id);
    expect(s.state.get('incident', second.sys_id!)?.state).toBe('8');
    expect(s.state.get('incident', manual.sys_id!)?.state).toBe('1');
  });

  it('after a POST that landed but answered 500, it finds the ticket instead of failing or duplicating', async () => {
    const { sim: s, provider } = await setup({}, { maxRetries: 0 });
    const original = s.state.createIncident.bind(s.state);
    s.state.createIncident = (body, options) => {
      original(body, options);
      throw snErrors.internal();
    };
    const ticket = await provider.createTicket(newTicket('QLOST'));
    expect(s.state.incidentsByCorrelationId('QLOST')).toHaveLength(1);
    expect(ticket).toMatchObject({ pagingIncidentId: 'QLOST', id: s.state.incidentsByCorrelationId('QLOST')[0]?.sys_id });
    expect(writes(s, 'POST').map((request) => request.status)).toEqual([500]);
  });
});

describe('triage writes', () => {
  it("acknowledge: In Progress, assigned to the user with the console user's email (looked up once); a replay sends nothing", async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QACK'));
    const acked = await provider.acknowledge(ticket.id, 'dana.developer@example.com');
    expect(acked).toMatchObject({ stage: 'in-progress', state: 'In Progress', assignedTo: { name: 'Dana Developer' } });
    s.resetRequestLog();
    await provider.acknowledge(ticket.id, 'dana.developer@example.com');
    expect(writes(s)).toHaveLength(0);
    expect(s.requests.filter((request) => request.path === '/api/now/table/sys_user')).toHaveLength(0);
    await expect(provider.acknowledge(ticket.id, 'nobody@example.com')).rejects.toThrow(
      /No active ServiceNow user has the email nobody@example.com/,
    );
  });

  it('addWorkNote appends the console marker and note id, lands once when replayed, twice when written twice', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QNOTE'));
    await provider.addWorkNote(ticket.id, 'Rolled back the deploy', '0a1b2c3d');
    await provider.addWorkNote(ticket.id, 'Rolled back the deploy', '0a1b2c3d');
    const notes = s.state.journal(ticket.id, 'work_notes');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.value).toBe(`Rolled back the deploy\n\n${CONSOLE_NOTE_MARKER} note 0a1b2c3d`);
    expect(notes[0]?.sys_created_by).toBe('oncall.console');
    await provider.addWorkNote(ticket.id, 'Rolled back the deploy', '4e5f6a7b');
    expect(s.state.journal(ticket.id, 'work_notes')).toHaveLength(2);
  });

  it('reassign sets assignment group, business service and CI; declareMajor sets P1 and the major incident fields with a note', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QMOVE'));
    const target = demoServiceNowRouting(coreNetwork.id)!;
    const moved = await provider.reassign(ticket.id, target);
    expect(moved).toMatchObject({
      assignmentGroup: { name: 'Network Engineering' },
      businessService: { name: 'Core Network' },
      configurationItem: { id: target.configurationItemId },
    });
    expect(s.state.get('incident', ticket.id)?.reassignment_count).toBe('1');
    s.resetRequestLog();
    await provider.reassign(ticket.id, target);
    expect(writes(s)).toHaveLength(0);
    await expect(
      provider.reassign(ticket.id, { assignmentGroupId: null, businessServiceId: null, configurationItemId: null }),
    ).rejects.toThrow(/No ServiceNow routing for this service/);

    const major = await provider.declareMajor(ticket.id, 'Checkout down for all customers');
    expect(major).toMatchObject({ priority: '1 - Critical', majorIncident: true });
    const stored = s.state.get('incident', ticket.id)!;
    expect(stored).toMatchObject({
      urgency: '1',
      impact: '1',
      priority: '1',
      major_incident_state: 'accepted',
      promoted_by: s.state.userByName('oncall.console')?.sys_id,
    });
    expect(stored.promoted_on).not.toBe('');
    expect(s.state.journal(ticket.id, 'work_notes').map((note) => note.value)).toEqual([
      expect.stringContaining('Checkout down for all customers'),
    ]);
    await provider.declareMajor(ticket.id, 'Checkout down for all customers');
    expect(s.state.journal(ticket.id, 'work_notes')).toHaveLength(1);
  });

  it('resolve: Resolved with close code and close notes; a replay is a no-op', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QRES'));
    const resolved = await provider.resolve(ticket.id, 'Restarted the payment workers');
    expect(resolved).toMatchObject({ stage: 'resolved', state: 'Resolved' });
    expect(s.state.get('incident', ticket.id)).toMatchObject({
      state: '6',
      close_code: 'Solution provided',
      close_notes: 'Restarted the payment workers',
    });
    expect(s.state.get('incident', ticket.id)?.resolved_at).not.toBe('');
    s.resetRequestLog();
    await provider.resolve(ticket.id, 'Restarted the payment workers');
    expect(writes(s)).toHaveLength(0);
  });
});

describe('refusals people understand', () => {
  it('a closed ticket: names the ticket and says to reopen it or create a follow-up, without sending the write', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QCLOSED'));
    s.state.updateIncident(ticket.id, { state: '6', close_code: 'Solution provided', close_notes: 'done' }, { actor: 'isabel.moreno' });
    s.state.updateIncident(ticket.id, { state: '7' }, { actor: 'isabel.moreno' });
    s.resetRequestLog();
    const error = await provider.addWorkNote(ticket.id, 'more', '00000002').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('rejected');
    expect((error as ProviderError).message).toBe(
      `${ticket.number} is Closed: closed tickets cannot be changed, so the console could not add a work note to it; reopen it in ServiceNow or create a follow-up`,
    );
    expect(writes(s)).toHaveLength(0);
    await expect(provider.resolve(ticket.id, 'again')).resolves.toMatchObject({ stage: 'closed' });
  });

  it('an ACL refusal names the ticket, the role and the field', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QACL'));
    s.state.denyWrites({ table: 'incident', sysId: ticket.id, field: 'assignment_group' });
    const error = (await provider
      .reassign(ticket.id, demoServiceNowRouting(coreNetwork.id)!)
      .catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(403);
    expect(error.message).toMatch(
      new RegExp(
        `^ServiceNow refused to reassign ${ticket.number} \\(403 ACL\\): the integration user needs the itil role or write access to incident\\.assignment_group`,
      ),
    );
    // Other fields of the same ticket still work.
    await expect(provider.acknowledge(ticket.id, 'dana.developer@example.com')).resolves.toMatchObject({ stage: 'in-progress' });
  });

  it('a one-shot ACL fault on a field refuses only the write that sets it', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QACL2'));
    s.faults.inject({ kind: 'acl-refusal', count: 1, field: 'major_incident_state' });
    await expect(provider.declareMajor(ticket.id, 'big')).rejects.toThrow(/403 ACL\).*incident\.major_incident_state/);
    await expect(provider.declareMajor(ticket.id, 'big')).resolves.toMatchObject({ majorIncident: true });
  });

  it('rejected credentials: an auth error that names the settings and never the password', async () => {
    const { sim: s } = await setup();
    const provider = createServiceNowProvider({
      instanceUrl: s.baseUrl,
      auth: { kind: 'basic', user: 'oncall.console', password: 'wrong-password-123' },
    });
    const error = (await provider.whoAmI().catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).toContain('SERVICENOW_USER');
    expect(error.message).not.toContain('wrong-password-123');
    expect(s.requests.at(-1)?.status).toBe(401);
  });

  it('bearer tokens and x-sn-apikey keys are accepted when valid', async () => {
    const { sim: s } = await setup({
      validCredentials: [
        { kind: 'bearer', token: 'oauth-access-token-1' },
        { kind: 'api-key', key: 'api-key-0123456789', userName: 'alex.admin' },
      ],
    });
    const bearer = createServiceNowProvider({ instanceUrl: s.baseUrl, auth: { kind: 'bearer', token: 'oauth-access-token-1' } });
    const apiKey = createServiceNowProvider({ instanceUrl: s.baseUrl, auth: { kind: 'api-key', key: 'api-key-0123456789' } });
    expect((await bearer.whoAmI()).userName).toBe('oncall.console');
    expect((await apiKey.whoAmI()).name).toBe('Alex Admin');
    expect(s.requests.at(-1)?.headers['x-sn-apikey']).toBe('api-key-0123456789');
    const wrong = createServiceNowProvider({ instanceUrl: s.baseUrl, auth: { kind: 'api-key', key: 'nope-nope-nope' } });
    await expect(wrong.whoAmI()).rejects.toMatchObject({ kind: 'auth', status: 401 });
  });
});

describe('transient failures', () => {
  it('429: waits at least Retry-After, then succeeds', async () => {
    const { sim: s, provider, sleeps } = await setup();
    s.faults.inject({ kind: 'rate-limit', count: 2, path: '/api/now/table/sys_user' });
    await expect(provider.whoAmI()).resolves.toMatchObject({ userName: 'oncall.console' });
    expect(sleeps).toHaveLength(2);
    for (const wait of sleeps) expect(wait).toBeGreaterThanOrEqual(INJECTED_RETRY_AFTER_SECONDS * 1000);
    expect(s.requests.map((request) => request.status)).toEqual([429, 429, 200]);
  });

  it('429 on a POST is retried (the instance did nothing); 5xx, dropped connections and malformed bodies on reads are retried', async () => {
    const { sim: s, provider } = await setup();
    s.faults.inject({ kind: 'server-error', count: 1, status: 503 });
    s.faults.inject({ kind: 'drop', count: 1 });
    s.faults.inject({ kind: 'malformed', count: 1 });
    const ticket = await provider.createTicket(newTicket('QFLAKY'));
    s.faults.inject({ kind: 'rate-limit', count: 1, path: '/api/now/table/incident' });
    await expect(provider.createTicket(newTicket('QFLAKY2'))).resolves.toMatchObject({ pagingIncidentId: 'QFLAKY2' });
    expect(s.state.incidentsByCorrelationId('QFLAKY')).toHaveLength(1);
    expect(s.state.incidentsByCorrelationId('QFLAKY2')).toHaveLength(1);
    expect(ticket.pagingIncidentId).toBe('QFLAKY');
  });

  it('gives up with a transient error carrying retryAt once retries are spent', async () => {
    const { sim: s, provider } = await setup({}, { maxRetries: 1 });
    s.faults.inject({ kind: 'rate-limit', count: 5 });
    const error = (await provider.whoAmI().catch((caught: unknown) => caught)) as ProviderError;
    expect(error.kind).toBe('transient');
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/rate limiting GET \/api\/now\/table\/sys_user \(429\): Rate limit exceeded.*gave up after 2 attempts/);
    expect(error.retryAt).toBeGreaterThan(Date.now());
  });
});

describe('changesSince', () => {
  it("reports people's notes, reassignments, priority changes and resolutions, but not the console's own writes", async () => {
    const { sim: s, provider } = await setup();
    const mine = await provider.createTicket(newTicket('QSYNC1'));
    const theirs = await provider.createTicket(newTicket('QSYNC2'));
    const baseline = await provider.changesSince(null);
    expect(baseline.changes).toEqual([]);

    // The console's own writes.
    await provider.addWorkNote(mine.id, 'Console says hi', '00000003');
    await provider.reassign(mine.id, demoServiceNowRouting(coreNetwork.id)!);
    await provider.declareMajor(mine.id, 'big one');
    // People in ServiceNow.
    const network = demoServiceNowRouting(coreNetwork.id)!;
    s.state.addWorkNote(theirs.id, 'DBA here: replica lag is 40 minutes', 'victor.alvarez');
    s.state.updateIncident(theirs.id, { assignment_group: network.assignmentGroupId! }, { actor: 'isabel.moreno' });
    s.state.updateIncident(theirs.id, { urgency: '1', impact: '1' }, { actor: 'isabel.moreno' });

    const first = await provider.changesSince(baseline.cursor);
    const summary = first.changes.map((change) => [change.kind, change.ticket.number]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ['note', theirs.number],
        ['reassigned', theirs.number],
        ['priority', theirs.number],
      ]),
    );
    expect(first.changes.filter((change) => change.ticket.id === mine.id)).toEqual([]);
    const note = first.changes.find((change) => change.kind === 'note');
    expect(note).toMatchObject({ text: 'DBA here: replica lag is 40 minutes', author: { name: 'Victor Alvarez' } });

    // Nothing new: nothing reported (the overlap re-reads but does not repeat).
    const second = await provider.changesSince(first.cursor);
    expect(second.changes).toEqual([]);

    // A person resolves in ServiceNow.
    s.state.updateIncident(
      theirs.id,
      { state: '6', close_code: 'Solution provided', close_notes: 'fixed by DBA' },
      { actor: 'victor.alvarez' },
    );
    const third = await provider.changesSince(second.cursor);
    expect(third.changes.map((change) => change.kind)).toEqual(['resolved']);
  });

  it("after a restart (a new provider, memory lost) the console's own last update is still not echoed", async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('QRESTART'));
    const { cursor } = await provider.changesSince(null);
    await provider.reassign(ticket.id, demoServiceNowRouting(coreNetwork.id)!);
    const restarted = createServiceNowProvider({
      instanceUrl: s.baseUrl,
      auth: { kind: 'basic', user: 'oncall.console', password: PASSWORD },
    });
    expect((await restarted.changesSince(cursor)).changes).toEqual([]);
  });

  it('refuses a cursor it cannot read, saying what to do', async () => {
    const { provider } = await setup();
    await expect(provider.changesSince('{"since":"x"}')).rejects.toThrow(/pass null to start a new baseline/);
  });
});
