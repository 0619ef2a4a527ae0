/**
 * The ServiceNow simulator's Service Catalog over real HTTP, as the specialist-request
 * shared record uses it: requested items stamped with sys_updated_on on every change
 * (journal entries included), queried by catalog item, correlation_id and update time in
 * order, their journal read through the Table API (IN lists, chosen fields, long text
 * kept whole), a Date header on the simulated clock, and the omit-field fault.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SPECIALIST_ITEM_SYS_ID, startServiceNowSimulator, type ServiceNowSimulator } from '../../../../electron/simulators/servicenow';

const BASIC = { Authorization: `Basic ${Buffer.from('oncall.console:pw').toString('base64')}` };
const START = Date.parse('2026-03-02T10:00:00Z');
let sim: ServiceNowSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function call(s: ServiceNowSimulator, path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(`${s.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...BASIC, ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as { result: unknown }) : null };
}

function list(path: string, params: Record<string, string>): string {
  return `${path}?${new URLSearchParams(params).toString()}`;
}

async function start() {
  const clock = { now: START };
  sim = await startServiceNowSimulator({ now: () => clock.now });
  const group = sim.state.rows('sys_user_group').find((row) => row.name === 'Database Administration')!.sys_id!;
  const order = async (variables: Record<string, string>) => {
    const { status } = await call(sim!, `/api/sn_sc/servicecatalog/items/${SPECIALIST_ITEM_SYS_ID}/order_now`, {
      method: 'POST',
      body: { sysparm_quantity: 1, variables: { assignment_group: group, ...variables } },
    });
    expect(status).toBe(200);
    return sim!.state.rows('sc_req_item').at(-1)!;
  };
  return { sim, clock, order };
}

describe('requested items and their journal', () => {
  it('stamps sys_updated_on when a comment or work note is added or a field changes, not on a write that changes nothing', async () => {
    const { sim, clock, order } = await start();
    const item = await order({ short_description: 'Index review', console_request_id: 'req-1' });
    expect(item.sys_updated_on).toBe('2026-03-02 10:00:00');

    clock.now += 5_000;
    expect(
      (await call(sim, `/api/now/table/sc_req_item/${item.sys_id}`, { method: 'PATCH', body: { comments: 'Which index?' } })).status,
    ).toBe(200);
    expect(sim.state.get('sc_req_item', item.sys_id!)?.sys_updated_on).toBe('2026-03-02 10:00:05');
    clock.now += 5_000;
    await call(sim, `/api/now/table/sc_req_item/${item.sys_id}`, { method: 'PATCH', body: { work_notes: 'internal' } });
    expect(sim.state.get('sc_req_item', item.sys_id!)?.sys_updated_on).toBe('2026-03-02 10:00:10');
    clock.now += 5_000;
    await call(sim, `/api/now/table/sc_req_item/${item.sys_id}`, { method: 'PATCH', body: { state: '2' } });
    expect(sim.state.get('sc_req_item', item.sys_id!)?.sys_updated_on).toBe('2026-03-02 10:00:15');
    clock.now += 5_000;
    await call(sim, `/api/now/table/sc_req_item/${item.sys_id}`, { method: 'PATCH', body: { state: '2', comments: '  ' } });
    expect(sim.state.get('sc_req_item', item.sys_id!)?.sys_updated_on).toBe('2026-03-02 10:00:15');
  });

  it('lists items by catalog item, correlation_id and update time in order, with a Date header on the simulated clock', async () => {
    const { sim, clock, order } = await start();
    const first = await order({ short_description: 'First', console_request_id: 'req-1' });
    clock.now += 1_000;
    await order({ short_description: 'From the portal' });
    clock.now += 1_000;
    const third = await order({ short_description: 'Third', console_request_id: 'x-9' });
    clock.now += 1_000;
    await call(sim, `/api/now/table/sc_req_item/${first.sys_id}`, { method: 'PATCH', body: { comments: 'later' } });

    const { status, headers, json } = await call(
      sim,
      list('/api/now/table/sc_req_item', {
        sysparm_query: `cat_item=${SPECIALIST_ITEM_SYS_ID}^correlation_idISNOTEMPTY^sys_updated_on>=2026-03-02 10:00:01^ORDERBYsys_updated_on^ORDERBYsys_id`,
        sysparm_fields: 'sys_id,correlation_id,sys_updated_on',
        sysparm_limit: '100',
      }),
    );
    expect(status).toBe(200);
    expect(json?.result).toEqual([
      { sys_id: third.sys_id, correlation_id: 'x-9', sys_updated_on: '2026-03-02 10:00:02' },
      { sys_id: first.sys_id, correlation_id: 'req-1', sys_updated_on: '2026-03-02 10:00:03' },
    ]);
    expect(headers.get('date')).toBe(new Date(START + 3_000).toUTCString());
  });

  it('reads the journal of several items through the Table API: IN lists, the fields asked for, oldest first, long text whole', async () => {
    const { sim, clock, order } = await start();
    const a = await order({ short_description: 'A', console_request_id: 'req-a' });
    const b = await order({ short_description: 'B', console_request_id: 'req-b' });
    const long = JSON.stringify({ lines: Array.from({ length: 600 }, (_, index) => `line ${index} of a long console note`) });
    expect(long.length).toBeGreaterThan(20_000);
    clock.now += 1_000;
    await call(sim, `/api/now/table/sc_req_item/${b.sys_id}`, { method: 'PATCH', body: { work_notes: long } });
    clock.now += 1_000;
    await call(sim, `/api/now/table/sc_req_item/${a.sys_id}`, { method: 'PATCH', body: { comments: 'public one' } });
    const incident = sim.state.createIncident(
      { short_description: 'unrelated', work_notes: 'not an item note' },
      { actor: 'oncall.console' },
    );

    const { json } = await call(
      sim,
      list('/api/now/table/sys_journal_field', {
        sysparm_query: `name=sc_req_item^element_idIN${a.sys_id},${b.sys_id},${incident.sys_id}^elementINcomments,work_notes^ORDERBYsys_created_on`,
        sysparm_fields: 'sys_id,element_id,element,value,sys_created_on,sys_created_by',
      }),
    );
    const result = json?.result as Record<string, string>[];
    expect(result.map((entry) => [entry.element_id, entry.element, entry.sys_created_on, entry.sys_created_by])).toEqual([
      [b.sys_id, 'work_notes', '2026-03-02 10:00:01', 'oncall.console'],
      [a.sys_id, 'comments', '2026-03-02 10:00:02', 'oncall.console'],
    ]);
    expect(Object.keys(result[0]!).sort()).toEqual(['element', 'element_id', 'sys_created_by', 'sys_created_on', 'sys_id', 'value']);
    expect(result[0]?.value).toBe(long);
  });

  it('the omit-field fault (in process or over the control route) leaves a field out of the next answers only', async () => {
    const { sim, order } = await start();
    const item = await order({ short_description: 'A', console_request_id: 'req-a' });
    const control = await fetch(`${sim.baseUrl}/_simulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'omit-field', count: 1, path: '/api/now/table/sc_req_item', field: 'sys_id' }),
    });
    expect(control.status).toBeLessThan(300);
    const broken = await call(sim, list('/api/now/table/sc_req_item', { sysparm_fields: 'sys_id,number' }));
    expect(broken.json?.result).toEqual([{ number: item.number }]);
    sim.faults.inject({ kind: 'omit-field', count: 1, field: 'number' });
    expect((await call(sim, `/api/now/table/sc_req_item/${item.sys_id}?sysparm_fields=sys_id,number`)).json?.result).toEqual({
      sys_id: item.sys_id,
    });
    expect((await call(sim, list('/api/now/table/sc_req_item', { sysparm_fields: 'sys_id,number' }))).json?.result).toEqual([
      { sys_id: item.sys_id, number: item.number },
    ]);
    expect(() => sim.faults.inject({ kind: 'omit-field', count: 1 } as never)).toThrow(/field/);
  });
});
