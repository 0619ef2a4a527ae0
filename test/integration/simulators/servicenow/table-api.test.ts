/**
 * The ServiceNow simulator over real HTTP: the Table API's wire protocol (paging headers,
 * display values, encoded queries, error bodies, auth), the instance rules it enforces on
 * incidents, rate limiting, faults, control routes and the demo org it mirrors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import {
  demoServiceNowRouting,
  startServiceNowSimulator,
  type ServiceNowSimulator,
  type ServiceNowSimulatorOptions,
} from '../../../../electron/simulators/servicenow';

let sim: ServiceNowSimulator | null = null;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await sim?.close();
  sim = null;
  for (const close of closers.splice(0)) await close();
});

const BASIC = { Authorization: `Basic ${Buffer.from('oncall.console:pw').toString('base64')}` };

async function start(options: ServiceNowSimulatorOptions = {}): Promise<ServiceNowSimulator> {
  sim = await startServiceNowSimulator(options);
  return sim;
}

async function call(
  s: ServiceNowSimulator,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${s.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...BASIC, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function createIncident(s: ServiceNowSimulator, body: Record<string, unknown>) {
  const { status, json } = await call(s, '/api/now/table/incident', { method: 'POST', body });
  expect(status).toBe(201);
  return (json as { result: Record<string, string> }).result;
}

describe('reads', () => {
  it('pages with sysparm_limit/offset, X-Total-Count and a Link header with first, prev, next and last', async () => {
    const s = await start({ seedIncidents: 0 });
    const { status, headers, json } = await call(s, '/api/now/table/sys_user?sysparm_limit=5&sysparm_offset=5&sysparm_fields=user_name');
    expect(status).toBe(200);
    const total = Number(headers.get('x-total-count'));
    expect(total).toBe(s.state.rows('sys_user').length);
    expect((json as { result: unknown[] }).result).toHaveLength(5);
    const rels = [...(headers.get('link') ?? '').matchAll(/<([^>]+)>;rel="(\w+)"/g)].map((match) => [
      match[2],
      new URL(match[1]!).searchParams.get('sysparm_offset'),
    ]);
    expect(rels).toEqual([
      ['first', '0'],
      ['prev', '0'],
      ['next', '10'],
      ['last', String(Math.floor((total - 1) / 5) * 5)],
    ]);
  });

  it('gives actual values, display values, or both; references carry a link unless excluded', async () => {
    const s = await start({ seedIncidents: 0 });
    const group = s.state.rows('sys_user_group').find((row) => row.name === 'Payments')!;
    const created = await createIncident(s, { short_description: 'x', assignment_group: group.sys_id, urgency: '1', impact: '1' });
    const path = `/api/now/table/incident/${created.sys_id}?sysparm_fields=assignment_group,priority`;
    const plain = (await call(s, path)).json as { result: Record<string, unknown> };
    expect(plain.result).toEqual({
      assignment_group: { link: `${s.baseUrl}/api/now/table/sys_user_group/${group.sys_id}`, value: group.sys_id },
      priority: '1',
    });
    const display = (await call(s, `${path}&sysparm_display_value=true&sysparm_exclude_reference_link=true`)).json as {
      result: Record<string, unknown>;
    };
    expect(display.result).toEqual({ assignment_group: 'Payments', priority: '1 - Critical' });
    const all = (await call(s, `${path}&sysparm_display_value=all&sysparm_exclude_reference_link=true`)).json as {
      result: Record<string, unknown>;
    };
    expect(all.result).toEqual({
      assignment_group: { display_value: 'Payments', value: group.sys_id },
      priority: { display_value: '1 - Critical', value: '1' },
    });
  });

  it('evaluates encoded queries (AND, OR, IN, STARTSWITH, >=, javascript: helpers, ORDERBYDESC) and name-value filters', async () => {
    const s = await start({ seedIncidents: 0 });
    for (const [id, urgency] of [
      ['QA', '1'],
      ['QB', '2'],
      ['QC', '3'],
    ] as const)
      await createIncident(s, { short_description: `alert ${id}`, correlation_id: id, urgency });
    const numbers = async (query: string) =>
      (
        (await call(s, `/api/now/table/incident?sysparm_fields=correlation_id&sysparm_query=${encodeURIComponent(query)}`)).json as {
          result: { correlation_id: string }[];
        }
      ).result.map((row) => row.correlation_id);
    expect(await numbers('correlation_idINQA,QC^ORDERBYDESCcorrelation_id')).toEqual(['QC', 'QA']);
    expect(await numbers('urgency=1^ORurgency=3^ORDERBYcorrelation_id')).toEqual(['QA', 'QC']);
    expect(await numbers('short_descriptionSTARTSWITHalert Q^urgency>=2^ORDERBYcorrelation_id')).toEqual(['QB', 'QC']);
    expect(
      await numbers(
        "sys_created_on>=javascript:gs.dateGenerate('2000-01-01','00:00:00')^opened_by=javascript:gs.getUserID()^correlation_id!=QB^ORDERBYcorrelation_id",
      ),
    ).toEqual(['QA', 'QC']);
    const byEmail = (await call(s, '/api/now/table/sys_user?email=dana.developer@example.com&sysparm_fields=name')).json as {
      result: { name: string }[];
    };
    expect(byEmail.result).toEqual([{ name: 'Dana Developer' }]);
  });

  it("refuses what it does not support with ServiceNow's error body", async () => {
    const s = await start();
    const unsupported = await call(s, `/api/now/table/incident?sysparm_query=${encodeURIComponent('sys_created_onRELATIVEGT@hour@ago@1')}`);
    expect(unsupported.status).toBe(400);
    expect(unsupported.json).toEqual({
      error: { message: 'Invalid query', detail: expect.stringContaining('RELATIVE') },
      status: 'failure',
    });
    const dotWalk = await call(s, `/api/now/table/incident?sysparm_query=${encodeURIComponent('assignment_group.name=Payments')}`);
    expect(dotWalk.status).toBe(400);
    expect((await call(s, '/api/now/table/problem')).json).toEqual({
      error: { message: 'Invalid table', detail: 'Invalid table problem' },
      status: 'failure',
    });
    expect((await call(s, '/api/now/table/incident?sysparm_offset=-9')).json).toEqual({
      error: { message: 'offset is -9', detail: 'Negative offset is not supported' },
      status: 'failure',
    });
    const missing = await call(s, '/api/now/table/incident/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" },
      status: 'failure',
    });
  });

  it("lists business services under cmdb_ci too (the CMDB class hierarchy) and mirrors the PagerDuty simulator's ids in the demo routing", async () => {
    const s = await start();
    const pd = await startPagerDutySimulator({ seedIncidents: 0 });
    closers.push(() => pd.close());
    expect(s.state.rows('cmdb_ci_service')).toHaveLength(pd.state.services.length);
    expect(s.state.rows('cmdb_ci')).toHaveLength(pd.state.services.length * 2);
    for (const service of pd.state.services) {
      const routing = demoServiceNowRouting(service.id);
      expect(routing, service.name).not.toBeNull();
      expect(s.state.get('cmdb_ci_service', routing!.businessServiceId!)?.name).toBe(service.name);
      const team = pd.state.teams.find((candidate) => candidate.id === service.teamIds[0]);
      expect(s.state.get('sys_user_group', routing!.assignmentGroupId!)?.name).toBe(team?.name);
      expect(s.state.get('cmdb_ci', routing!.configurationItemId!)?.support_group).toBe(routing!.assignmentGroupId);
    }
    expect(demoServiceNowRouting('PNOSUCH')).toBeNull();
  });
});

describe('incident rules', () => {
  it('numbers incidents, computes priority from impact x urgency, stamps sys fields, and stores work notes in sys_journal_field', async () => {
    const s = await start({ seedIncidents: 0 });
    const created = await createIncident(s, { short_description: 'x', urgency: 2, impact: 3, work_notes: 'first note' });
    expect(created).toMatchObject({
      number: 'INC0010001',
      priority: '4',
      state: '1',
      active: 'true',
      work_notes: '',
      sys_created_by: 'oncall.console',
    });
    const { json } = await call(
      s,
      `/api/now/table/sys_journal_field?sysparm_query=${encodeURIComponent(`element_id=${created.sys_id}^element=work_notes`)}`,
    );
    expect((json as { result: Record<string, string>[] }).result).toEqual([
      expect.objectContaining({ value: 'first note', name: 'incident', element: 'work_notes', sys_created_by: 'oncall.console' }),
    ]);
    const updated = await call(s, `/api/now/table/incident/${created.sys_id}`, { method: 'PATCH', body: { state: 2 } });
    expect((updated.json as { result: Record<string, string> }).result).toMatchObject({
      state: '2',
      incident_state: '2',
      sys_mod_count: '1',
      sys_updated_by: 'oncall.console',
    });
  });

  it('resolving needs a resolution code and notes (data policy, 403); closed incidents are read-only; the state model refuses New from Resolved', async () => {
    const s = await start({ seedIncidents: 0 });
    const created = await createIncident(s, { short_description: 'x' });
    const path = `/api/now/table/incident/${created.sys_id}`;
    const policy = await call(s, path, { method: 'PATCH', body: { state: '6', close_notes: 'done' } });
    expect(policy.status).toBe(403);
    expect(policy.json).toEqual({
      error: { message: 'Operation Failed', detail: 'Data Policy Exception: \n\tThe following fields are mandatory: Resolution code\n' },
      status: 'failure',
    });
    expect(
      (await call(s, path, { method: 'PATCH', body: { state: '6', close_code: 'Solution provided', close_notes: 'done' } })).status,
    ).toBe(200);
    const backToNew = await call(s, path, { method: 'PATCH', body: { state: '1' } });
    expect(backToNew.status).toBe(403);
    expect((backToNew.json as { error: { detail: string } }).error.detail).toMatch(/does not allow New \(1\) from Resolved \(6\)/);
    expect((await call(s, path, { method: 'PATCH', body: { state: '7' } })).status).toBe(200);
    const closed = await call(s, path, { method: 'PATCH', body: { work_notes: 'late' } });
    expect(closed.status).toBe(403);
    expect(closed.json).toEqual({
      error: { message: 'Operation Failed', detail: 'ACL Exception Update Failed due to security constraints' },
      status: 'failure',
    });
    expect(s.state.journal(created.sys_id!)).toEqual([]);
  });

  it('accepting a major incident sets promoted_by and promoted_on; other tables are read-only', async () => {
    const s = await start({ seedIncidents: 0 });
    const created = await createIncident(s, { short_description: 'x' });
    const { json } = await call(s, `/api/now/table/incident/${created.sys_id}`, {
      method: 'PATCH',
      body: { major_incident_state: 'accepted' },
    });
    expect((json as { result: Record<string, string> }).result).toMatchObject({
      major_incident_state: 'accepted',
      promoted_by: { value: s.state.userByName('oncall.console')!.sys_id },
    });
    const group = s.state.rows('sys_user_group')[0]!;
    expect((await call(s, `/api/now/table/sys_user_group/${group.sys_id}`, { method: 'PATCH', body: { name: 'x' } })).status).toBe(403);
  });
});

describe('auth, rate limits, faults', () => {
  it("401 with ServiceNow's body for missing or unknown credentials; Basic, Bearer and x-sn-apikey accepted", async () => {
    const s = await start({
      validCredentials: [
        { kind: 'basic', user: 'dana.developer', password: 'pw' },
        { kind: 'bearer', token: 'tok' },
        { kind: 'api-key', key: 'key', userName: 'alex.admin' },
      ],
    });
    const none = await call(s, '/api/now/table/incident', { headers: { Authorization: '' } });
    expect(none.status).toBe(401);
    expect(none.json).toEqual({
      error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' },
      status: 'failure',
    });
    expect((await call(s, '/api/now/table/incident')).status).toBe(401);
    const me = async (headers: Record<string, string>) =>
      (
        (
          await call(
            s,
            `/api/now/table/sys_user?sysparm_query=${encodeURIComponent('sys_id=javascript:gs.getUserID()')}&sysparm_fields=user_name`,
            { headers },
          )
        ).json as { result: { user_name: string }[] }
      ).result[0]?.user_name;
    expect(await me({ Authorization: `Basic ${Buffer.from('dana.developer:pw').toString('base64')}` })).toBe('dana.developer');
    expect(await me({ Authorization: 'Bearer tok' })).toBe('oncall.console');
    expect(await me({ Authorization: '', 'x-sn-apikey': 'key' })).toBe('alex.admin');
  });

  it('counts requests per user per hour: 429 with Retry-After and X-RateLimit headers beyond the limit', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    const s = await start({ rateLimitPerHour: 2, now: () => clock });
    expect((await call(s, '/api/now/table/sys_user_group?sysparm_limit=1')).status).toBe(200);
    const second = await call(s, '/api/now/table/sys_user_group?sysparm_limit=1');
    expect(second.headers.get('x-ratelimit-limit')).toBe('2');
    expect(second.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-11-26T11:00:00Z') / 1000));
    clock += 10 * 60 * 1000;
    const refused = await call(s, '/api/now/table/sys_user_group?sysparm_limit=1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(50 * 60));
    expect(refused.json).toEqual({
      error: { message: 'Rate limit exceeded', detail: 'Rate limit of 2 requests per hour for Table API exceeded' },
      status: 'failure',
    });
    clock += 50 * 60 * 1000;
    expect((await call(s, '/api/now/table/sys_user_group?sysparm_limit=1')).status).toBe(200);
  });

  it('faults by path and through the control routes; the request log records status and headers', async () => {
    const s = await start();
    const control = await fetch(`${s.baseUrl}/_simulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'server-error', count: 1, status: 503, path: '/api/now/table/incident' }),
    });
    expect(control.status).toBe(204);
    expect(
      (await fetch(`${s.baseUrl}/_simulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'slow', count: 1 }) })).status,
    ).toBe(400);
    expect((await call(s, '/api/now/table/sys_user?sysparm_limit=1')).status).toBe(200);
    const failed = await fetch(`${s.baseUrl}/api/now/table/incident`, { headers: BASIC });
    expect(failed.status).toBe(503);
    expect((await call(s, '/api/now/table/incident')).status).toBe(200);
    const { requests } = (await (await fetch(`${s.baseUrl}/_simulator/requests`)).json()) as {
      requests: { path: string; status: number; headers: Record<string, string> }[];
    };
    expect(requests.map((request) => request.status)).toEqual([200, 503, 200]);
    expect(requests[0]?.headers.authorization).toBe(BASIC.Authorization);
  });

  it("serves a read-only incident page for the console's links", async () => {
    const s = await start({ seedIncidents: 0 });
    const created = await createIncident(s, { short_description: 'Payments <down>' });
    const page = await fetch(`${s.baseUrl}/nav_to.do?uri=${encodeURIComponent(`incident.do?sys_id=${created.sys_id}`)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('INC0010001');
    expect(html).toContain('Payments &lt;down&gt;');
  });
});
