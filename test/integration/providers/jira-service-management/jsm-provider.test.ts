/**
 * The Jira Service Management provider over real HTTP against the simulator: every port
 * method, idempotent replays, paging, 429 with Retry-After, 5xx retries, refusals with
 * clear messages, rejected credentials, and changesSince without echo.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { CONSOLE_NOTE_MARKER, type NewTicket } from '../../../../electron/engine/ports/ticketing';
import {
  createJiraServiceManagementProvider,
  type JiraServiceManagementConfig,
} from '../../../../electron/providers/jira-service-management';
import {
  demoJiraServiceManagementRoutingMap,
  INJECTED_RETRY_AFTER_SECONDS,
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
  type JiraServiceManagementSimulatorOptions,
} from '../../../../electron/simulators/jira-service-management';

const EMAIL = 'oncall-console@example.com';
const TOKEN = 'ATATT3xFfGF0-secret-token-value';
let sim: JiraServiceManagementSimulator | null = null;
let clock = Date.parse('2026-11-26T10:00:00Z');

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: JiraServiceManagementSimulatorOptions = {}, config: Partial<JiraServiceManagementConfig> = {}) {
  clock = Date.parse('2026-11-26T10:00:00Z');
  sim = await startJiraServiceManagementSimulator({ now: () => clock, validCredentials: [{ email: EMAIL, apiToken: TOKEN }], ...options });
  const sleeps: number[] = [];
  const provider = createJiraServiceManagementProvider({
    siteUrl: sim.baseUrl,
    email: EMAIL,
    apiToken: TOKEN,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...config,
  });
  return { sim, provider, sleeps };
}

const routing = demoJiraServiceManagementRoutingMap();
const [firstService] = [...routing.entries()];
// A service of another team, so a reassignment changes every routing field.
const secondService = [...routing.entries()].find(([, r]) => r.assignmentGroupId !== firstService![1].assignmentGroupId);

function newTicket(pagingIncidentId: string, overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    pagingIncidentId,
    title: `[#${pagingIncidentId}] Payments API error rate above 5%`,
    description: 'Error rate 7.2% on payments-api.\nDashboard: https://grafana.example.com/d/payments',
    urgency: 'high',
    priority: 'P2',
    ...firstService![1],
    ...overrides,
  };
}

async function thrown(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('reads and creation', () => {
  it('whoAmI names the account behind the API token', async () => {
    const { provider } = await setup();
    expect(await provider.whoAmI()).toMatchObject({ name: 'On-Call Console Integration', email: EMAIL });
  });

  it('createTicket raises one request with mapped priority, urgency, label and routing, and a replay returns the same request', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1ABC'));
    expect(ticket).toMatchObject({
      provider: 'jira-service-management',
      number: 'ITSM-1',
      stage: 'new',
      state: 'Open',
      priority: 'High',
      pagingIncidentId: 'Q1ABC',
      majorIncident: false,
    });
    expect(ticket.assignmentGroup?.id).toBe(firstService![1].assignmentGroupId);
    expect(ticket.businessService?.id).toBe(firstService![1].businessServiceId);
    expect(ticket.configurationItem).toEqual({ id: firstService![1].configurationItemId, name: expect.stringMatching(/\(CMDB-\d+\)$/) });
    expect(ticket.url).toBe(`${s.baseUrl}/browse/ITSM-1`);
    const record = s.state.getIssue('ITSM-1')!;
    expect(record.labels).toEqual(['pagerduty', 'pagerduty-Q1ABC']);
    expect(record.urgency).toBe('High');

    const again = await provider.createTicket(newTicket('Q1ABC'));
    expect(again.id).toBe(ticket.id);
    expect(s.state.listIssues()).toHaveLength(1);
    expect(s.requests.filter((r) => r.method === 'POST' && r.path === '/rest/servicedeskapi/request')).toHaveLength(1);
  });

  it('maps P1..P5 to Highest..Lowest', async () => {
    const { provider } = await setup();
    const names = [];
    for (const [index, priority] of ['P1', 'P2', 'P3', 'P4', 'P5'].entries())
      names.push((await provider.createTicket(newTicket(`QP${index}`, { priority }))).priority);
    expect(names).toEqual(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
  });

  it('findByPagingIncidents searches in chunks with nextPageToken paging and returns one ticket per incident', async () => {
    const { sim: s, provider } = await setup({ seedRequests: 30 });
    const ids = Array.from({ length: 120 }, (_, i) => `QX${i}`);
    for (const id of ids) {
      const rt = '10';
      s.state.createIssue({
        requestTypeId: rt,
        summary: id,
        reporterId: s.state.users[0]!.accountId,
        labels: ['pagerduty', `pagerduty-${id}`],
      });
    }
    // A second, resolved request for one incident: the open one wins.
    const dup = s.state.createIssue({
      requestTypeId: '10',
      summary: 'dup',
      reporterId: s.state.users[0]!.accountId,
      labels: ['pagerduty', 'pagerduty-QX7'],
    });
    s.state.transitionIssue(dup, '41', 'Done', s.state.users[0]!.accountId);
    s.resetRequestLog();
    const tickets = await provider.findByPagingIncidents([...ids, 'QNONE']);
    expect(tickets.map((t) => t.pagingIncidentId)).toEqual(ids);
    expect(tickets.find((t) => t.pagingIncidentId === 'QX7')?.stage).toBe('new');
    const searches = s.requests.filter((r) => r.path === '/rest/api/3/search/jql');
    expect(searches.length).toBe(3);
    for (const request of searches) expect(new URLSearchParams(request.query).get('jql')).toMatch(/^project = "ITSM" AND labels in \(/);
  });

  it('pages search results with nextPageToken when one chunk has more than a page', async () => {
    const { sim: s, provider } = await setup();
    for (let i = 0; i < 130; i++)
      s.state.createIssue({
        requestTypeId: '10',
        summary: `x${i}`,
        reporterId: s.state.users[0]!.accountId,
        labels: ['pagerduty', 'pagerduty-QSAME'],
      });
    s.resetRequestLog();
    const [ticket] = await provider.findByPagingIncidents(['QSAME']);
    expect(ticket?.number).toBe('ITSM-1');
    const searches = s.requests.filter((r) => r.path === '/rest/api/3/search/jql');
    expect(searches).toHaveLength(2);
    expect(new URLSearchParams(searches[1]!.query).get('nextPageToken')).toBeTruthy();
  });
});

describe('mirrored actions', () => {
  it('acknowledge moves the request to Work in progress by target status and assigns it; a replay changes nothing', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1ACK'));
    const dana = s.state.getUserByEmail('dana.developer@example.com')!;
    const acked = await provider.acknowledge(ticket.id, dana.accountId);
    expect(acked).toMatchObject({
      stage: 'in-progress',
      state: 'Work in progress',
      assignedTo: { id: dana.accountId, name: 'Dana Developer' },
    });
    const changes = s.state.changelogOf(s.state.getIssue(ticket.id)!).length;
    await provider.acknowledge(ticket.id, dana.accountId);
    expect(s.state.changelogOf(s.state.getIssue(ticket.id)!).length).toBe(changes);
  });

  it('addWorkNote writes one internal comment ending with the marker and note id, once when replayed, twice when written twice', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1NOTE'));
    await provider.addWorkNote(ticket.id, 'Rolled back the deploy', '0a1b2c3d');
    await provider.addWorkNote(ticket.id, 'Rolled back the deploy', '0a1b2c3d');
    const comments = s.state.commentsOf(s.state.getIssue(ticket.id)!);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ public: false });
    expect(comments[0]!.body.endsWith(`${CONSOLE_NOTE_MARKER} note 0a1b2c3d`)).toBe(true);
    await provider.addWorkNote(ticket.id, 'Rolled back the deploy', '4e5f6a7b');
    expect(s.state.commentsOf(s.state.getIssue(ticket.id)!)).toHaveLength(2);
  });

  it('reassign sets team, affected service and configuration item, and clears what the new routing lacks', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1RE'));
    const moved = await provider.reassign(ticket.id, secondService![1]);
    expect(moved.assignmentGroup?.id).toBe(secondService![1].assignmentGroupId);
    expect(moved.businessService?.id).toBe(secondService![1].businessServiceId);
    expect(moved.configurationItem?.id).toBe(secondService![1].configurationItemId);
    const cleared = await provider.reassign(ticket.id, { ...secondService![1], configurationItemId: null });
    expect(cleared.configurationItem).toBeNull();
    expect(s.state.getIssue(ticket.id)!.configurationItemIds).toEqual([]);
  });

  it('declareMajor sets the Major incident field and Highest priority, with the reason as an internal comment', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1MAJ'));
    const major = await provider.declareMajor(ticket.id, 'Checkout down for all EU customers');
    expect(major).toMatchObject({ majorIncident: true, priority: 'Highest' });
    await provider.declareMajor(ticket.id, 'Checkout down for all EU customers');
    const issue = s.state.getIssue(ticket.id)!;
    expect(s.state.commentsOf(issue)).toHaveLength(1);
    expect(s.state.commentsOf(issue)[0]!.body).toContain('Checkout down for all EU customers');
  });

  it('resolve transitions to Resolved with a resolution and adds the close notes once', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1RES'));
    const resolved = await provider.resolve(ticket.id, 'Rolled back release 4.2');
    expect(resolved).toMatchObject({ stage: 'resolved', state: 'Resolved' });
    expect(s.state.getIssue(ticket.id)!.resolution).toBe('Done');
    await provider.resolve(ticket.id, 'Rolled back release 4.2');
    const comments = s.state.commentsOf(s.state.getIssue(ticket.id)!);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ public: true });
    expect(comments[0]!.body).toContain('Rolled back release 4.2');
  });
});

describe('refusals and errors', () => {
  it('a transition not allowed from the current status names the request and the allowed transitions', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1PEND'));
    const issue = s.state.getIssue(ticket.id)!;
    s.state.transitionIssue(issue, '41', 'Done', s.state.users[0]!.accountId);
    s.state.transitionIssue(issue, '51', null, s.state.users[0]!.accountId);
    const error = await thrown(provider.acknowledge(ticket.id, s.state.users[0]!.accountId));
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(/^ITSM-1 is Closed: closed requests cannot be changed/);
    expect(error.message).toContain('reopen it in Jira Service Management');
  });

  it('a workflow without a path to the target status lists the transitions it has', async () => {
    const { sim: s, provider } = await setup({}, { statuses: { inProgress: 'Investigating' } });
    const ticket = await provider.createTicket(newTicket('Q1WF'));
    const error = await thrown(provider.acknowledge(ticket.id, s.state.users[0]!.accountId));
    expect(error.message).toContain('ITSM-1 is Open: its workflow has no transition to Investigating');
    expect(error.message).toContain('"Start work" to Work in progress');
  });

  it("turns Jira's 400 for a transition that stopped being valid into a message with the transitions allowed now", async () => {
    let moveFirst: (() => void) | null = null;
    const racingFetch: typeof fetch = async (input, init) => {
      // Someone resolves the request in Jira between our reading its transitions and posting one.
      if (init?.method === 'POST' && String(input).endsWith('/transitions') && moveFirst) {
        moveFirst();
        moveFirst = null;
      }
      return fetch(input, init);
    };
    const { sim: s, provider } = await setup({}, { fetch: racingFetch });
    const ticket = await provider.createTicket(newTicket('Q1RACE'));
    const issue = s.state.getIssue(ticket.id)!;
    moveFirst = () => s.state.transitionIssue(issue, '41', 'Done', s.state.users[0]!.accountId);
    const error = await thrown(provider.acknowledge(ticket.id, s.state.users[0]!.accountId));
    expect(error).toMatchObject({ kind: 'rejected', status: 400 });
    expect(error.message).toContain('did not allow ITSM-1 to move from Resolved to Work in progress');
    expect(error.message).toContain("Transition id '11' is not valid for this issue.");
    expect(error.message).toContain('allowed now: "Close" to Closed, "Reopen" to Work in progress');
  });

  it('a 403 on an edit names the request and the permission to grant', async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1ACL'));
    s.state.denyEdits('ITSM-1');
    const error = await thrown(provider.reassign(ticket.id, secondService![1]));
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(403);
    expect(error.message).toContain('refused to update ITSM-1');
    expect(error.message).toContain('"Edit issues"');
  });

  it('rejected credentials give an auth error without the token', async () => {
    const { provider } = await setup({}, { apiToken: 'wrong-token-123' });
    const error = await thrown(provider.whoAmI());
    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).not.toContain('wrong-token-123');
    expect(error.message).not.toContain(Buffer.from(`${EMAIL}:wrong-token-123`).toString('base64'));
    expect(error.message).toContain('JIRA_API_TOKEN');
  });

  it('honours Retry-After on 429 and retries 5xx', async () => {
    const { sim: s, provider, sleeps } = await setup();
    await provider.whoAmI();
    s.faults.inject({ kind: 'rate-limit', count: 1, path: '/rest/api/3/search/jql' });
    s.faults.inject({ kind: 'server-error', count: 2, status: 503, path: '/rest/api/3/search/jql' });
    const tickets = await provider.findByPagingIncidents(['Q1NONE']);
    expect(tickets).toEqual([]);
    expect(sleeps[0]).toBeGreaterThanOrEqual(INJECTED_RETRY_AFTER_SECONDS * 1000);
    expect(sleeps).toHaveLength(3);
  });

  it('does not resend a request creation after an ambiguous failure, and gives a transient error', async () => {
    const { sim: s, provider } = await setup();
    await provider.whoAmI();
    s.faults.inject({ kind: 'server-error', count: 1, status: 502, path: '/rest/servicedeskapi/request' });
    const error = await thrown(provider.createTicket(newTicket('Q1AMB')));
    expect(error.kind).toBe('transient');
    expect(s.requests.filter((r) => r.method === 'POST' && r.path === '/rest/servicedeskapi/request')).toHaveLength(1);
    // The outbox replays: the request is raised then.
    expect((await provider.createTicket(newTicket('Q1AMB'))).pagingIncidentId).toBe('Q1AMB');
  });
});

describe('changesSince', () => {
  it("reports people's comments, reassignments, priority changes and resolutions, not the console's own writes", async () => {
    const { sim: s, provider } = await setup();
    const ticket = await provider.createTicket(newTicket('Q1SYNC'));
    const first = await provider.changesSince(null);
    expect(first.changes).toEqual([]);
    clock += 60_000;
    await provider.addWorkNote(ticket.id, 'console note', '00000001');
    await provider.acknowledge(ticket.id, s.state.users[0]!.accountId);
    clock += 60_000;
    const isabel = s.state.getUserByEmail('isabel.moreno@example.com')!;
    const issue = s.state.getIssue(ticket.id)!;
    s.state.addComment(issue, isabel.accountId, 'Bridge opened, join the call', false);
    s.state.updateIssue(issue, { priorityName: 'Highest' }, isabel.accountId);
    clock += 1_000;
    s.state.updateIssue(issue, { teamId: secondService![1].assignmentGroupId }, isabel.accountId);
    const second = await provider.changesSince(first.cursor);
    expect(second.changes.map((change) => change.kind).sort()).toEqual(['note', 'priority', 'reassigned']);
    expect(second.changes.find((change) => change.kind === 'note')).toMatchObject({
      kind: 'note',
      text: 'Bridge opened, join the call',
      author: { id: isabel.accountId, name: 'Isabel Moreno' },
    });
    expect(second.changes.find((change) => change.kind === 'reassigned')!.ticket.assignmentGroup?.id).toBe(
      secondService![1].assignmentGroupId,
    );

    const third = await provider.changesSince(second.cursor);
    expect(third.changes).toEqual([]);
    clock += 120_000;
    s.state.transitionIssue(issue, '41', 'Done', isabel.accountId);
    const fourth = await provider.changesSince(third.cursor);
    expect(fourth.changes.map((change) => change.kind)).toEqual(['resolved']);
  });

  it('searches with the JQL date in the account time zone', async () => {
    const { sim: s, provider } = await setup();
    await provider.createTicket(newTicket('Q1TZ'));
    const { cursor } = await provider.changesSince(null);
    s.resetRequestLog();
    await provider.changesSince(cursor);
    const jql = new URLSearchParams(s.requests.find((r) => r.path === '/rest/api/3/search/jql')!.query).get('jql');
    expect(jql).toBe('project = "ITSM" AND labels = "pagerduty" AND updated >= "2026/11/26 09:58" ORDER BY updated ASC');
  });
});
