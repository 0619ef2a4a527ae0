/**
 * The Jira Service Management simulator's change project over real HTTP: field discovery
 * (/rest/api/3/field, a request type's fields and hidden presets), creating changes with the
 * Service Desk API, the workflow's transitions and their 400s, approvals (list, answer, 403,
 * 409, the approve and decline transitions they run), standard changes auto-approved from a
 * template, JQL search over the change project, template request types and their
 * (experimental) properties, the two error dialects, the demo data, control routes and faults.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHANGE_MANAGER_ACCOUNT,
  FIELD_IDS,
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
} from '../../../../electron/simulators/jira-service-management';

const PIPELINE = 'oncall-console@example.com';
const MANAGER = CHANGE_MANAGER_ACCOUNT.emailAddress;
const DEVELOPER = 'dana.developer@example.com';
/** 2026-07-01 12:00:00 UTC. */
const START = Date.parse('2026-07-01T12:00:00Z');

let sim: JiraServiceManagementSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function start(options: { seedChanges?: boolean } = {}): Promise<JiraServiceManagementSimulator> {
  sim = await startJiraServiceManagementSimulator({ seedChanges: options.seedChanges ?? false, now: () => START });
  return sim;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire bodies are read loosely in these tests
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown, init: { as?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${sim!.baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${init.as ?? PIPELINE}:token`).toString('base64')}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...init.headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as Json };
}

/** The change fields' ids, found by name as a client must (they are site-specific). */
async function fieldIds() {
  const fields = (await call('GET', '/rest/api/3/field')).json as unknown as { id: string; name: string }[];
  const id = (name: string) => fields.find((field) => field.name === name)!.id;
  return {
    type: id('Change type'),
    risk: id('Change risk'),
    start: id('Change start date'),
    end: id('Change completion date'),
    approvers: id('Approvers'),
    plan: id('Implementation plan'),
    services: id('Affected services'),
  };
}

function serviceId(name: string): string {
  return sim!.state.site.services.find((service) => service.name === name)!.id;
}

async function raiseNormal(fields: Record<string, unknown> = {}, type = 'Normal') {
  const ids = await fieldIds();
  return call('POST', '/rest/servicedeskapi/request', {
    serviceDeskId: '2',
    requestTypeId: '30',
    requestFieldValues: {
      summary: 'Deploy Checkout Web 2.0.0',
      description: 'Line one\nLine two',
      labels: ['oncall:checkout-web:2.0.0:-'],
      [ids.type]: { value: type },
      [ids.services]: [{ id: serviceId('Checkout Web') }],
      [ids.start]: '2026-07-01T14:00:00.000+0000',
      [ids.end]: '2026-07-01T16:00:00.000+0100',
      ...fields,
    },
  });
}

async function transitions(key: string): Promise<{ id: string; name: string; to: { name: string } }[]> {
  return (await call('GET', `/rest/api/3/issue/${key}/transitions`)).json.transitions;
}

async function moveTo(key: string, status: string) {
  const transition = (await transitions(key)).find((item) => item.to.name === status)!;
  return call('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: transition.id } });
}

async function status(key: string): Promise<string> {
  return (await call('GET', `/rest/api/3/issue/${key}?fields=status`)).json.fields.status.name;
}

describe('discovery', () => {
  it('lists the change project and its fields: /field with clause names and schemas, the form with required fields and valid values', async () => {
    await start();
    const desks = await call('GET', '/rest/servicedeskapi/servicedesk');
    expect(desks.json.values.map((desk: Json) => desk.projectKey)).toEqual(['ITSM', 'CHG']);
    expect((await call('GET', '/rest/servicedeskapi/servicedesk/projectKey:CHG')).json).toMatchObject({
      id: '2',
      projectName: 'Change Management',
    });

    const fields = (await call('GET', '/rest/api/3/field')).json as unknown as Json[];
    const type = fields.find((field) => field.name === 'Change type')!;
    expect(type).toMatchObject({
      custom: true,
      schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
    });
    expect(type.clauseNames).toEqual([`cf[${type.id.replace('customfield_', '')}]`, 'Change type']);
    expect(fields.find((field) => field.name === 'Change start date')!.schema.type).toBe('datetime');
    expect(fields.find((field) => field.name === 'Approvers')!.schema).toMatchObject({ type: 'array', items: 'user' });
    // The incident fields are still there.
    expect(fields.some((field) => field.id === FIELD_IDS.team)).toBe(true);

    const types = await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype');
    expect(types.json.values.map((type: Json) => type.name)).toEqual([
      'Request a change',
      'Payments API - routine deployment',
      'Checkout Web - routine deployment',
    ]);
    expect(types.json.values[0]).toMatchObject({ id: '30', issueTypeId: '10006', serviceDeskId: '2' });
    const form = await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype/30/field');
    const typeField = form.json.requestTypeFields.find((field: Json) => field.fieldId === type.id);
    expect(typeField).toMatchObject({ required: true, visible: true });
    expect(typeField.validValues.map((value: Json) => value.label)).toEqual(['Standard', 'Normal', 'Emergency']);
  });

  it("keeps a template's preset fields hidden unless expand=hiddenFields, then shows them with presetValues", async () => {
    await start();
    const ids = await fieldIds();
    const plain = await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype/31/field');
    expect(plain.json.requestTypeFields.map((field: Json) => field.fieldId)).not.toContain(ids.type);
    const hidden = await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype/31/field?expand=hiddenFields');
    const preset = (id: string) => hidden.json.requestTypeFields.find((field: Json) => field.fieldId === id);
    expect(preset(ids.type)).toMatchObject({ visible: false, presetValues: ['10200'] });
    expect(preset(ids.risk).presetValues).toEqual(['10210']);
    expect(preset(ids.services).presetValues).toEqual([serviceId('Payments API')]);
    expect(preset(ids.plan).presetValues[0]).toMatch(/canary/);
  });
});

describe('raising changes', () => {
  it('creates a normal change in Planning: a CustomerRequestDTO, and the platform issue with the change fields', async () => {
    await start();
    const ids = await fieldIds();
    const created = await raiseNormal();
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      issueKey: 'CHG-1',
      issueId: '900001',
      requestTypeId: '30',
      serviceDeskId: '2',
      currentStatus: { status: 'Planning', statusCategory: 'NEW' },
      _links: { agent: `${sim!.baseUrl}/browse/CHG-1` },
    });
    expect(created.json.requestFieldValues).toEqual(
      expect.arrayContaining([
        { fieldId: 'summary', label: 'Summary', value: 'Deploy Checkout Web 2.0.0' },
        { fieldId: ids.type, label: 'Change type', value: { value: 'Normal' } },
      ]),
    );
    const issue = (await call('GET', '/rest/api/3/issue/CHG-1')).json;
    expect(issue.fields).toMatchObject({
      status: { name: 'Planning', statusCategory: { key: 'new' } },
      issuetype: { id: '10006', name: 'Change' },
      project: { key: 'CHG' },
      labels: ['oncall:checkout-web:2.0.0:-'],
      [ids.type]: { value: 'Normal', id: '10201' },
      [ids.start]: '2026-07-01T14:00:00.000+0000',
      [ids.end]: '2026-07-01T15:00:00.000+0000',
      [ids.services]: [{ id: serviceId('Checkout Web'), name: 'Checkout Web' }],
      [FIELD_IDS.requestType]: { requestType: { id: '30', name: 'Request a change' } },
    });
    expect(issue.fields.description).toEqual({
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Line one\nLine two' }] }],
    });
    // The request reads the same through the Service Desk API, by key or id.
    expect((await call('GET', '/rest/servicedeskapi/request/900001')).json.issueKey).toBe('CHG-1');
  });

  it("refuses what the form does not allow, in the Service Desk API's ErrorResponse", async () => {
    await start();
    const ids = await fieldIds();
    const missing = await raiseNormal({ [ids.type]: undefined });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      errorMessage: `Your request could not be created: check the fields. ${ids.type}: Change type is required.`,
      i18nErrorMessage: { i18nKey: 'sd.request.create.field.invalid', parameters: [] },
    });
    expect((await raiseNormal({ [ids.type]: { value: 'Routine' } })).json.errorMessage).toContain(
      'Specify a valid value for Change type: Standard (id 10200), Normal (id 10201), Emergency (id 10202).',
    );
    expect((await raiseNormal({ [ids.start]: 'tomorrow' })).json.errorMessage).toContain('Invalid date');
    expect((await raiseNormal({ labels: ['two words'] })).json.errorMessage).toContain("can't contain spaces");
    const hidden = await call('POST', '/rest/servicedeskapi/request', {
      serviceDeskId: '2',
      requestTypeId: '31',
      requestFieldValues: { summary: 'Deploy', [ids.risk]: { value: 'High' } },
    });
    expect(hidden.status).toBe(400);
    expect(hidden.json.errorMessage).toContain(`Field '${ids.risk}' cannot be set.`);
    expect(
      (await call('POST', '/rest/servicedeskapi/request', { serviceDeskId: '2', requestTypeId: '99', requestFieldValues: {} })).status,
    ).toBe(400);
    expect(sim!.changes.list()).toHaveLength(0);
  });

  it('a standard change from a template is auto-approved to Awaiting implementation, with the presets applied and hidden', async () => {
    await start();
    const ids = await fieldIds();
    const created = await call('POST', '/rest/servicedeskapi/request', {
      serviceDeskId: '2',
      requestTypeId: '31',
      requestFieldValues: { summary: 'Deploy Payments API 1.4.2', labels: ['oncall:payments-api:1.4.2:-'] },
    });
    expect(created.status).toBe(201);
    expect(created.json.currentStatus).toMatchObject({ status: 'Awaiting implementation', statusCategory: 'INDETERMINATE' });
    expect(created.json.requestFieldValues.map((value: Json) => value.fieldId)).toEqual(['summary', 'labels']);
    const issue = (await call('GET', `/rest/api/3/issue/${created.json.issueKey}`)).json;
    expect(issue.fields).toMatchObject({
      [ids.type]: { value: 'Standard' },
      [ids.risk]: { value: 'Low' },
      [ids.services]: [{ name: 'Payments API' }],
    });
    expect((await call('GET', `/rest/servicedeskapi/request/${created.json.issueKey}/approval`)).json.values).toEqual([]);
  });
});

describe('workflow', () => {
  it('offers only the transitions valid from the status; an illegal or malformed one is a 400 in Jira words', async () => {
    await start();
    await raiseNormal();
    expect((await transitions('CHG-1')).map((item) => `${item.id} ${item.name} -> ${item.to.name}`)).toEqual([
      '11 Submit for approval -> Awaiting approval',
      '81 Cancel -> Canceled',
    ]);
    const illegal = await call('POST', '/rest/api/3/issue/CHG-1/transitions', { transition: { id: '51' } });
    expect(illegal).toEqual({ status: 400, json: { errorMessages: ["Transition id '51' is not valid for this issue."], errors: {} } });
    // The standard-only transition is conditional on Change type: not offered, and refused, for a normal change.
    expect((await call('POST', '/rest/api/3/issue/CHG-1/transitions', { transition: { id: '41' } })).status).toBe(400);
    const malformed = await call('POST', '/rest/api/3/issue/CHG-1/transitions', { transition: { id: 'next' } });
    expect(malformed.json).toEqual({ errorMessages: ["'transition' identifier must be an integer"], errors: {} });
    const withFields = await call('POST', '/rest/api/3/issue/CHG-1/transitions', { transition: { id: '11' }, fields: { summary: 'x' } });
    expect(withFields.json.errors.summary).toContain('cannot be set');
    expect((await call('POST', '/rest/api/3/issue/CHG-1/transitions', { transition: { id: 11 } })).status).toBe(204);
    expect(await status('CHG-1')).toBe('Awaiting approval');
    // In the approval status only Cancel is offered: Approve and Decline belong to the approval.
    expect((await transitions('CHG-1')).map((item) => item.name)).toEqual(['Cancel']);
    expect((await call('POST', '/rest/api/3/issue/CHG-1/transitions', { transition: { id: '21' } })).status).toBe(400);
    expect((await call('GET', '/rest/api/3/issue/CHG-404/transitions')).status).toBe(404);
  });

  it('implements and completes or fails an approved change; a done change cannot be edited', async () => {
    await start();
    const ids = await fieldIds();
    const created = await call('POST', '/rest/servicedeskapi/request', {
      serviceDeskId: '2',
      requestTypeId: '32',
      requestFieldValues: { summary: 'Deploy Checkout Web' },
    });
    const key = created.json.issueKey as string;
    expect((await moveTo(key, 'Implementing')).status).toBe(204);
    expect((await transitions(key)).map((item) => item.to.name)).toEqual(['Completed', 'Failed']);
    expect((await moveTo(key, 'Failed')).status).toBe(204);
    const issue = (await call('GET', `/rest/api/3/issue/${key}?fields=status,resolution`)).json;
    expect(issue.fields).toMatchObject({ status: { name: 'Failed', statusCategory: { key: 'done' } }, resolution: { name: 'Done' } });
    const edit = await call('PUT', `/rest/api/3/issue/${key}`, { fields: { [ids.risk]: { value: 'High' } } });
    expect(edit.json.errorMessages[0]).toContain("in a status (Failed) that doesn't allow editing");
  });

  it("edits a change's fields with the platform API (text areas as ADF, labels by update)", async () => {
    await start();
    const ids = await fieldIds();
    await raiseNormal();
    const plan = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Roll out' }] }] };
    const edited = await call('PUT', '/rest/api/3/issue/CHG-1', {
      fields: { [ids.plan]: plan, [ids.risk]: { id: '10212' } },
      update: { labels: [{ add: 'extra' }] },
    });
    expect(edited.status).toBe(204);
    const issue = (await call('GET', '/rest/api/3/issue/CHG-1')).json.fields;
    expect(issue[ids.plan]).toEqual(plan);
    expect(issue[ids.risk].value).toBe('High');
    expect(issue.labels).toEqual(['oncall:checkout-web:2.0.0:-', 'extra']);
    expect((await call('PUT', '/rest/api/3/issue/CHG-1', { fields: { [ids.plan]: 'plain text' } })).status).toBe(400);
  });
});

describe('approvals', () => {
  it("opens an approval for the service's change approvers on entering Awaiting approval; approving runs the approve transition", async () => {
    await start();
    await raiseNormal();
    await moveTo('CHG-1', 'Awaiting approval');
    const list = await call('GET', '/rest/servicedeskapi/request/CHG-1/approval', undefined, { as: MANAGER });
    expect(list.json).toMatchObject({ size: 1, isLastPage: true });
    const approval = list.json.values[0];
    expect(approval).toMatchObject({
      id: '1',
      name: 'Change approval',
      finalDecision: 'pending',
      canAnswerApproval: true,
      approvers: [{ approver: { displayName: 'Grace Hopper', emailAddress: MANAGER }, approverDecision: 'pending' }],
      createdDate: { epochMillis: START },
    });
    expect(approval.completedDate).toBeUndefined();
    expect((await call('GET', '/rest/servicedeskapi/request/CHG-1/approval/1')).json.canAnswerApproval).toBe(false);

    const stranger = await call('POST', '/rest/servicedeskapi/request/CHG-1/approval/1', { decision: 'approve' }, { as: DEVELOPER });
    expect(stranger).toEqual({
      status: 403,
      json: {
        errorMessage: 'You are not an approver of this request.',
        i18nErrorMessage: { i18nKey: 'sd.approval.not.approver', parameters: [] },
      },
    });
    expect((await call('POST', '/rest/servicedeskapi/request/CHG-1/approval/1', { decision: 'yes' }, { as: MANAGER })).status).toBe(400);
    expect((await call('POST', '/rest/servicedeskapi/request/CHG-1/approval/7', { decision: 'approve' }, { as: MANAGER })).status).toBe(
      404,
    );

    const approved = await call('POST', '/rest/servicedeskapi/request/CHG-1/approval/1', { decision: 'approve' }, { as: MANAGER });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ finalDecision: 'approved', canAnswerApproval: false, completedDate: { epochMillis: START } });
    expect(await status('CHG-1')).toBe('Awaiting implementation');
    const again = await call('POST', '/rest/servicedeskapi/request/CHG-1/approval/1', { decision: 'decline' }, { as: MANAGER });
    expect(again.status).toBe(409);
    expect(again.json.i18nErrorMessage.i18nKey).toBe('sd.approval.completed');
  });

  it('a decline runs the decline transition to Declined; the Approvers field adds approvers', async () => {
    await start();
    const ids = await fieldIds();
    const developer = sim!.state.getUserByEmail(DEVELOPER)!;
    await raiseNormal({ [ids.approvers]: [{ accountId: developer.accountId }] }, 'Emergency');
    await moveTo('CHG-1', 'Awaiting approval');
    const [approval] = (await call('GET', '/rest/servicedeskapi/request/CHG-1/approval')).json.values;
    expect(approval.approvers.map((entry: Json) => entry.approver.displayName).sort()).toEqual(['Dana Developer', 'Grace Hopper']);
    const declined = await call('POST', '/rest/servicedeskapi/request/CHG-1/approval/1', { decision: 'decline' }, { as: DEVELOPER });
    expect(declined.json.finalDecision).toBe('declined');
    expect(await status('CHG-1')).toBe('Declined');
    expect((await call('POST', '/rest/servicedeskapi/request/CHG-1/approval/1', { decision: 'approve' }, { as: MANAGER })).status).toBe(
      409,
    );
  });

  it('lets a named approver decide through the control route, with a comment first', async () => {
    await start();
    await raiseNormal();
    await moveTo('CHG-1', 'Awaiting approval');
    const response = await fetch(`${sim!.baseUrl}/_simulator/changes/decide`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ issueKey: 'CHG-1', approverEmail: MANAGER, decision: 'decline', comment: 'No backout plan' }),
    });
    expect(response.status).toBe(204);
    expect(await status('CHG-1')).toBe('Declined');
    const comments = await call('GET', '/rest/servicedeskapi/request/CHG-1/comment');
    expect(comments.json.values).toMatchObject([{ body: 'No backout plan', public: true, author: { displayName: 'Grace Hopper' } }]);
    const bad = await fetch(`${sim!.baseUrl}/_simulator/changes/decide`, { method: 'POST', body: '{"issueKey":"CHG-1"}' });
    expect(bad.status).toBe(400);
    // Control routes are not recorded.
    expect(sim!.requests.some((request) => request.path.startsWith('/_simulator'))).toBe(false);
  });
});

describe('search', () => {
  it('searches the change project with JQL (labels, updated, ORDER BY), pages by nextPageToken, leaves incident searches alone', async () => {
    await start({ seedChanges: true });
    const seeded = sim!.changes.list().length;
    await raiseNormal();
    const jql = (query: string, extra = '') =>
      call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(query)}&fields=summary,status,labels${extra}`);
    const byLabel = await jql('project = CHG AND labels = "oncall:checkout-web:2.0.0:-" ORDER BY created ASC');
    expect(byLabel.json.issues.map((issue: Json) => issue.key)).toEqual([`CHG-${seeded + 1}`]);
    expect(byLabel.json.isLast).toBe(true);
    const first = await jql('project = "CHG" AND updated >= "2026/07/01 11:59" ORDER BY created ASC', '&maxResults=4');
    expect(first.json.issues).toHaveLength(4);
    expect(first.json.isLast).toBe(false);
    const rest = await jql(
      'project = "CHG" AND updated >= "2026/07/01 11:59" ORDER BY created ASC',
      `&maxResults=100&nextPageToken=${first.json.nextPageToken}`,
    );
    expect(rest.json.issues).toHaveLength(seeded + 1 - 4);
    expect((await jql('project = CHG AND status = Declined')).json.issues.map((issue: Json) => issue.fields.status.name)).toEqual([
      'Declined',
    ]);
    const idsOnly = await call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = CHG AND labels = x')}`);
    expect(idsOnly.json).toEqual({ issues: [], isLast: true });
    // The incident project is searched as before.
    expect((await jql('project = ITSM')).json.issues).toEqual([]);
  });
});

describe('template request types', () => {
  it('creates a request type of the Change issue type with the required fields, off the portal; refuses an empty name', async () => {
    await start();
    const ids = await fieldIds();
    const created = await call('POST', '/rest/servicedeskapi/servicedesk/2/requesttype', {
      issueTypeId: '10006',
      name: 'Search API - index rebuild',
      description: 'Rebuilding the index',
      helpText: 'Pre-approved',
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ id: '33', name: 'Search API - index rebuild', issueTypeId: '10006', groupIds: [] });
    const form = await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype/33/field?expand=hiddenFields');
    expect(form.json.requestTypeFields.map((field: Json) => field.fieldId)).toEqual(['summary', ids.type]);
    // Off the portal: a search leaves it out.
    expect((await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype?searchQuery=index')).json.values).toEqual([]);
    const empty = await call('POST', '/rest/servicedeskapi/servicedesk/2/requesttype', { issueTypeId: '10006', name: ' ' });
    expect(empty.json).toMatchObject({ errorMessage: 'The request type name must not be empty.' });
    expect((await call('POST', '/rest/servicedeskapi/servicedesk/2/requesttype', { issueTypeId: '1', name: 'x' })).status).toBe(400);
  });

  it('keeps request type properties behind the experimental opt-in header: 412 without, 404 when absent, 201 then 200 on PUT', async () => {
    await start();
    const path = '/rest/servicedeskapi/servicedesk/2/requesttype/31/property/oncall-console.change-template';
    const optIn = { headers: { 'X-ExperimentalApi': 'opt-in' } };
    const refused = await call('GET', path);
    expect(refused.status).toBe(412);
    expect(refused.json.errorMessage).toContain("You must set the header 'X-ExperimentalApi: opt-in'");
    expect((await call('GET', path, undefined, optIn)).status).toBe(404);
    expect((await call('PUT', path, { risk: 'low' }, optIn)).status).toBe(201);
    expect((await call('PUT', path, { risk: 'moderate' }, optIn)).status).toBe(200);
    expect((await call('GET', path, undefined, optIn)).json).toEqual({
      key: 'oncall-console.change-template',
      value: { risk: 'moderate' },
    });
    expect((await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype/31/property', undefined, optIn)).json.keys).toHaveLength(1);
    expect((await call('GET', '/rest/servicedeskapi/servicedesk/2/requesttype/77/property/x', undefined, optIn)).status).toBe(404);
  });
});

describe('demo data and faults', () => {
  it('seeds changes in every state of the workflow, dated from the clock', async () => {
    await start({ seedChanges: true });
    const statuses = sim!.changes.list().map((issue) => issue.statusName);
    expect(new Set(statuses)).toEqual(
      new Set(['Planning', 'Awaiting approval', 'Awaiting implementation', 'Implementing', 'Completed', 'Failed', 'Canceled', 'Declined']),
    );
    const declined = sim!.changes.list().find((issue) => issue.statusName === 'Declined')!;
    expect(sim!.changes.commentsOf(declined)[0]!.body).toMatch(/No backout plan/);
  });

  it('applies armed faults to the change routes', async () => {
    await start();
    sim!.faults.inject({ kind: 'server-error', status: 503, count: 1, path: '/rest/api/3/search/jql' });
    const failed = await fetch(`${sim!.baseUrl}/rest/api/3/search/jql?jql=project%3DCHG`, {
      headers: { Authorization: `Basic ${Buffer.from(`${PIPELINE}:t`).toString('base64')}` },
    });
    expect(failed.status).toBe(503);
    expect((await call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = CHG')}`)).status).toBe(200);
  });
});
