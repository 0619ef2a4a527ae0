/**
 * The Jira Service Management simulator's wire protocol over real HTTP: Basic auth and its
 * 401, Service Desk paging (start/limit, isLastPage, _links), request creation limited to
 * the request type's form, JQL search (/search/jql, nextPageToken, the retired /search),
 * workflow transitions and their 400, comments, the changelog, rate limiting and faults.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import {
  FIELD_IDS,
  demoJiraServiceManagementRouting,
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
  type JiraServiceManagementSimulatorOptions,
} from '../../../../electron/simulators/jira-service-management';

const EMAIL = 'dana.developer@example.com';
const TOKEN = 'sim-token';
let sim: JiraServiceManagementSimulator | null = null;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await sim?.close();
  sim = null;
  for (const close of closers.splice(0)) await close();
});

async function start(options: JiraServiceManagementSimulatorOptions = {}) {
  sim = await startJiraServiceManagementSimulator({ validCredentials: [{ email: EMAIL, apiToken: TOKEN }], ...options });
  return sim;
}

function auth(email = EMAIL, token = TOKEN): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`, Accept: 'application/json' };
}

async function call(
  s: JiraServiceManagementSimulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = auth(),
) {
  const response = await fetch(`${s.baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire bodies are read loosely in these tests
  return { status: response.status, headers: response.headers, json: json as Record<string, any> };
}

async function raise(s: JiraServiceManagementSimulator, fields: Record<string, unknown> = {}) {
  return call(s, 'POST', '/rest/servicedeskapi/request', {
    serviceDeskId: '1',
    requestTypeId: '10',
    requestFieldValues: { summary: 'Checkout is down', description: 'All EU users', ...fields },
  });
}

describe('auth', () => {
  it('answers 401 with Jira Cloud text to wrong or missing credentials, and records the request', async () => {
    const s = await start();
    expect((await call(s, 'GET', '/rest/api/3/myself', undefined, auth(EMAIL, 'nope'))).status).toBe(401);
    const missing = await call(s, 'GET', '/rest/api/3/myself', undefined, {});
    expect(missing.status).toBe(401);
    expect(missing.json).toBe('Client must be authenticated to access this resource.');
    const me = await call(s, 'GET', '/rest/api/3/myself');
    expect(me.json).toMatchObject({ displayName: 'Dana Developer', emailAddress: EMAIL, accountType: 'atlassian' });
    expect(s.requests.map((r) => r.status)).toEqual([401, 401, 200]);
  });
});

describe('mirrors the PagerDuty organisation', () => {
  it("has the PagerDuty simulator's people, and routes its services to teams, services and Assets objects", async () => {
    const pd = await startPagerDutySimulator({ seedIncidents: 0 });
    closers.push(() => pd.close());
    const s = await start({ org: pd.state });
    expect(s.state.users.map((u) => u.emailAddress)).toEqual(expect.arrayContaining(pd.state.users.map((u) => u.email)));
    const service = pd.state.getServiceByName('Oracle Database Cluster')!;
    const routing = demoJiraServiceManagementRouting(service.id, pd.state)!;
    expect(s.state.getTeam(routing.assignmentGroupId!)?.name).toBe('Database Administration');
    expect(s.state.getService(routing.businessServiceId!)?.name).toBe('Oracle Database Cluster');
    expect(s.state.getAsset(routing.configurationItemId!.split(':')[1]!)?.objectTypeName).toBe('Database');
    // The default organisation is the PagerDuty simulator's for seed 1.
    expect(demoJiraServiceManagementRouting(service.id)).toEqual(routing);
  });
});

describe('Service Desk API', () => {
  it('pages with start/limit, isLastPage and _links.next', async () => {
    const s = await start();
    const created = await raise(s);
    for (let i = 0; i < 7; i++)
      await call(s, 'POST', `/rest/servicedeskapi/request/${created.json.issueKey}/comment`, { body: `c${i}`, public: i % 2 === 0 });
    const first = await call(s, 'GET', `/rest/servicedeskapi/request/${created.json.issueKey}/comment?start=0&limit=5`);
    expect(first.json).toMatchObject({ size: 5, start: 0, limit: 5, isLastPage: false });
    expect(first.json._links.next).toContain('start=5');
    const second = await call(s, 'GET', `/rest/servicedeskapi/request/${created.json.issueKey}/comment?start=5&limit=5`);
    expect(second.json).toMatchObject({ size: 2, isLastPage: true });
    const internal = await call(s, 'GET', `/rest/servicedeskapi/request/${created.json.issueKey}/comment?public=false`);
    expect(internal.json.values.map((c: { body: string }) => c.body)).toEqual(['c1', 'c3', 'c5']);
  });

  it("creates a request from the request type's form and refuses fields not on it", async () => {
    const s = await start();
    const created = await raise(s, { priority: { name: 'High' }, labels: ['pagerduty'] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      issueKey: 'ITSM-1',
      requestTypeId: '10',
      serviceDeskId: '1',
      currentStatus: { status: 'Open', statusCategory: 'NEW' },
    });
    expect(created.json.createdDate.epochMillis).toEqual(expect.any(Number));
    const refused = await raise(s, { assignee: { accountId: s.state.users[0]!.accountId } });
    expect(refused.status).toBe(400);
    expect(refused.json.errors.assignee).toContain('cannot be set');
    const wrongPriority = await raise(s, { priority: { name: 'Urgent' } });
    expect(wrongPriority.json.errors.priority).toContain('Highest');
  });

  it('keeps long comments intact, refuses one past 32,767 characters, and bumps updated on every comment', async () => {
    let now = Date.parse('2026-11-26T10:30:00Z');
    const s = await start({ now: () => now });
    const { json } = await raise(s);
    now += 5_000;
    const long = JSON.stringify({ kind: 'state', notes: 'x'.repeat(9_000), quote: '"{[|*_\\' }) + '\n\n[On-Call Console]';
    const posted = await call(s, 'POST', `/rest/servicedeskapi/request/${json.issueKey}/comment`, { body: long, public: false });
    expect(posted.status).toBe(201);
    const listed = await call(s, 'GET', `/rest/servicedeskapi/request/${json.issueKey}/comment`);
    expect(listed.json.values[0]).toMatchObject({
      body: long,
      public: false,
      author: { emailAddress: EMAIL, displayName: expect.any(String) },
      created: { epochMillis: now },
    });
    const issue = await call(s, 'GET', `/rest/api/3/issue/${json.issueKey}?fields=updated`);
    expect(issue.json.fields.updated).toBe('2026-11-26T10:30:05.000+0000');
    const tooLong = await call(s, 'POST', `/rest/servicedeskapi/request/${json.issueKey}/comment`, {
      body: 'y'.repeat(32_768),
      public: false,
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toEqual({
      errorMessages: [],
      errors: { comment: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' },
    });
    expect(s.state.commentsOf(s.state.getIssue(json.issueKey)!)).toHaveLength(1);
  });

  it('lists request type fields with the valid teams and services', async () => {
    const s = await start();
    const fields = await call(s, 'GET', '/rest/servicedeskapi/servicedesk/1/requesttype/10/field');
    const team = fields.json.requestTypeFields.find((f: { fieldId: string }) => f.fieldId === FIELD_IDS.team);
    expect(team.validValues.map((v: { label: string }) => v.label)).toContain('Payments');
  });
});

describe('platform API', () => {
  it('retired /rest/api/3/search answers 410; /search/jql refuses unbounded JQL and pages with nextPageToken', async () => {
    const s = await start({ seedRequests: 7 });
    const old = await call(s, 'GET', '/rest/api/3/search?jql=project%3DITSM');
    expect(old.status).toBe(410);
    expect(old.json.errorMessages[0]).toContain('/rest/api/3/search/jql');
    const unbounded = await call(s, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('order by key desc')}`);
    expect(unbounded.status).toBe(400);
    expect(unbounded.json.errorMessages[0]).toContain('Unbounded JQL');
    const jql = encodeURIComponent('project = ITSM ORDER BY created ASC');
    const idsOnly = await call(s, 'GET', `/rest/api/3/search/jql?jql=${jql}&maxResults=5`);
    expect(idsOnly.json.issues[0]).toEqual({ id: '10001' });
    expect(idsOnly.json.isLast).toBe(false);
    const next = await call(
      s,
      'GET',
      `/rest/api/3/search/jql?jql=${jql}&maxResults=5&fields=summary&nextPageToken=${idsOnly.json.nextPageToken}`,
    );
    expect(next.json.issues.map((i: { key: string }) => i.key)).toEqual(['ITSM-6', 'ITSM-7']);
    expect(next.json.isLast).toBe(true);
    const badField = await call(s, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('colour = red')}`);
    expect(badField.json.errorMessages[0]).toBe("Field 'colour' does not exist or you do not have permission to view it.");
  });

  it('reads JQL dates in the searching account time zone', async () => {
    let now = Date.parse('2026-11-26T10:30:00Z');
    const s = await start({ now: () => now });
    await raise(s);
    now += 60_000;
    // Dana's time zone in the demo org decides how "10:30" is read.
    const zone = s.state.getUserByEmail(EMAIL)!.timeZone;
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(new Date(Date.parse('2026-11-26T10:30:00Z')))
      .replace(',', '')
      .replace(/-/g, '/');
    const hit = await call(s, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(`project = ITSM AND updated >= "${local}"`)}`);
    expect(hit.json.issues).toHaveLength(1);
    const later = local.replace(/(\d{2})$/, (m) => String(Number(m) + 1).padStart(2, '0'));
    const miss = await call(s, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(`project = ITSM AND updated >= "${later}"`)}`);
    expect(miss.json.issues).toHaveLength(0);
  });

  it('finds requests by label changed since a date, ordered by updated ascending', async () => {
    let now = Date.parse('2026-11-26T10:30:00Z');
    const s = await start({ now: () => now });
    const first = (await raise(s, { labels: ['oncall-console-request'] })).json.issueKey as string;
    now += 60_000;
    const second = (await raise(s, { labels: ['oncall-console-request'] })).json.issueKey as string;
    await raise(s, { labels: ['other'] });
    now += 60_000;
    await call(s, 'POST', `/rest/servicedeskapi/request/${first}/comment`, { body: 'bump', public: true });
    const zone = s.state.getUserByEmail(EMAIL)!.timeZone;
    const from = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(new Date(Date.parse('2026-11-26T10:30:00Z')))
      .replace(',', '');
    const jql = `project = ITSM AND labels = "oncall-console-request" AND updated >= "${from}" ORDER BY updated ASC`;
    const found = await call(s, 'GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=updated`);
    expect(found.json.issues.map((i: { key: string }) => i.key)).toEqual([second, first]);
    expect(found.json.issues[1].fields.updated).toBe('2026-11-26T10:32:00.000+0000');
  });

  it('transitions by id, refuses one not valid from the current status with 400, and logs changes with their author', async () => {
    const s = await start();
    const { json } = await raise(s);
    const list = await call(s, 'GET', `/rest/api/3/issue/${json.issueKey}/transitions`);
    expect(list.json.transitions.map((t: { to: { name: string } }) => t.to.name)).toEqual([
      'Work in progress',
      'Pending',
      'Resolved',
      'Canceled',
    ]);
    const close = await call(s, 'POST', `/rest/api/3/issue/${json.issueKey}/transitions`, { transition: { id: '51' } });
    expect(close.status).toBe(400);
    expect(close.json).toEqual({ errorMessages: ["Transition id '51' is not valid for this issue."], errors: {} });
    const noResolution = await call(s, 'POST', `/rest/api/3/issue/${json.issueKey}/transitions`, { transition: { id: '41' } });
    expect(noResolution.json.errors.resolution).toBe('Resolution is required.');
    expect((await call(s, 'POST', `/rest/api/3/issue/${json.issueKey}/transitions`, { transition: { id: '11' } })).status).toBe(204);
    expect((await call(s, 'PUT', `/rest/api/3/issue/${json.issueKey}`, { fields: { priority: { name: 'Highest' } } })).status).toBe(204);
    const log = await call(s, 'GET', `/rest/api/3/issue/${json.issueKey}/changelog`);
    expect(log.json.values.map((v: { items: { field: string }[] }) => v.items[0]!.field)).toEqual(['status', 'priority']);
    expect(log.json.values[1].author.emailAddress).toBe(EMAIL);
    const issue = await call(s, 'GET', `/rest/api/3/issue/${json.issueKey}?fields=status,priority`);
    expect(issue.json.fields).toMatchObject({
      status: { name: 'Work in progress', statusCategory: { key: 'indeterminate' } },
      priority: { name: 'Highest' },
    });
    expect(Object.keys(issue.json.fields)).toEqual(['status', 'priority']);
  });

  it('answers 403 on edits to a request the account may not edit, and 400 on edits to a Closed one', async () => {
    const s = await start();
    const { json } = await raise(s);
    s.state.denyEdits(json.issueKey);
    const denied = await call(s, 'PUT', `/rest/api/3/issue/${json.issueKey}`, { fields: { labels: ['x'] } });
    expect(denied.status).toBe(403);
    s.state.allowEdits(json.issueKey);
    const issue = s.state.getIssue(json.issueKey)!;
    s.state.transitionIssue(issue, '41', 'Done', issue.reporterId);
    s.state.transitionIssue(issue, '51', null, issue.reporterId);
    const frozen = await call(s, 'PUT', `/rest/api/3/issue/${json.issueKey}`, { fields: { labels: ['x'] } });
    expect(frozen.status).toBe(400);
    expect(frozen.json.errorMessages[0]).toContain('(Closed)');
  });
});

describe('rate limits and faults', () => {
  it('answers 429 with Retry-After and X-RateLimit headers past the per-minute limit', async () => {
    const s = await start({ rateLimitPerMinute: 2 });
    await call(s, 'GET', '/rest/api/3/myself');
    const second = await call(s, 'GET', '/rest/api/3/myself');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await call(s, 'GET', '/rest/api/3/myself');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
  });

  it('injects faults through the control routes, by path prefix', async () => {
    const s = await start();
    const injected = await fetch(`${s.baseUrl}/_simulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'server-error', count: 1, status: 503, path: '/rest/api/3/myself' }),
    });
    expect(injected.status).toBe(204);
    expect((await call(s, 'GET', '/rest/servicedeskapi/servicedesk')).status).toBe(200);
    expect((await call(s, 'GET', '/rest/api/3/myself')).status).toBe(503);
    expect((await call(s, 'GET', '/rest/api/3/myself')).status).toBe(200);
    const denied = await fetch(`${s.baseUrl}/_simulator/deny-edits`, { method: 'POST', body: JSON.stringify({ issueKey: 'ITSM-9' }) });
    expect(denied.status).toBe(204);
  });
});
