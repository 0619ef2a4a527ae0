/**
 * The ServiceNow simulator's Change Management over real HTTP: the sn_chg_rest envelope
 * and field encoding, the standard path (an approved template goes straight to Scheduled),
 * the normal path (Assess -> Authorize waiting for the CAB, approve -> Scheduled, reject ->
 * New), refused moves in ServiceNow's words, closing, lookups and list filters, the Table
 * API's view of the same records, standard change proposals (proposed, asked of the Change
 * Management group, published or rolled back), a decision on an approval record with the
 * product's effect, the demo data, control routes and faults; risk calculation and conflict
 * checks (an overlapping change on the same CI, a blackout window, none otherwise, cancelling).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHANGE_MANAGER_USER_NAME,
  startServiceNowSimulator,
  type ServiceNowSimulator,
  type ServiceNowSimulatorOptions,
} from '../../../../electron/simulators/servicenow';

let sim: ServiceNowSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** 2026-07-01 12:00:00 UTC: London is on BST (13:00). */
const START = Date.parse('2026-07-01T12:00:00Z');
const CHECK_TRANSITION =
  "Change Request record could not be updated. Operation against file 'change_request' was aborted by Business Rule 'Change Model: Check State Transition^";

type Field = { value: unknown; display_value: unknown; display_value_internal?: unknown };
type Change = Record<string, Field> & { __meta?: { ignoredFields: string[] } };
type Answer = { status: number; headers: Headers; json: Record<string, unknown> | null; text: string };

async function start(options: ServiceNowSimulatorOptions = {}): Promise<ServiceNowSimulator> {
  sim = await startServiceNowSimulator({ seedIncidents: 0, now: () => START, ...options, seedChanges: options.seedChanges ?? false });
  return sim;
}

async function call(path: string, init: { method?: string; body?: unknown; user?: string } = {}): Promise<Answer> {
  const response = await fetch(`${sim!.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Basic ${Buffer.from(`${init.user ?? 'oncall.console'}:pw`).toString('base64')}`,
      Accept: 'application/json',
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: parseJson(text), text };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const one = (answer: Answer) => (answer.json as { result: Change }).result;
const many = (answer: Answer) => (answer.json as { result: Change[] }).result;
const records = (answer: Answer) => many(answer).slice(0, -1);
const numbers = (answer: Answer) => records(answer).map((change) => change.number!.value);

function service(name: string) {
  return sim!.state.rows('cmdb_ci_service').find((row) => row.name === name)!;
}

async function createNormal(body: Record<string, unknown> = {}) {
  const payments = service('Payments API');
  const answer = await call('/api/sn_chg_rest/change/normal', {
    method: 'POST',
    body: { short_description: 'Upgrade the SDK', cmdb_ci: payments.sys_id, assignment_group: payments.support_group, ...body },
  });
  expect(answer.status).toBe(200);
  return one(answer);
}

async function patch(id: string, body: Record<string, unknown>, user?: string) {
  return call(`/api/sn_chg_rest/change/${id}`, { method: 'PATCH', body, user });
}

async function templateId(name: string): Promise<string> {
  const list = await call(`/api/sn_chg_rest/change/standard/template?name=${encodeURIComponent(name)}`);
  return records(list)[0]!.sys_id!.value as string;
}

describe('envelope and encoding', () => {
  it('creates a normal change in New: 200, a result object of {value, display_value} pairs, numbers, booleans, dates, __meta', async () => {
    await start();
    const created = await call('/api/sn_chg_rest/v1/change/normal', {
      method: 'POST',
      body: { short_description: 'Upgrade the SDK', cmdb_ci: 'Payments API', no_such_field: 'x', number: 'CHG9', state: 'implement' },
    });
    expect(created.status).toBe(200);
    const change = one(created);
    expect(change.number).toEqual({ value: 'CHG0030001', display_value: 'CHG0030001' });
    expect(change.state).toEqual({ value: -5, display_value: 'New' });
    expect(change.type).toEqual({ value: 'normal', display_value: 'Normal' });
    expect(change.approval).toEqual({ value: 'not requested', display_value: 'Not Yet Requested' });
    expect(change.chg_model).toEqual({ value: '007c4001c343101035ae3f52c1d3aeb2', display_value: 'Normal' });
    expect(change.impact).toEqual({ value: 3, display_value: '3 - Low' });
    expect(change.priority).toEqual({ value: 4, display_value: '4 - Low' });
    expect(change.risk).toEqual({ value: '', display_value: '' });
    expect(change.active).toEqual({ value: true, display_value: 'true' });
    expect(change.cmdb_ci).toEqual({ value: service('Payments API').sys_id, display_value: 'Payments API' });
    expect(change.sys_created_on).toEqual({
      value: '2026-07-01 12:00:00',
      display_value: '2026-07-01 12:00:00',
      display_value_internal: '2026-07-01 12:00:00',
    });
    expect(change.work_start).toEqual({ value: '', display_value: '', display_value_internal: '' });
    expect(change.work_notes).toEqual({ value: '', display_value: '' });
    expect(change.__meta).toEqual({ ignoredFields: ['no_such_field', 'number', 'state'] });

    // Reads: the same record, no __meta; display values in the reader's time zone (Grace Hopper: Europe/London).
    const read = one(await call(`/api/sn_chg_rest/change/${change.sys_id!.value}`, { user: CHANGE_MANAGER_USER_NAME }));
    expect(read.__meta).toBeUndefined();
    expect(read.sys_created_on).toEqual({
      value: '2026-07-01 12:00:00',
      display_value: '2026-07-01 13:00:00',
      display_value_internal: '2026-07-01 13:00:00',
    });
    expect((await call(`/api/sn_chg_rest/change/emergency/${change.sys_id!.value}`)).status).toBe(404);
    expect((await call(`/api/sn_chg_rest/change/normal/${change.sys_id!.value}`)).status).toBe(200);
  });

  it("answers unknown records, bad payloads and unknown routes with ServiceNow's error body", async () => {
    await start();
    const missing = await call('/api/sn_chg_rest/change/0123456789abcdef0123456789abcdef');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" },
      status: 'failure',
    });
    expect((await call('/api/sn_chg_rest/change/normal', { method: 'POST', body: ['x'] })).status).toBe(400);
    expect((await call('/api/sn_chg_rest/change/normal', { method: 'DELETE' })).status).toBe(405);
    expect((await call('/api/sn_chg_rest/nothing')).status).toBe(400);
    const unauthenticated = await fetch(`${sim!.baseUrl}/api/sn_chg_rest/change`);
    expect(unauthenticated.status).toBe(401);
  });

  it('creates by model through POST /change (Emergency by name); a standard change needs a template', async () => {
    await start();
    const emergency = one(
      await call('/api/sn_chg_rest/change', { method: 'POST', body: { chg_model: 'Emergency', short_description: 'Fix' } }),
    );
    expect(emergency.type!.value).toBe('emergency');
    expect(emergency.__meta).toEqual({ ignoredFields: [] });
    expect((await call('/api/sn_chg_rest/change', { method: 'POST', body: { type: 'standard' } })).status).toBe(400);
  });
});

describe('standard changes', () => {
  it('lists the approved templates, reads one, and a change from one is pre-authorised: straight to Scheduled', async () => {
    await start();
    const list = await call('/api/sn_chg_rest/change/standard/template');
    expect(list.status).toBe(200);
    expect(records(list).map((template) => template.name!.value)).toEqual([
      'Checkout Web - routine deployment',
      'Payments API - routine deployment',
    ]);
    expect(many(list).at(-1)).toEqual({ __meta: { encodedQuery: '', fields: { applied: [], ignored: [] } } });
    const id = await templateId('Payments API - routine deployment');
    const template = one(await call(`/api/sn_chg_rest/change/standard/template/${id}`));
    expect(template.template!.display_value).toBe('Payments API - routine deployment');
    expect(template.active).toEqual({ value: true, display_value: 'true' });

    const created = await call(`/api/sn_chg_rest/change/standard/${id}`, {
      method: 'POST',
      body: { correlation_id: 'oncall:P1:1.4.2:9f3a0c1e', implementation_plan: 'my own plan', start_date: '2026-07-01 22:00:00' },
    });
    expect(created.status).toBe(200);
    const change = one(created);
    expect(change.type).toEqual({ value: 'standard', display_value: 'Standard' });
    expect(change.state).toEqual({ value: -2, display_value: 'Scheduled' });
    expect(change.approval).toEqual({ value: 'approved', display_value: 'Approved' });
    expect(change.std_change_producer_version!.display_value).toBe('Payments API - routine deployment - 1');
    expect(change.cmdb_ci!.display_value).toBe('Payments API');
    expect(change.risk).toEqual({ value: 4, display_value: 'Low' });
    expect(change.implementation_plan!.value).toMatch(/^Roll the release out through the Payments API pipeline/);
    expect(change.start_date!.value).toBe('2026-07-01 22:00:00');
    expect(change.__meta).toEqual({ ignoredFields: ['implementation_plan'] });

    const unknown = await call('/api/sn_chg_rest/change/standard/0123456789abcdef0123456789abcdef', { method: 'POST', body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { message: 'No Record found' }, status: 'failure' });
  });

  it('refuses changes to the template-only fields, as the "Restrict fields from Standard Change" rule does; unknown fields are ignored', async () => {
    await start();
    const change = one(
      await call(`/api/sn_chg_rest/change/standard/${await templateId('Checkout Web - routine deployment')}`, { method: 'POST', body: {} }),
    );
    const refused = await call(`/api/sn_chg_rest/v1/change/standard/${change.sys_id!.value}`, {
      method: 'PATCH',
      body: { description: 'changed' },
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      error: {
        message:
          "Change Request record could not be updated. Operation against file 'change_request' was aborted by Business Rule 'Restrict fields from Standard Change^5230b9179735ca504546f027f053af79'. Business Rule Stack:Restrict fields from Standard Change",
        detail: '',
      },
      status: 'failure',
    });
    const moved = one(await patch(change.sys_id!.value as string, { state: 'Implement', u_custom: 'x', work_notes: 'Deploying 1.4.2' }));
    expect(moved.state).toEqual({ value: -1, display_value: 'Implement' });
    expect(moved.work_start!.value).toBe('2026-07-01 12:00:00');
    expect(moved.work_notes!.display_value).toBe('2026-07-01 12:00:00 - On-Call Console Integration (Work notes)\nDeploying 1.4.2\n\n');
    expect(moved.__meta).toEqual({ ignoredFields: ['u_custom'] });
  });
});

describe('normal changes', () => {
  it('Assess -> Authorize waits for the CAB; approving as the change manager schedules it', async () => {
    const s = await start();
    const change = await createNormal();
    const id = change.sys_id!.value as string;
    const assess = await patch(id, { state: 'assess' });
    expect(assess.status).toBe(200);
    expect(one(assess).state).toEqual({ value: -4, display_value: 'Assess' });

    const waiting = one(await call(`/api/sn_chg_rest/change/${id}`));
    expect(waiting.state).toEqual({ value: -3, display_value: 'Authorize' });
    expect(waiting.approval!.value).toBe('requested');
    expect(waiting.approval_history!.display_value).toContain('Group approval for CAB Approval is requested.');

    const approvers = await call(`/api/now/table/sysapproval_approver?sysparm_query=sysapproval=${id}&sysparm_display_value=all`);
    expect((approvers.json as { result: Record<string, { display_value: string; value: string }>[] }).result).toMatchObject([
      {
        approver: { display_value: 'Grace Hopper' },
        state: { value: 'requested', display_value: 'Requested' },
        sysapproval: { value: id },
      },
    ]);

    const early = await patch(id, { state: 'scheduled' });
    expect(early.status).toBe(400);
    expect((early.json as { error: { message: string; detail: string } }).error.message).toContain(CHECK_TRANSITION);

    const next = one(await call(`/api/sn_chg_rest/change/${id}/nextstates`)) as unknown as {
      available_states: string[];
      state_label: Record<string, string>;
      state_transitions: { to_state: string; transition_available: boolean }[][];
    };
    expect(next.available_states).toEqual(['-3', '-5', '-2', '4']);
    expect(next.state_label['-2']).toBe('Scheduled');
    expect(next.state_transitions.map(([transition]) => [transition!.to_state, transition!.transition_available])).toEqual([
      ['-5', true],
      ['-2', false],
      ['4', true],
    ]);

    const stranger = await call(`/api/sn_chg_rest/change/${id}/approvals`, {
      method: 'PATCH',
      body: { state: 'approved' },
      user: 'dana.developer',
    });
    expect(stranger.status).toBe(400);
    expect(stranger.json).toMatchObject({ status: 'failure' });

    const approved = await call(`/api/sn_chg_rest/change/${id}/approvals`, {
      method: 'PATCH',
      body: { state: 'approved' },
      user: CHANGE_MANAGER_USER_NAME,
    });
    expect(approved.status).toBe(200);
    expect(one(approved).state).toEqual({ value: -2, display_value: 'Scheduled' });
    expect(one(approved).approval!.value).toBe('approved');
    expect(one(approved).approval_set!.value).toBe('2026-07-01 12:00:00');
    expect(s.changes.approvals.forChange(id).map((row) => row.state)).toEqual(['approved']);

    s.clock.advance(60 * 60 * 1000);
    expect(one(await patch(id, { state: '-1' })).work_start!.value).toBe('2026-07-01 13:00:00');
    expect(one(await patch(id, { state: 0 })).work_end!.value).toBe('2026-07-01 13:00:00');
    const unclosed = await patch(id, { state: 'closed', close_notes: 'done' });
    expect(unclosed.status).toBe(400);
    expect(unclosed.json).toEqual({
      error: {
        message: 'Change Request record could not be updated. Data Policy Exception: \n\tThe following fields are mandatory: Close code\n',
        detail: '',
      },
      status: 'failure',
    });
    const closed = one(await patch(id, { state: 'closed', close_code: 'Successful', close_notes: 'Deployed' }));
    expect(closed.state).toEqual({ value: 3, display_value: 'Closed' });
    expect(closed.close_code).toEqual({ value: 'successful', display_value: 'Successful' });
    expect(closed.active!.value).toBe(false);
    expect((await patch(id, { state: 'canceled' })).status).toBe(400);
  });

  it('a rejection needs comments, sends the change back to New (approval rejected) and cancels what is still pending', async () => {
    const s = await start();
    const id = (await createNormal()).sys_id!.value as string;
    await patch(id, { state: 'assess' });
    const uncommented = await call(`/api/sn_chg_rest/change/${id}/approvals`, {
      method: 'PATCH',
      body: { state: 'rejected' },
      user: CHANGE_MANAGER_USER_NAME,
    });
    expect(uncommented.status).toBe(400);
    const rejected = await call(`/api/sn_chg_rest/change/${id}/approvals`, {
      method: 'PATCH',
      body: { state: 'rejected', comments: 'No backout plan' },
      user: CHANGE_MANAGER_USER_NAME,
    });
    expect(rejected.status).toBe(200);
    expect(one(rejected).state).toEqual({ value: -5, display_value: 'New' });
    expect(one(rejected).approval).toEqual({ value: 'rejected', display_value: 'Rejected' });
    const [row] = s.changes.approvals.forChange(id);
    expect(row!.state).toBe('rejected');
    const read = await call(`/api/now/table/sysapproval_approver/${row!.sys_id}?sysparm_display_value=all&sysparm_fields=comments`);
    expect(read.json).toEqual({
      result: { comments: { display_value: '2026-07-01 12:00:00 - Grace Hopper (Comments)\nNo backout plan\n\n', value: '' } },
    });

    // Asked again: a new round; a revert to New cancels the requested approvals.
    await patch(id, { state: 'assess' });
    expect(one(await call(`/api/sn_chg_rest/change/${id}`)).approval!.value).toBe('requested');
    expect(one(await patch(id, { state: 'new' })).approval!.value).toBe('not requested');
    expect(s.changes.approvals.forChange(id).map((approval) => approval.state)).toEqual(['rejected', 'cancelled']);
  });

  it('refuses moves the state model does not allow, leaving the record as it was; moving on needs an assignment group', async () => {
    await start();
    const change = await createNormal({ assignment_group: '' });
    const id = change.sys_id!.value as string;
    const illegal = await patch(id, { state: 'Implement', short_description: 'changed' });
    expect(illegal.status).toBe(400);
    expect(illegal.json).toEqual({
      error: {
        message: expect.stringMatching(
          /^Change Request record could not be updated\. Operation against file 'change_request' was aborted by Business Rule 'Change Model: Check State Transition\^[0-9a-f]{32}'\. Business Rule Stack:Change Model: Check State Transition$/,
        ),
        detail: '',
      },
      status: 'failure',
    });
    const after = one(await call(`/api/sn_chg_rest/change/${id}`));
    expect(after.short_description!.value).toBe('Upgrade the SDK');
    expect(after.sys_mod_count).toEqual(change.sys_mod_count);
    expect((await patch(id, { state: 'no such state' })).status).toBe(400);
    const ungrouped = await patch(id, { state: 'assess' });
    expect(ungrouped.json).toMatchObject({
      error: { message: expect.stringContaining('The following fields are mandatory: Assignment group') },
    });
    expect(one(await patch(id, { state: 'canceled' })).state).toEqual({ value: 4, display_value: 'Canceled' });
  });

  it('emergency: New -> Authorize asks the CAB; approved -> Scheduled; Review cannot be canceled', async () => {
    const s = await start();
    const payments = service('Payments API');
    const change = one(
      await call('/api/sn_chg_rest/change/emergency', {
        method: 'POST',
        body: { short_description: 'Hotfix', assignment_group: payments.support_group },
      }),
    );
    const id = change.sys_id!.value as string;
    expect(one(await patch(id, { state: 'authorize' })).state!.value).toBe(-3);
    expect(s.changes.approvals.pending(id)).toHaveLength(1);
    const decided = await fetch(`${s.baseUrl}/_simulator/changes/decide`, {
      method: 'POST',
      body: JSON.stringify({ change: change.number!.value, user: CHANGE_MANAGER_USER_NAME, state: 'approved' }),
    });
    expect(await decided.json()).toEqual({ number: change.number!.value, state: '-2', approval: 'approved' });
    await patch(id, { state: 'implement' });
    await patch(id, { state: 'review' });
    expect((await patch(id, { state: 'canceled' })).status).toBe(400);
  });
});

type TableRecord = Record<string, string>;
const tableOne = (answer: Answer) => (answer.json as { result: TableRecord }).result;
const tableMany = (answer: Answer) => (answer.json as { result: TableRecord[] }).result;

/** The Standard Change Catalog and its category, found as a client finds them (by title). */
async function filing(): Promise<{ catalog: string; category: string }> {
  const [catalog] = tableMany(await call(`/api/now/table/sc_catalog?sysparm_query=${encodeURIComponent('title=Standard Change Catalog')}`));
  const [category] = tableMany(await call(`/api/now/table/sc_category?sysparm_query=sc_catalog=${catalog!.sys_id}^active=true`));
  return { catalog: catalog!.sys_id!, category: category!.sys_id! };
}

const PROPOSED_VALUES = (ci: string) =>
  [
    'short_description=Payments API - schema migration',
    'description=Backwards-compatible schema migrations run by the pipeline',
    `cmdb_ci=${ci}`,
    'risk=4',
    'implementation_plan=Run the migration job, then deploy',
    'backout_plan=Run the down migration^^ then redeploy',
    'test_plan=Migration dry run on staging',
  ].join('^');

/** A proposal for Payments API saved (New) through the Table API. */
async function propose(name = 'Payments API - schema migration'): Promise<TableRecord> {
  const created = await call('/api/now/table/std_change_proposal', {
    method: 'POST',
    body: {
      template_name: name,
      short_description: name,
      template_value: PROPOSED_VALUES(service('Payments API').sys_id!),
      ...(await filing()),
    },
  });
  expect(created.status).toBe(201);
  return tableOne(created);
}

/** Request Approval, as the form's button does: the proposal to Work in progress. */
async function requestApproval(id: string): Promise<Answer> {
  return call(`/api/now/table/std_change_proposal/${id}`, { method: 'PATCH', body: { state: '2' } });
}

async function approvalRows(id: string): Promise<TableRecord[]> {
  return tableMany(await call(`/api/now/table/sysapproval_approver?sysparm_query=sysapproval=${id}^ORDERBYsys_created_on`));
}

async function decideRow(rowId: string, body: Record<string, unknown>, user?: string): Promise<Answer> {
  return call(`/api/now/table/sysapproval_approver/${rowId}`, { method: 'PATCH', body, user });
}

describe('standard change proposals and approval records', () => {
  it('takes a proposal in New, refuses one without its mandatory fields in the OOB words, asks the Change Management group on Request Approval', async () => {
    const s = await start();
    const refused = await call('/api/now/table/std_change_proposal', {
      method: 'POST',
      body: { short_description: 'Payments API - schema migration', template_value: 'risk=4' },
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      error: { message: 'Operation Failed', detail: 'The following mandatory fields are not filled in: Catalog, Category, Template name' },
      status: 'failure',
    });
    expect(s.state.rows('std_change_proposal')).toHaveLength(1); // the demo's proposal alone

    const proposal = await propose();
    expect(proposal).toMatchObject({ number: 'STDCHG0001002', state: '1', approval: 'not requested', active: 'true', proposal_type: '1' });
    expect(proposal.opened_by).toMatchObject({ value: s.state.userByName('oncall.console')?.sys_id });
    expect(await approvalRows(proposal.sys_id!)).toEqual([]);

    const asked = await requestApproval(proposal.sys_id!);
    expect(asked.status).toBe(200);
    expect(tableOne(asked)).toMatchObject({ state: '2', approval: 'requested' });
    const rows = await approvalRows(proposal.sys_id!);
    expect(rows).toMatchObject([
      {
        approver: { value: s.state.userByName(CHANGE_MANAGER_USER_NAME)?.sys_id },
        state: 'requested',
        sysapproval: { value: proposal.sys_id },
        source_table: 'std_change_proposal',
      },
    ]);
    // Asking again changes nothing; a proposal is closed by publishing it, not by hand.
    expect((await requestApproval(proposal.sys_id!)).status).toBe(200);
    expect(await approvalRows(proposal.sys_id!)).toHaveLength(1);
    const closing = await call(`/api/now/table/std_change_proposal/${proposal.sys_id}`, { method: 'PATCH', body: { state: 'Closed' } });
    expect(closing.status).toBe(403);
    expect(closing.json).toMatchObject({
      error: { message: 'Operation Failed', detail: expect.stringContaining('Invalid state transition') },
    });
    // Approval records are made by the flows.
    expect((await call('/api/now/table/sysapproval_approver', { method: 'POST', body: { state: 'requested' } })).status).toBe(403);
  });

  it("approving the proposal's approval record publishes the template: listed by sn_chg_rest, and a standard change from it lands in Scheduled", async () => {
    const s = await start();
    const proposal = await propose();
    await requestApproval(proposal.sys_id!);
    const [row] = await approvalRows(proposal.sys_id!);

    const stranger = await decideRow(row!.sys_id!, { state: 'approved' }, 'dana.developer');
    expect(stranger.status).toBe(403);
    expect(stranger.json).toMatchObject({
      error: { message: 'Operation Failed', detail: 'ACL Exception Update Failed due to security constraints' },
    });

    const approved = await decideRow(row!.sys_id!, { state: 'Approved', comments: 'Fine as a standard change' }, CHANGE_MANAGER_USER_NAME);
    expect(approved.status).toBe(200);
    expect(tableOne(approved)).toMatchObject({ state: 'approved' });
    const closed = tableOne(await call(`/api/now/table/std_change_proposal/${proposal.sys_id}`));
    expect(closed).toMatchObject({ state: '3', approval: 'approved', active: 'false' });
    expect((await decideRow(row!.sys_id!, { state: 'rejected', comments: 'Changed my mind' }, CHANGE_MANAGER_USER_NAME)).status).toBe(403);
    expect(
      (await call(`/api/now/table/std_change_proposal/${proposal.sys_id}`, { method: 'PATCH', body: { short_description: 'x' } })).status,
    ).toBe(403);

    const templates = await call(`/api/sn_chg_rest/change/standard/template?name=${encodeURIComponent('Payments API - schema migration')}`);
    const [template] = records(templates);
    expect(template).toMatchObject({
      name: { value: 'Payments API - schema migration' },
      active: { value: true },
      template: { display_value: 'Payments API - schema migration' },
      current_version: { value: (closed.std_change_producer_version as unknown as { value: string }).value },
    });
    const version = tableOne(await call(`/api/now/table/std_change_producer_version/${template!.current_version!.value as string}`));
    expect(version).toMatchObject({
      name: 'Payments API - schema migration - 1',
      version: '1',
      std_change_proposal: { value: proposal.sys_id },
    });

    const change = one(await call(`/api/sn_chg_rest/change/standard/${template!.sys_id!.value as string}`, { method: 'POST', body: {} }));
    expect(change.state).toEqual({ value: -2, display_value: 'Scheduled' });
    expect(change.cmdb_ci!.display_value).toBe('Payments API');
    expect(change.risk).toEqual({ value: 4, display_value: 'Low' });
    expect(change.backout_plan!.value).toBe('Run the down migration^ then redeploy');
    expect(change.std_change_producer_version!.display_value).toBe('Payments API - schema migration - 1');
    expect(s.state.journal(proposal.sys_id!, 'approval_history').map((entry) => entry.value)).toContain(
      'Group approval for Change Management approved by user Grace Hopper.',
    );
  });

  it('rejecting rolls the proposal back to New with the comment kept on the approval record; a rejection needs comments; asking again asks anew', async () => {
    await start();
    const proposal = await propose();
    await requestApproval(proposal.sys_id!);
    const [row] = await approvalRows(proposal.sys_id!);
    // The integration user is an approval admin: it decides on Grace Hopper's behalf.
    const uncommented = await decideRow(row!.sys_id!, { state: 'rejected' });
    expect(uncommented.status).toBe(400);
    expect(uncommented.json).toMatchObject({ error: { message: 'Comments are required' } });
    const rejected = await decideRow(row!.sys_id!, { state: 'rejected', comments: 'Add a rollback step for the data' });
    expect(rejected.status).toBe(200);
    expect(tableOne(await call(`/api/now/table/std_change_proposal/${proposal.sys_id}`))).toMatchObject({
      state: '1',
      approval: 'not requested',
      active: 'true',
    });
    const comments = await call(
      `/api/now/table/sysapproval_approver/${row!.sys_id}?sysparm_display_value=all&sysparm_fields=state,comments,approver`,
    );
    expect(tableOne(comments)).toEqual({
      state: { display_value: 'Rejected', value: 'rejected' },
      approver: expect.objectContaining({ display_value: 'Grace Hopper' }),
      comments: {
        display_value: '2026-07-01 12:00:00 - On-Call Console Integration (Comments)\nAdd a rollback step for the data\n\n',
        value: '',
      },
    });
    expect(
      (await call(`/api/sn_chg_rest/change/standard/template?name=${encodeURIComponent('Payments API - schema migration')}`)).json,
    ).toEqual({
      result: [{ __meta: expect.anything() }],
    });

    await requestApproval(proposal.sys_id!);
    expect((await approvalRows(proposal.sys_id!)).map((approval) => approval.state)).toEqual(['rejected', 'requested']);
    // Withdrawn back to New: what is still pending is cancelled.
    await call(`/api/now/table/std_change_proposal/${proposal.sys_id}`, { method: 'PATCH', body: { state: 'New' } });
    expect((await approvalRows(proposal.sys_id!)).map((approval) => approval.state)).toEqual(['rejected', 'cancelled']);
  });

  it("a decision on a change's approval record has the same effect as /approvals: approved -> Scheduled, rejected -> New", async () => {
    await start();
    const approving = (await createNormal()).sys_id!.value as string;
    await patch(approving, { state: 'assess' });
    const [row] = await approvalRows(approving);
    expect((await decideRow(row!.sys_id!, { state: 'approved' }, 'dana.developer')).status).toBe(403);
    // On Grace Hopper's behalf, by the integration user (an approval admin).
    const approved = await decideRow(row!.sys_id!, { state: 'approved', comments: 'Approved in the CAB call' });
    expect(approved.status).toBe(200);
    const scheduled = one(await call(`/api/sn_chg_rest/change/${approving}`));
    expect(scheduled.state).toEqual({ value: -2, display_value: 'Scheduled' });
    expect(scheduled.approval!.value).toBe('approved');
    expect(scheduled.approval_set!.value).toBe('2026-07-01 12:00:00');
    expect(scheduled.approval_history!.display_value).toContain('Group approval for CAB Approval approved by user Grace Hopper.');

    const rejecting = (await createNormal()).sys_id!.value as string;
    await patch(rejecting, { state: 'assess' });
    const [mine] = await approvalRows(rejecting);
    expect((await decideRow(mine!.sys_id!, { state: 'rejected' }, CHANGE_MANAGER_USER_NAME)).status).toBe(400);
    expect((await decideRow(mine!.sys_id!, { state: 'rejected', comments: 'No backout plan' }, CHANGE_MANAGER_USER_NAME)).status).toBe(200);
    const back = one(await call(`/api/sn_chg_rest/change/${rejecting}`));
    expect(back.state).toEqual({ value: -5, display_value: 'New' });
    expect(back.approval!.value).toBe('rejected');
  });

  it('lets only the approver decide when the integration user is not an approval admin', async () => {
    await start({ approvalAdminUserNames: [] });
    const id = (await createNormal()).sys_id!.value as string;
    await patch(id, { state: 'assess' });
    const [row] = await approvalRows(id);
    expect((await decideRow(row!.sys_id!, { state: 'approved' })).status).toBe(403);
    expect((await decideRow(row!.sys_id!, { state: 'approved' }, CHANGE_MANAGER_USER_NAME)).status).toBe(200);
    expect(one(await call(`/api/sn_chg_rest/change/${id}`)).state!.value).toBe(-2);
  });
});

describe('lookups and lists', () => {
  it('finds a change by correlation_id, number, cmdb_ci (name or sys_id), type, state (value, name or label) and sys_updated_on', async () => {
    const s = await start();
    const key = 'oncall:P1:1.4.2:9f3a0c1e';
    const first = await createNormal({ correlation_id: key });
    s.clock.advance(2 * 60 * 60 * 1000);
    const standard = one(
      await call(`/api/sn_chg_rest/change/standard/${await templateId('Checkout Web - routine deployment')}`, { method: 'POST', body: {} }),
    );

    const byKey = await call(`/api/sn_chg_rest/change?correlation_id=${encodeURIComponent(key)}`);
    expect(numbers(byKey)).toEqual([first.number!.value]);
    expect(many(byKey).at(-1)).toEqual({
      __meta: { encodedQuery: `correlation_id=${key}`, fields: { applied: ['correlation_id'], ignored: [] } },
    });
    expect(numbers(await call(`/api/sn_chg_rest/change?sysparm_query=numberIN${standard.number!.value as string}`))).toEqual([
      standard.number!.value,
    ]);

    const checkout = service('Checkout Web');
    for (const ci of ['Checkout Web', checkout.sys_id]) {
      expect(numbers(await call(`/api/sn_chg_rest/change?cmdb_ci=${encodeURIComponent(ci!)}`))).toEqual([standard.number!.value]);
      expect(numbers(await call(`/api/sn_chg_rest/change?sysparm_query=${encodeURIComponent(`cmdb_ci=${ci}^type=standard`)}`))).toEqual([
        standard.number!.value,
      ]);
    }
    for (const state of ['scheduled', 'Scheduled', '-2'])
      expect(numbers(await call(`/api/sn_chg_rest/change?state=${state}`))).toEqual([standard.number!.value]);
    expect(
      numbers(await call(`/api/sn_chg_rest/change?sysparm_query=${encodeURIComponent('state=new^ORstate=-2^ORDERBYDESCnumber')}`)),
    ).toEqual([standard.number!.value, first.number!.value]);
    expect(
      numbers(await call(`/api/sn_chg_rest/change?sysparm_query=${encodeURIComponent('sys_updated_on>=2026-07-01 13:00:00')}`)),
    ).toEqual([standard.number!.value]);
    expect(numbers(await call('/api/sn_chg_rest/change/normal'))).toEqual([first.number!.value]);
    expect(numbers(await call('/api/sn_chg_rest/change/standard'))).toEqual([standard.number!.value]);
    expect(numbers(await call('/api/sn_chg_rest/change?textSearch=sdk'))).toEqual([first.number!.value]);

    // Unknown fields are left out of the filter and reported; with sysparm_query the pairs are ignored.
    const mixed = await call(`/api/sn_chg_rest/change?sysparm_query=type=normal^u_flavour=x&state=closed`);
    expect(numbers(mixed)).toEqual([first.number!.value]);
    expect(many(mixed).at(-1)).toEqual({
      __meta: { encodedQuery: 'type=normal^u_flavour=x', fields: { applied: ['type'], ignored: ['state', 'u_flavour'] } },
    });
    expect((await call(`/api/sn_chg_rest/change?sysparm_query=${encodeURIComponent('stateBETWEEN1@2')}`)).status).toBe(400);
  });

  it('pages with sysparm_limit and sysparm_offset, the __meta element always last', async () => {
    await start({ seedChanges: true });
    const all = numbers(await call('/api/sn_chg_rest/change'));
    expect(all.length).toBeGreaterThanOrEqual(8);
    const page = await call('/api/sn_chg_rest/change?sysparm_limit=3&sysparm_offset=2');
    expect(numbers(page)).toEqual(all.slice(2, 5));
    expect(many(page)).toHaveLength(4);
    expect((await call('/api/sn_chg_rest/change?sysparm_offset=-1')).status).toBe(400);
    const none = await call('/api/sn_chg_rest/change?number=CHG9999999');
    expect(many(none)).toEqual([{ __meta: { encodedQuery: 'number=CHG9999999', fields: { applied: ['number'], ignored: [] } } }]);
  });
});

describe('the Table API view, demo data, controls and faults', () => {
  it('serves the same records through the Table API; a change write there is refused in its words (403)', async () => {
    await start();
    const change = await createNormal();
    const id = change.sys_id!.value as string;
    const table = await call(
      `/api/now/table/change_request/${id}?sysparm_fields=number,state,type,cmdb_ci&sysparm_exclude_reference_link=true`,
    );
    expect(table.json).toEqual({
      result: { number: change.number!.value, state: '-5', type: 'normal', cmdb_ci: service('Payments API').sys_id },
    });
    const refused = await call(`/api/now/table/change_request/${id}`, { method: 'PATCH', body: { state: '-1' } });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error: { message: 'Operation Failed', detail: expect.stringContaining("Business Rule 'Change Model: Check State Transition^") },
    });
    const moved = await call(`/api/now/table/change_request/${id}`, { method: 'PATCH', body: { state: '-4' } });
    expect((moved.json as { result: { state: string } }).result.state).toBe('-4');
    expect((await call(`/api/now/table/change_request?sysparm_query=sys_id=${id}`)).json).toMatchObject({ result: [{ state: '-3' }] });

    const producer = await templateId('Payments API - routine deployment');
    const tableProducer = (await call(`/api/now/table/std_change_record_producer/${producer}`)).json as {
      result: Record<string, { value: string }>;
    };
    const version = (await call(`/api/now/table/std_change_producer_version/${tableProducer.result.current_version!.value}`)).json;
    expect(version).toMatchObject({ result: { name: 'Payments API - routine deployment - 1', version: '1' } });
    const tpl = (await call(`/api/now/table/std_change_template?sysparm_query=name=Payments API - routine deployment`)).json as {
      result: { template: string }[];
    };
    expect(tpl.result[0]!.template).toContain(`cmdb_ci=${service('Payments API').sys_id}`);
  });

  it('seeds the change manager, the CAB group, templates, a proposal and changes in every state', async () => {
    const s = await start({ seedChanges: true });
    expect(s.state.userByName(CHANGE_MANAGER_USER_NAME)).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace.hopper@example.com',
      title: 'Change Manager',
    });
    const group = s.state.rows('sys_user_group').find((row) => row.name === 'Change Management');
    expect(group?.manager).toBe(s.state.userByName(CHANGE_MANAGER_USER_NAME)?.sys_id);
    expect(s.state.rows('std_change_proposal')).toMatchObject([
      { template_name: 'Search API - routine deployment', state: '2', approval: 'requested', number: 'STDCHG0001001' },
    ]);
    const proposal = s.state.rows('std_change_proposal')[0]!;
    expect(s.changes.approvals.pending(proposal.sys_id!).map((row) => row.approver)).toEqual([
      s.state.userByName(CHANGE_MANAGER_USER_NAME)?.sys_id,
    ]);
    const states = new Set(s.state.rows('change_request').map((row) => row.state));
    expect([...states].sort()).toEqual(['-1', '-2', '-3', '-4', '-5', '0', '3', '4']);
    const assessing = s.state.rows('change_request').find((row) => row.state === '-4')!;
    expect(s.changes.approvals.pending(assessing.sys_id!)).toHaveLength(1);
  });

  it('honours faults on the change routes and moves the clock through the control route', async () => {
    const s = await start();
    s.faults.inject({ kind: 'server-error', count: 1, status: 503, path: '/api/sn_chg_rest/' });
    const down = await call('/api/sn_chg_rest/change');
    expect(down.status).toBe(503);
    expect(down.text).toContain('Service Unavailable');
    expect((await call('/api/sn_chg_rest/change')).status).toBe(200);

    s.faults.inject({ kind: 'slow', count: 1, delayMs: 300, path: '/api/sn_chg_rest/change' });
    const started = Date.now();
    expect((await call('/api/sn_chg_rest/change')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    s.faults.inject({ kind: 'rate-limit', count: 1, path: '/api/sn_chg_rest/' });
    expect((await call('/api/sn_chg_rest/change/normal', { method: 'POST', body: {} })).status).toBe(429);
    expect(s.state.rows('change_request')).toHaveLength(0);

    const clock = await fetch(`${s.baseUrl}/_simulator/clock`, { method: 'POST', body: JSON.stringify({ now: '2026-08-01T08:00:00Z' }) });
    expect(await clock.json()).toEqual({ now: '2026-08-01T08:00:00.000Z' });
    const created = one(await call('/api/sn_chg_rest/change/normal', { method: 'POST', body: {} }));
    expect(created.sys_created_on!.value).toBe('2026-08-01 08:00:00');
    expect((await fetch(`${s.baseUrl}/_simulator/clock`, { method: 'POST', body: '{}' })).status).toBe(400);
  });
});

describe('risk calculation', () => {
  it("PATCH .../risk sets risk and impact from the first matching risk condition (the CI's business criticality by default)", async () => {
    await start();
    const payments = await createNormal();
    expect(payments.risk).toEqual({ value: '', display_value: '' });
    const calculated = await call(`/api/sn_chg_rest/change/${payments.sys_id!.value}/risk`, { method: 'PATCH' });
    expect(calculated.status).toBe(200);
    // Payments API is "2 - somewhat critical".
    expect(one(calculated)).toMatchObject({
      sys_id: payments.sys_id,
      number: payments.number,
      risk: { value: 3, display_value: 'Moderate' },
      impact: { value: 2, display_value: '2 - Medium' },
    });
    const kubernetes = service('Kubernetes Platform');
    expect(kubernetes.busines_criticality).toBe('1 - most critical');
    const platform = await createNormal({ cmdb_ci: kubernetes.sys_id, assignment_group: kubernetes.support_group });
    const high = one(await call(`/api/sn_chg_rest/v1/change/${platform.sys_id!.value}/risk`, { method: 'PATCH' }));
    expect(high).toMatchObject({ risk: { value: 2, display_value: 'High' }, impact: { value: 1, display_value: '1 - High' } });
    expect(sim!.state.get('change_request', platform.sys_id!.value as string)).toMatchObject({ risk: '2', impact: '1' });
  });

  it('takes configured conditions (lowest order first; no match leaves both as they are); refuses a closed change, an unknown one and the typed path', async () => {
    await start({
      riskConditions: [
        { name: 'Any emergency', order: 200, condition: 'type=emergency', risk: '3' },
        {
          name: 'Emergency on a critical CI',
          order: 100,
          condition: 'type=emergency',
          ciCondition: 'busines_criticality=1 - most critical',
          risk: '1',
        },
      ],
    });
    const kubernetes = service('Kubernetes Platform');
    const emergency = one(
      await call('/api/sn_chg_rest/change/emergency', {
        method: 'POST',
        body: { short_description: 'Hotfix', cmdb_ci: kubernetes.sys_id },
      }),
    );
    expect(one(await call(`/api/sn_chg_rest/change/${emergency.sys_id!.value}/risk`, { method: 'PATCH' }))).toMatchObject({
      risk: { value: 1, display_value: 'Very High' },
      impact: { value: 3, display_value: '3 - Low' },
    });
    const normal = await createNormal();
    const unchanged = one(await call(`/api/sn_chg_rest/change/${normal.sys_id!.value}/risk`, { method: 'PATCH' }));
    expect(unchanged).toMatchObject({ risk: { value: '', display_value: '' }, impact: { value: 3, display_value: '3 - Low' } });
    expect(unchanged.sys_mod_count).toEqual(normal.sys_mod_count);

    expect((await patch(normal.sys_id!.value as string, { state: 'canceled' })).status).toBe(200);
    const refused = await call(`/api/sn_chg_rest/change/${normal.sys_id!.value}/risk`, { method: 'PATCH' });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      error: {
        message: 'Risk assessment failed',
        detail: `${normal.number!.value} is Canceled: the risk of a closed or canceled change is not calculated`,
      },
      status: 'failure',
    });
    expect((await call('/api/sn_chg_rest/change/0123456789abcdef0123456789abcdef/risk', { method: 'PATCH' })).status).toBe(404);
    // The docs' heading names /change/standard/{sys_id}/risk, which an instance does not serve.
    const typed = await call(`/api/sn_chg_rest/change/standard/${normal.sys_id!.value}/risk`, { method: 'PATCH' });
    expect(typed.status).toBe(400);
    expect(typed.json).toMatchObject({ error: { message: 'Requested URI does not represent any resource' } });
  });
});

describe('conflict checks', () => {
  const FREEZE = 'Quarter-end freeze';

  async function createOn(name: string, window: [string, string] | null, type: 'normal' | 'emergency' = 'normal') {
    const ci = service(name);
    const answer = await call(`/api/sn_chg_rest/change/${type}`, {
      method: 'POST',
      body: {
        short_description: `Change on ${name}`,
        cmdb_ci: ci.sys_id,
        assignment_group: ci.support_group,
        ...(window ? { start_date: window[0], end_date: window[1] } : {}),
      },
    });
    expect(answer.status).toBe(200);
    return one(answer);
  }

  const conflictPath = (change: Change) => `/api/sn_chg_rest/change/${change.sys_id!.value}/conflict`;
  type ConflictAnswer = { status: string; last_run: string; record_count: string; job_status: string; conflicts: Change[] };
  const conflicts = async (change: Change) => {
    const answer = await call(conflictPath(change));
    expect(answer.status).toBe(200);
    return (answer.json as { result: ConflictAnswer }).result;
  };

  it('finds an active change on the same CI whose window overlaps, and a blackout over the window; none otherwise; the change says so', async () => {
    const s = await start({
      blackoutSchedules: [{ name: FREEZE, windows: [{ start: '2026-07-03T16:00:00Z', end: '2026-07-06T06:00:00Z' }] }],
    });
    const first = await createOn('Payments API', ['2026-07-02 10:00:00', '2026-07-02 12:00:00']);
    const second = await createOn('Payments API', ['2026-07-02 12:00:00', '2026-07-02 13:00:00']);
    const elsewhere = await createOn('Checkout Web', ['2026-07-02 11:00:00', '2026-07-02 12:00:00']);
    const frozen = await createOn('Payments API', ['2026-07-04 10:00:00', '2026-07-04 11:00:00']);
    const payments = service('Payments API');

    expect(second.conflict_status).toEqual({ value: 'Not Run', display_value: 'Not Run' });
    expect(await conflicts(second)).toEqual({ status: 'Not Run', last_run: '', record_count: '0', job_status: '', conflicts: [] });

    const started = await call(conflictPath(second), { method: 'POST' });
    expect(started.status).toBe(200);
    expect((started.json as { result: string }).result).toMatch(/^[0-9a-f]{32}$/);
    const found = await conflicts(second);
    expect(found).toMatchObject({ status: 'Conflict', last_run: '2026-07-01 12:00:00', record_count: '1', job_status: '2' });
    // Ends that touch overlap (12:00), as the OOB date range query compares.
    expect(found.conflicts).toEqual([
      expect.objectContaining({
        change: { value: second.sys_id!.value, display_value: second.number!.value },
        type: { value: 'ci_already_scheduled', display_value: 'Already Scheduled' },
        conflicting_change: { value: first.sys_id!.value, display_value: first.number!.value },
        configuration_item: { value: payments.sys_id, display_value: 'Payments API' },
        schedule: { value: '', display_value: '' },
      }),
    ]);
    const read = one(await call(`/api/sn_chg_rest/change/${second.sys_id!.value}`));
    expect(read.conflict_status).toEqual({ value: 'Conflict', display_value: 'Conflict' });
    expect(read.conflict_last_run).toMatchObject({ value: '2026-07-01 12:00:00' });
    // The other change is marked too, with the mirrored record.
    expect(one(await call(`/api/sn_chg_rest/change/${first.sys_id!.value}`)).conflict_status).toMatchObject({ value: 'Conflict' });
    expect((await conflicts(first)).conflicts).toEqual([
      expect.objectContaining({ conflicting_change: { value: second.sys_id!.value, display_value: second.number!.value } }),
    ]);

    // Another CI, no blackout: none found; `status` still says "Conflict" (the CMAPI note), the change "No Conflict".
    await call(conflictPath(elsewhere), { method: 'POST' });
    expect(await conflicts(elsewhere)).toEqual({
      status: 'Conflict',
      last_run: '2026-07-01 12:00:00',
      record_count: '1',
      job_status: '2',
      conflicts: [],
    });
    expect(s.state.get('change_request', elsewhere.sys_id!.value as string)?.conflict_status).toBe('No Conflict');

    await call(conflictPath(frozen), { method: 'POST' });
    const schedule = s.state.rows('cmn_schedule_blackout').find((row) => row.name === FREEZE)!;
    expect((await conflicts(frozen)).conflicts).toEqual([
      expect.objectContaining({
        type: { value: 'blackout', display_value: 'Blackout' },
        schedule: { value: schedule.sys_id, display_value: FREEZE },
        conflicting_change: { value: '', display_value: '' },
      }),
    ]);

    // Conflicts only warn: the conflicted change moves on.
    expect(one(await patch(second.sys_id!.value as string, { state: 'assess' })).state).toMatchObject({ value: -4 });
    // A closed or canceled change is no conflict for others.
    await patch(first.sys_id!.value as string, { state: 'canceled' });
    await call(conflictPath(second), { method: 'POST' });
    expect((await conflicts(second)).conflicts).toEqual([]);
    expect(s.state.get('change_request', second.sys_id!.value as string)?.conflict_status).toBe('No Conflict');
  });

  it('weekly blackout windows repeat; a condition limits the CIs a blackout covers; the Table API lists the schedules', async () => {
    const s = await start({
      blackoutSchedules: [
        {
          name: 'Checkout weekend freeze',
          condition: 'name=Checkout Web',
          windows: [{ start: '2026-06-05T16:00:00Z', end: '2026-06-08T06:00:00Z', weekly: true }],
        },
      ],
    });
    const checkout = await createOn('Checkout Web', ['2026-07-11 09:00:00', '2026-07-11 10:00:00']);
    const payments = await createOn('Payments API', ['2026-07-11 09:00:00', '2026-07-11 10:00:00']);
    const weekday = await createOn('Checkout Web', ['2026-07-08 09:00:00', '2026-07-08 10:00:00']);
    for (const change of [checkout, payments, weekday]) await call(conflictPath(change), { method: 'POST' });
    expect((await conflicts(checkout)).conflicts.map((conflict) => conflict.type!.value)).toEqual(['blackout']);
    expect((await conflicts(payments)).conflicts).toEqual([]);
    expect((await conflicts(weekday)).conflicts).toEqual([]);

    const listed = await call('/api/now/table/cmn_schedule_blackout?sysparm_fields=name,type,condition');
    expect(listed.json).toEqual({ result: [{ name: 'Checkout weekend freeze', type: 'blackout', condition: 'name=Checkout Web' }] });
    expect(s.state.rows('cmn_schedule_span')).toMatchObject([
      { start_date_time: '20260605T160000', end_date_time: '20260608T060000', repeat_type: 'weekly', days_of_week: '5' },
    ]);
  });

  it('runs for conflictCheckMs of simulated time; DELETE cancels a running check and is refused when none runs; 400 without CI or dates', async () => {
    const s = await start({
      conflictCheckMs: 60_000,
      blackoutSchedules: [{ name: FREEZE, windows: [{ start: '2026-07-03T16:00:00Z', end: '2026-07-06T06:00:00Z' }] }],
    });
    const frozen = await createOn('Payments API', ['2026-07-04 10:00:00', '2026-07-04 11:00:00']);
    const worker = (await call(conflictPath(frozen), { method: 'POST' })).json as { result: string };
    expect(await conflicts(frozen)).toMatchObject({ status: 'Not Run', job_status: '1', conflicts: [] });
    // Started again while it runs: the same check.
    expect(((await call(conflictPath(frozen), { method: 'POST' })).json as { result: string }).result).toBe(worker.result);
    const cancelled = await call(conflictPath(frozen), { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).toBe('');
    s.clock.advance(120_000);
    expect(await conflicts(frozen)).toMatchObject({ status: 'Not Run', job_status: '4', conflicts: [] });
    const nothing = await call(conflictPath(frozen), { method: 'DELETE' });
    expect(nothing.status).toBe(400);
    expect(nothing.json).toMatchObject({ error: { message: 'Cancel request failed' }, status: 'failure' });

    await call(conflictPath(frozen), { method: 'POST' });
    s.clock.advance(61_000);
    expect(await conflicts(frozen)).toMatchObject({ status: 'Conflict', job_status: '2', conflicts: [expect.anything()] });
    expect(s.state.get('change_request', frozen.sys_id!.value as string)?.conflict_status).toBe('Conflict');

    const undated = await createOn('Payments API', null);
    const refused = await call(conflictPath(undated), { method: 'POST' });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      error: {
        message: 'Unable to start conflict checking',
        detail: `${undated.number!.value} needs a planned start (start_date), a planned end (end_date) to be checked for conflicts`,
      },
      status: 'failure',
    });
    expect((await call('/api/sn_chg_rest/change/0123456789abcdef0123456789abcdef/conflict')).status).toBe(404);
  });

  it('answers 404 on an instance without conflict detection; the demo seeds a weekend change freeze', async () => {
    await start({ conflictDetection: false });
    const change = await createOn('Payments API', ['2026-07-04 10:00:00', '2026-07-04 11:00:00']);
    for (const method of ['POST', 'GET', 'DELETE']) expect((await call(conflictPath(change), { method })).status).toBe(404);
    await sim!.close();
    const demo = await start({ seedChanges: true });
    expect(demo.state.rows('cmn_schedule_blackout').map((row) => row.name)).toEqual(['Weekend change freeze']);
  });
});
