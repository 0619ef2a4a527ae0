/**
 * The ServiceNow change system (change-system.ts) against a fake fetch: which requests each
 * port method sends (method, path, query, body), idempotent raising by the change key, and
 * ServiceNow's refusals passed on in its own words. Answers are shaped as the recordings
 * in /work/notes/servicenow-change-api.md (see change-fixtures.ts).
 */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { changeKey, type ChangeDraft } from '../../../../electron/engine/ports/change-system';
import { deploymentBlock } from '../../../../electron/providers/change-record/deployment-block';
import { createServiceNowChangeSystem } from '../../../../electron/providers/servicenow/change-system';
import { ServiceNowRefusal } from '../../../../electron/providers/servicenow/servicenow-client';
import { gateDecision } from '../../../../shared/rules/change-gate';
import { fakeFetch, json, type Handler, type RecordedCall } from '../fake-fetch';
import { list, one, snApprover, snChange, snTemplate, state, text } from './change-fixtures';

const INSTANCE = 'https://acme.service-now.com';
const SYS = 'cc69062e83033210d60a1a30ceaad313';
const TEMPLATE = '92b8544047810200e90d87e8dee490b0';
const CI = 'ci000000000000000000000000000001';
const CHANGES = '/api/sn_chg_rest/change';
const SERVICES = '/api/now/table/cmdb_ci_service';
const APPROVERS = '/api/now/table/sysapproval_approver';
const RUN = 'https://ci.example.com/runs/7';
const KEY = changeKey('Payments API', '1.4.2', RUN);

function system(handler: Handler, pageSize?: number) {
  const fake = fakeFetch(handler);
  const changes = createServiceNowChangeSystem({
    instanceUrl: `${INSTANCE}/`,
    auth: { kind: 'basic', user: 'svc-oncall', password: 'p@ss' },
    maxRetries: 0,
    fetch: fake.fetch,
    sleep: async () => {},
    random: () => 0,
    ...(pageSize ? { pageSize } : {}),
  });
  return { changes, calls: fake.calls };
}

function draft(overrides: Partial<ChangeDraft> = {}): ChangeDraft {
  return {
    type: 'normal',
    service: { id: 'PSVC1', name: 'Payments API' },
    templateId: null,
    shortDescription: 'Deploy Payments API 1.4.2',
    description: 'Deployment of Payments API 1.4.2 raised by its pipeline.',
    deployment: { version: '1.4.2', commit: 'abc123', runUrl: RUN },
    key: KEY,
    plannedStart: '2026-12-06T14:00:00Z',
    plannedEnd: '2026-12-06T18:00:00.000Z',
    ...overrides,
  };
}

function route(call: RecordedCall): string {
  return `${call.method} ${call.path}`;
}

const SERVICE_ROW = {
  sys_id: CI,
  name: 'Payments API',
  sys_class_name: 'cmdb_ci_service',
  short_description: '',
  support_group: 'grp00000000000000000000000000001',
  operational_status: '1',
};

/**
 * The instance's answers to what a normal or emergency change gets before it is submitted
 * (PATCH .../risk with the change, POST .../conflict with a worker sys_id, GET .../conflict
 * with a finished check's `conflicts`, as the CMAPI examples), or null for another request.
 */
function assessment(call: RecordedCall, change: () => Record<string, unknown>, conflicts: unknown[] = []): Response | null {
  if (call.method === 'PATCH' && call.path.endsWith('/risk'))
    return json(one({ ...change(), risk: { display_value: 'Moderate', value: 3 } }));
  if (call.method === 'POST' && call.path.endsWith('/conflict')) return json({ result: 'c0b5afe4b710230096c3e4f6ee11a93f' });
  if (call.method === 'GET' && call.path.endsWith('/conflict'))
    return json({ result: { status: 'Conflict', last_run: '2026-02-17 00:45:20', record_count: '1', job_status: '2', conflicts } });
  return null;
}

/** A change raised for KEY as the instance stores it, in `fields`' state. */
function raised(fields: Parameters<typeof snChange>[1] = {}) {
  return snChange(SYS, {
    correlation_id: text(KEY),
    correlation_display: text('oncall-console'),
    description: text(`Deployment.\n\n${deploymentBlock({ version: '1.4.2', commit: 'abc123', runUrl: RUN })}`),
    ...fields,
  });
}

describe('raiseChange', () => {
  it('returns the change already raised for the key without creating another (no POST, no PATCH)', async () => {
    const { changes, calls } = system((call) => {
      if (route(call) === `GET ${CHANGES}`)
        return json(list([raised({ state: state(-2, 'Scheduled'), approval: { display_value: 'Approved', value: 'approved' } })]));
      if (route(call) === `GET ${APPROVERS}`) return json({ result: [] });
      throw new Error(`unexpected ${route(call)}`);
    });
    const change = await changes.raiseChange(draft());
    expect(change).toMatchObject({ id: SYS, state: 'scheduled', approval: 'approved', deployment: { version: '1.4.2', commit: 'abc123' } });
    // An approved change needs no approvers named: one read.
    expect(calls.map(route)).toEqual([`GET ${CHANGES}`]);
    expect(calls[0]?.query.get('sysparm_query')).toBe(`correlation_id=${KEY}^ORDERBYsys_created_on`);
  });

  it('raises a normal change: finds none, resolves the CI by name, POSTs it with the deployment, submits it to Assess', async () => {
    let created: Record<string, unknown> = {};
    // The CMAPI example's conflict: the planned window is outside the CI's maintenance window.
    const outsideMaintenance = {
      change: { display_value: 'CHG0030001', value: SYS },
      type: { display_value: 'Not In Maintenance Window', value: 'not_in_maintenance_window' },
      configuration_item: { display_value: 'Payments API', value: CI },
      schedule: { display_value: 'Payments maintenance', value: 'e2b8544047810200e90d87e8dee490b0' },
    };
    const { changes, calls } = system((call) => {
      const assessed = assessment(call, () => created, [outsideMaintenance]);
      if (assessed) return assessed;
      switch (route(call)) {
        case `GET ${CHANGES}`:
          return json(list([]));
        case `GET ${SERVICES}`:
          return json({ result: [SERVICE_ROW] });
        case `POST ${CHANGES}/normal`: {
          const body = call.body as Record<string, string>;
          created = snChange(SYS, {
            description: text(body.description ?? ''),
            correlation_id: text(body.correlation_id ?? ''),
            start_date: { display_value: '', value: body.start_date ?? '' },
          });
          return json(one(created));
        }
        case `PATCH ${CHANGES}/${SYS}`:
          return json(one({ ...created, state: state(-4, 'Assess'), approval: { display_value: 'Requested', value: 'requested' } }));
        case `GET ${APPROVERS}`:
          return json({ result: [snApprover('a1', SYS, { id: 'u7', name: 'Grace Hopper' }, 'requested')] });
      }
      throw new Error(`unexpected ${route(call)}`);
    });
    const change = await changes.raiseChange(draft());
    expect(calls.map(route)).toEqual([
      `GET ${CHANGES}`,
      `GET ${SERVICES}`,
      `POST ${CHANGES}/normal`,
      // Read again by key: another pipeline may have raised it at the same moment.
      `GET ${CHANGES}`,
      // Assessed before it is submitted, so its approvers see the risk and conflicts.
      `PATCH ${CHANGES}/${SYS}/risk`,
      `POST ${CHANGES}/${SYS}/conflict`,
      `GET ${CHANGES}/${SYS}/conflict`,
      `PATCH ${CHANGES}/${SYS}`,
      `GET ${APPROVERS}`,
    ]);
    expect(calls[1]?.query.get('sysparm_query')).toBe('name=Payments API^ORDERBYsys_created_on');
    const post = calls[2]?.body as Record<string, string>;
    expect(post).toMatchObject({
      short_description: 'Deploy Payments API 1.4.2',
      cmdb_ci: CI,
      assignment_group: 'grp00000000000000000000000000001',
      correlation_id: KEY,
      correlation_display: 'oncall-console',
      start_date: '2026-12-06 14:00:00',
      end_date: '2026-12-06 18:00:00',
    });
    expect(post.description).toBe(
      'Deployment of Payments API 1.4.2 raised by its pipeline.\n\nOn-Call Console deployment\nVersion: 1.4.2\nCommit: abc123\nPipeline run: https://ci.example.com/runs/7',
    );
    expect(post.implementation_plan).toContain('Deploy Payments API 1.4.2 (commit abc123)');
    expect(post.backout_plan).toBeTruthy();
    expect(post.test_plan).toBeTruthy();
    expect(calls[4]?.body).toBeUndefined();
    expect(calls[7]?.body).toEqual({ state: '-4' });
    expect(calls[8]?.query.get('sysparm_query')).toBe(`sysapprovalIN${SYS}^ORDERBYsys_created_on`);
    expect(change).toMatchObject({
      state: 'assess',
      approval: 'requested',
      approvals: [{ approver: { name: 'Grace Hopper' }, state: 'requested' }],
      service: { id: 'ci000000000000000000000000000001', name: 'Payments API' },
      deployment: { version: '1.4.2', commit: 'abc123', runUrl: RUN },
      plannedStart: '2026-12-06T14:00:00Z',
      conflictStatus: 'conflict',
      conflicts: [
        {
          kind: 'maintenance',
          description:
            'Not In Maintenance Window: the planned window is outside the maintenance window Payments maintenance of Payments API',
          with: 'Payments maintenance',
        },
      ],
    });
  });

  it('raises an emergency change with its incident and submits it to Authorize', async () => {
    const emergency = snChange(SYS, { type: { display_value: 'Emergency', value: 'emergency' } });
    const { changes, calls } = system((call) => {
      const assessed = assessment(call, () => emergency);
      if (assessed) return assessed;
      switch (route(call)) {
        case `GET ${CHANGES}`:
          return json(list([]));
        case `GET ${SERVICES}`:
          return json({ result: [SERVICE_ROW] });
        case `POST ${CHANGES}/emergency`:
          return json(
            one(
              snChange(SYS, {
                type: { display_value: 'Emergency', value: 'emergency' },
                description: text((call.body as { description: string }).description),
              }),
            ),
          );
        case `PATCH ${CHANGES}/${SYS}`:
          return json(one(snChange(SYS, { type: { display_value: 'Emergency', value: 'emergency' }, state: state(-3, 'Authorize') })));
        case `GET ${APPROVERS}`:
          return json({ result: [] });
      }
      throw new Error(`unexpected ${route(call)}`);
    });
    await changes.raiseChange(draft({ type: 'emergency', incidentId: 'Q1ABC', plannedStart: null, plannedEnd: null }));
    const post = calls[2]?.body as Record<string, string>;
    expect(post.description).toContain('\nIncident: Q1ABC');
    expect(post).not.toHaveProperty('start_date');
    expect(calls[7]?.body).toEqual({ state: '-3' });
  });

  it('raises a standard change from its template: no description or plans in the POST, the deployment in a work note, then Scheduled', async () => {
    // note §5: POST /change/standard/{id} ignores description and plans, and fields not in the template
    // (listed in __meta.ignoredFields, note §2.1); this template does not carry correlation_id.
    let current: Record<string, unknown> = {};
    const standard = { type: { display_value: 'Standard', value: 'standard' } };
    const { changes, calls } = system((call) => {
      switch (route(call)) {
        case `GET ${CHANGES}`:
          return json(list([]));
        case `GET ${SERVICES}`:
          return json({ result: [SERVICE_ROW] });
        case `POST ${CHANGES}/standard/${TEMPLATE}`:
          current = snChange(SYS, { ...standard, correlation_display: text('oncall-console') });
          return json(one(current, ['correlation_id', 'start_date', 'end_date']));
        case `PATCH ${CHANGES}/${SYS}`: {
          const body = call.body as Record<string, string>;
          if (body.work_notes !== undefined)
            current = {
              ...current,
              correlation_id: text(body.correlation_id ?? ''),
              start_date: { display_value: '', value: body.start_date ?? '' },
              work_notes: { display_value: `2026-12-06 13:50:00 - svc-oncall (Work notes)\n${body.work_notes}\n\n`, value: '' },
            };
          else current = { ...current, state: state(-2, 'Scheduled') };
          return json(one(current));
        }
      }
      throw new Error(`unexpected ${route(call)}`);
    });
    const change = await changes.raiseChange(draft({ type: 'standard', templateId: TEMPLATE }));
    expect(calls.map(route)).toEqual([
      `GET ${CHANGES}`,
      `GET ${SERVICES}`,
      `POST ${CHANGES}/standard/${TEMPLATE}`,
      `GET ${CHANGES}`,
      `PATCH ${CHANGES}/${SYS}`,
      `PATCH ${CHANGES}/${SYS}`,
    ]);
    const post = calls[2]?.body as Record<string, string>;
    expect(post).not.toHaveProperty('description');
    // The template's assignment group is the one it was approved with: not overridden.
    expect(post).not.toHaveProperty('assignment_group');
    expect(post).toMatchObject({ cmdb_ci: CI, correlation_id: KEY, correlation_display: 'oncall-console' });
    expect(post).not.toHaveProperty('implementation_plan');
    expect(calls[4]?.body).toEqual({
      correlation_id: KEY,
      start_date: '2026-12-06 14:00:00',
      end_date: '2026-12-06 18:00:00',
      work_notes: `Deployment of Payments API 1.4.2 raised by its pipeline.\n\n${deploymentBlock({
        version: '1.4.2',
        commit: 'abc123',
        runUrl: RUN,
        templateId: TEMPLATE,
      })}`,
    });
    expect(calls[5]?.body).toEqual({ state: '-2' });
    // The gate passes it for the service it was raised for (the key's service id), in its window.
    expect(
      gateDecision({
        service: { id: 'PSVC1', name: 'Payments API' },
        version: '1.4.2',
        changes: [change],
        majorIncidents: [],
        now: Date.parse('2026-12-06T15:00:00Z'),
      }),
    ).toMatchObject({ outcome: 'allowed' });
    // Scheduled and pre-approved: no approvers to read.
    expect(change).toMatchObject({
      type: 'standard',
      state: 'scheduled',
      approval: 'approved',
      templateId: TEMPLATE,
      deployment: { version: '1.4.2', commit: 'abc123', runUrl: RUN },
      plannedStart: '2026-12-06T14:00:00Z',
    });
  });

  it('says so, naming the change, when ServiceNow will not store the key (replaying would raise a second change)', async () => {
    const standard = snChange(SYS, { type: { display_value: 'Standard', value: 'standard' } });
    const { changes, calls } = system((call) => {
      switch (route(call)) {
        case `GET ${CHANGES}`:
          return json(list([]));
        case `GET ${SERVICES}`:
          return json({ result: [SERVICE_ROW] });
        case `POST ${CHANGES}/standard/${TEMPLATE}`:
          return json(one(standard, ['correlation_id']));
        case `PATCH ${CHANGES}/${SYS}`:
          return json(one(standard, ['correlation_id']));
      }
      throw new Error(`unexpected ${route(call)}`);
    });
    await expect(changes.raiseChange(draft({ type: 'standard', templateId: TEMPLATE }))).rejects.toThrow(
      /ServiceNow raised CHG0030001 but will not store the deployment's key in correlation_id .* use CHG0030001 for this deployment/,
    );
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(1);
  });

  it('raises anew when the only change for the key was canceled', async () => {
    const { changes, calls } = system((call) => {
      const assessed = assessment(call, () => raised({ sys_id: text('b0dbda5347c12200e0ef563dbb9a718f'), number: text('CHG0030002') }));
      if (assessed) return assessed;
      switch (route(call)) {
        case `GET ${CHANGES}`:
          return json(list([raised({ state: state(4, 'Canceled') })]));
        case `GET ${SERVICES}`:
          return json({ result: [SERVICE_ROW] });
        case `POST ${CHANGES}/normal`:
          return json(one(raised({ sys_id: text('b0dbda5347c12200e0ef563dbb9a718f'), number: text('CHG0030002') })));
        case `PATCH ${CHANGES}/b0dbda5347c12200e0ef563dbb9a718f`:
          return json(
            one(raised({ sys_id: text('b0dbda5347c12200e0ef563dbb9a718f'), number: text('CHG0030002'), state: state(-4, 'Assess') })),
          );
        case `GET ${APPROVERS}`:
          return json({ result: [] });
      }
      throw new Error(`unexpected ${route(call)}`);
    });
    expect((await changes.raiseChange(draft())).record.number).toBe('CHG0030002');
    expect(calls.map(route)).toContain(`POST ${CHANGES}/normal`);
  });

  it('submits a change found still New and never asked (a replay after the submit failed), without POSTing', async () => {
    const { changes, calls } = system((call) => {
      const assessed = assessment(call, () => raised());
      if (assessed) return assessed;
      switch (route(call)) {
        case `GET ${CHANGES}`:
          return json(list([raised()]));
        case `PATCH ${CHANGES}/${SYS}`:
          return json(one(raised({ state: state(-4, 'Assess'), approval: text('requested') })));
        case `GET ${APPROVERS}`:
          return json({ result: [] });
      }
      throw new Error(`unexpected ${route(call)}`);
    });
    expect((await changes.raiseChange(draft())).state).toBe('assess');
    expect(calls.map(route)).toEqual([
      `GET ${CHANGES}`,
      `PATCH ${CHANGES}/${SYS}/risk`,
      `POST ${CHANGES}/${SYS}/conflict`,
      `GET ${CHANGES}/${SYS}/conflict`,
      `PATCH ${CHANGES}/${SYS}`,
      `GET ${APPROVERS}`,
    ]);
    expect(calls[4]?.body).toEqual({ state: '-4' });
  });

  it('does not resubmit a change rejected back to New', async () => {
    const rejected = raised({ approval: { display_value: 'Rejected', value: 'rejected' } });
    const { changes, calls } = system((call) => {
      if (route(call) === `GET ${CHANGES}`) return json(list([rejected]));
      if (route(call) === `GET ${APPROVERS}`) return json({ result: [] });
      throw new Error(`unexpected ${route(call)}`);
    });
    expect(await changes.raiseChange(draft())).toMatchObject({ state: 'new', approval: 'rejected' });
    expect(calls.map((call) => call.method)).toEqual(['GET', 'GET']);
  });

  it('looks again after a POST whose answer was lost, and returns the change it made', async () => {
    let posted = false;
    const { changes, calls } = system((call) => {
      switch (route(call)) {
        case `GET ${CHANGES}`:
          return json(list(posted ? [raised({ state: state(-4, 'Assess'), approval: text('requested') })] : []));
        case `GET ${SERVICES}`:
          return json({ result: [SERVICE_ROW] });
        case `POST ${CHANGES}/normal`:
          posted = true;
          return json({ error: { message: 'Service Unavailable', detail: '' }, status: 'failure' }, 503);
        case `GET ${APPROVERS}`:
          return json({ result: [] });
      }
      throw new Error(`unexpected ${route(call)}`);
    });
    expect((await changes.raiseChange(draft())).record.number).toBe('CHG0030001');
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('refuses an unknown service, listing the services ServiceNow knows, before creating anything', async () => {
    const { changes, calls } = system((call) => {
      if (route(call) === `GET ${CHANGES}`) return json(list([]));
      if (route(call) === `GET ${SERVICES}`)
        return json({
          result: call.query.get('sysparm_query')?.startsWith('name=')
            ? []
            : [
                { sys_id: 'ci1', name: 'Checkout' },
                { sys_id: 'ci2', name: 'Search' },
              ],
        });
      throw new Error(`unexpected ${route(call)}`);
    });
    const error = await changes.raiseChange(draft()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'ServiceNow has no business service (cmdb_ci_service) named "Payments API": its services are Checkout, Search; name the service as ServiceNow does, or add it to the CMDB',
    );
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it("passes a missing template's 404 on in ServiceNow's words", async () => {
    const { changes } = system((call) => {
      if (route(call) === `GET ${CHANGES}`) return json(list([]));
      if (route(call) === `GET ${SERVICES}`) return json({ result: [SERVICE_ROW] });
      // note §3.2: the message text is SILENT; the shape is the scripted-REST error (note §3.1).
      return json(
        { error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: 'failure' },
        404,
      );
    });
    await expect(changes.raiseChange(draft({ type: 'standard', templateId: TEMPLATE }))).rejects.toMatchObject({
      status: 404,
      vendorMessage: 'No Record found',
      message: expect.stringMatching(new RegExp(`^ServiceNow has no standard change template ${TEMPLATE} .*No Record found`)) as unknown,
    });
  });
});

describe('reading changes', () => {
  it('finds changes by key, service (its CIs) and since in one encoded query, paging by sysparm_offset and skipping __meta', async () => {
    const mine = (sysId: string) => snChange(sysId, { correlation_id: text(KEY) });
    const { changes, calls } = system((call) => {
      if (route(call) === `GET ${SERVICES}`) return json({ result: [{ sys_id: CI, name: 'Payments API' }] });
      if (route(call) === `GET ${CHANGES}`) {
        const offset = call.query.get('sysparm_offset');
        if (offset === '0') return json(list([mine('a'.repeat(32)), mine('b'.repeat(32))]));
        if (offset === '2') return json(list([mine('c'.repeat(32))]));
      }
      throw new Error(`unexpected ${route(call)} ${call.query.toString()}`);
    }, 2);
    const found = await changes.findChanges({ key: KEY, serviceName: 'Payments API', since: '2026-02-01T00:00:00Z' });
    expect(found.map((change) => change.id)).toEqual(['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)]);
    expect(calls.map(route)).toEqual([`GET ${SERVICES}`, `GET ${CHANGES}`, `GET ${CHANGES}`]);
    expect(calls[0]?.query.get('sysparm_query')).toBe('name=Payments API^ORDERBYsys_created_on');
    expect(calls.slice(1).map((call) => call.query.get('sysparm_offset'))).toEqual(['0', '2']);
    expect(calls[1]?.query.get('sysparm_limit')).toBe('2');
    expect(calls[1]?.query.get('sysparm_query')).toBe(
      `correlation_id=${KEY}^cmdb_ciIN${CI}^sys_updated_on>=2026-02-01 00:00:00^ORDERBYsys_created_on`,
    );
  });

  it('checks every condition again on the answer (an instance ignores query parts it cannot apply), and finds nothing for an unknown service', async () => {
    // note §3.2: "invalid sysparm_query part: 200; the invalid part is ignored".
    const { changes, calls } = system((call) => {
      if (route(call) === `GET ${SERVICES}`)
        return json({
          result: call.query.get('sysparm_query')?.startsWith('name=Payments API^') ? [{ sys_id: CI, name: 'Payments API' }] : [],
        });
      if (route(call) === `GET ${CHANGES}`)
        return json(
          list([
            snChange('a'.repeat(32), { correlation_id: text(KEY) }),
            snChange('b'.repeat(32), { correlation_id: text('oncall:PSVC9:1.4.2:-') }),
            snChange('c'.repeat(32), { correlation_id: text(KEY), cmdb_ci: { display_value: 'Search', value: 'ci9' } }),
            snChange('d'.repeat(32), { correlation_id: text(KEY), sys_updated_on: { display_value: '', value: '2026-01-01 00:00:00' } }),
          ]),
        );
      throw new Error(`unexpected ${route(call)}`);
    });
    const found = await changes.findChanges({ key: KEY, serviceName: 'Payments API', since: '2026-02-01T00:00:00Z' });
    expect(found.map((change) => change.id)).toEqual(['a'.repeat(32)]);
    expect(await changes.findChanges({ serviceName: 'Nowhere' })).toEqual([]);
    expect(calls.map(route)).toEqual([`GET ${SERVICES}`, `GET ${CHANGES}`, `GET ${SERVICES}`]);
  });

  it('refuses a filter value that would break the encoded query', async () => {
    const { changes, calls } = system(() => json(list([])));
    await expect(changes.findChanges({ serviceName: 'Payments^active=false' })).rejects.toBeInstanceOf(ProviderError);
    expect(calls).toHaveLength(0);
  });

  it('gets a change by number or sys_id, and answers 404 when there is none', async () => {
    const { changes, calls } = system((call) => {
      if (route(call) === `GET ${CHANGES}`)
        return json(list(call.query.get('sysparm_query') === 'number=CHG0030001' ? [snChange(SYS)] : []));
      if (route(call) === `GET ${CHANGES}/${SYS}`) return json(one(snChange(SYS)));
      if (route(call) === `GET ${CHANGES}/${'f'.repeat(32)}`)
        return json(
          {
            error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" },
            status: 'failure',
          },
          404,
        );
      throw new Error(`unexpected ${route(call)}`);
    });
    expect((await changes.getChange('CHG0030001')).id).toBe(SYS);
    expect((await changes.getChange(SYS)).record.number).toBe('CHG0030001');
    await expect(changes.getChange('CHG0039999')).rejects.toMatchObject({
      status: 404,
      message: expect.stringMatching(/^ServiceNow has no change CHG0039999/) as unknown,
    });
    await expect(changes.getChange('f'.repeat(32))).rejects.toMatchObject({ status: 404 });
    expect(calls.map(route)).toEqual([`GET ${CHANGES}`, `GET ${CHANGES}/${SYS}`, `GET ${CHANGES}`, `GET ${CHANGES}/${'f'.repeat(32)}`]);
  });

  it("lists templates with the CI, risk and plans of their std_change_template's values, else the service by name", async () => {
    // note §5: std_change_template holds the change's field values as an encoded query.
    const values = [
      'short_description=Deploy a tested release of Payments API',
      `cmdb_ci=${CI}`,
      'risk=4',
      'implementation_plan=Canary, then all instances',
      'backout_plan=Redeploy the previous release',
      'test_plan=Smoke tests green for 15 minutes^^ dashboards too',
    ].join('^');
    const { changes, calls } = system((call) => {
      if (route(call) === `GET ${CHANGES}/standard/template`)
        return json(
          list([
            snTemplate(TEMPLATE, 'Payments API - routine deployment', {
              template: { display_value: 'Payments API - routine deployment', value: 'tv1' },
            }),
            snTemplate('t2', 'Search - old way', {
              template: { display_value: 'Search - old way', value: 'tv2' },
              retired: { display_value: 'true', value: true },
            }),
          ]),
        );
      if (route(call) === 'GET /api/now/table/std_change_template')
        return json({
          result: [
            { sys_id: 'tv1', template: values },
            { sys_id: 'tv2', template: 'short_description=Reindex' },
          ],
        });
      if (route(call) === `GET ${SERVICES}`)
        return json({
          result: [
            { sys_id: CI, name: 'Payments API' },
            { sys_id: 'ci9', name: 'Search' },
          ],
        });
      // Proposals (std_change_proposal) are templates too, waiting for approval: none here.
      if (route(call) === 'GET /api/now/table/std_change_proposal') return json({ result: [] });
      throw new Error(`unexpected ${route(call)}`);
    });
    const templates = await changes.listTemplates();
    expect(calls.map(route).filter((call) => !call.endsWith('std_change_proposal'))).toEqual([
      `GET ${CHANGES}/standard/template`,
      'GET /api/now/table/std_change_template',
      `GET ${SERVICES}`,
    ]);
    expect(calls.map(route)).toContain('GET /api/now/table/std_change_proposal');
    expect(calls[0]?.query.get('sysparm_query')).toBe('ORDERBYname');
    expect(calls[1]?.query.get('sysparm_query')).toBe('sys_idINtv1,tv2');
    expect(templates[0]).toMatchObject({
      id: TEMPLATE,
      service: { id: CI, name: 'Payments API' },
      risk: 'low',
      implementationPlan: 'Canary, then all instances',
      backoutPlan: 'Redeploy the previous release',
      testPlan: 'Smoke tests green for 15 minutes^ dashboards too',
      state: 'approved',
    });
    expect(templates[1]).toMatchObject({ id: 't2', service: { id: 'ci9', name: 'Search' }, risk: 'moderate', state: 'retired' });
  });

  it('reads templates from their producers alone when std_change_template is not readable', async () => {
    const { changes } = system((call) => {
      if (route(call) === `GET ${CHANGES}/standard/template`)
        return json(list([snTemplate(TEMPLATE, 'Payments API - routine deployment')]));
      if (route(call) === 'GET /api/now/table/std_change_template')
        return json({ error: { message: 'Operation Failed', detail: 'ACL restricts the record retrieval' }, status: 'failure' }, 403);
      if (route(call) === 'GET /api/now/table/std_change_proposal') return json({ result: [] });
      if (route(call) === `GET ${SERVICES}`) return json({ result: [{ sys_id: CI, name: 'Payments API' }] });
      throw new Error(`unexpected ${route(call)}`);
    });
    expect(await changes.listTemplates()).toMatchObject([{ service: { id: CI, name: 'Payments API' }, risk: 'moderate' }]);
  });
});

describe('deciding, moving and closing', () => {
  function withChange(change: Record<string, unknown>, patch: (call: RecordedCall) => Response) {
    return system((call) => {
      if (route(call) === `GET ${CHANGES}/${SYS}`) return json(one(change));
      if (route(call) === `GET ${APPROVERS}`) return json({ result: [] });
      if (call.method === 'PATCH') return patch(call);
      throw new Error(`unexpected ${route(call)}`);
    });
  }

  it('approves and rejects through /approvals; a rejection needs a comment', async () => {
    const authorize = snChange(SYS, { state: state(-3, 'Authorize'), approval: text('requested') });
    const { changes, calls } = withChange(authorize, (call) =>
      json(
        one(
          snChange(
            SYS,
            (call.body as { state: string }).state === 'approved'
              ? { state: state(-2, 'Scheduled'), approval: text('approved') }
              : { approval: text('rejected') },
          ),
        ),
      ),
    );
    expect(await changes.decideChange(SYS, 'approved', 'fine by me')).toMatchObject({ state: 'scheduled', approval: 'approved' });
    expect(await changes.decideChange(SYS, 'rejected', ' Not during the sale. ')).toMatchObject({ state: 'new', approval: 'rejected' });
    const patches = calls.filter((call) => call.method === 'PATCH');
    expect(patches.map((call) => [call.path, call.body])).toEqual([
      [`${CHANGES}/${SYS}/approvals`, { state: 'approved' }],
      [`${CHANGES}/${SYS}/approvals`, { state: 'rejected', comments: 'Not during the sale.' }],
    ]);
    const before = calls.length;
    await expect(changes.decideChange(SYS, 'rejected', '  ')).rejects.toThrow(/A rejection needs a comment/);
    expect(calls).toHaveLength(before);
  });

  it("passes a non-approver's refusal on in ServiceNow's words", async () => {
    const { changes } = withChange(snChange(SYS, { state: state(-3, 'Authorize') }), () =>
      json({ error: { message: 'User is not an approver for this change', detail: '' }, status: 'failure' }, 400),
    );
    await expect(changes.decideChange(SYS, 'approved', '')).rejects.toMatchObject({
      status: 400,
      vendorMessage: 'User is not an approver for this change',
      message: expect.stringMatching(/^Could not approve CHG0030001: .*User is not an approver for this change/) as unknown,
    });
  });

  it('moves a change by PATCHing the numeric state, and does nothing when it is there already', async () => {
    const { changes, calls } = withChange(snChange(SYS, { state: state(-2, 'Scheduled') }), () =>
      json(one(snChange(SYS, { state: state(-1, 'Implement') }))),
    );
    expect((await changes.moveChange(SYS, 'implement')).state).toBe('implement');
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => call.body)).toEqual([{ state: '-1' }]);
    expect((await changes.moveChange(SYS, 'scheduled')).state).toBe('scheduled');
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(1);
  });

  it("passes an illegal move's refusal on verbatim (whatever the status), and keeps it a ServiceNowRefusal", async () => {
    // note §3.2: REC-BR's recorded sn_chg_rest PATCH refusal, detail "".
    const message =
      "Change Request record could not be updated. Operation against file 'change_request' was aborted by Business Rule 'Restrict fields from Standard Change^5230b9179735ca504546f027f053af79'. Business Rule Stack:Restrict fields from Standard Change";
    for (const status of [400, 403]) {
      const { changes } = withChange(snChange(SYS, { state: state(-5, 'New') }), () =>
        json({ error: { message, detail: '' }, status: 'failure' }, status),
      );
      const error = await changes.moveChange(SYS, 'implement').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ServiceNowRefusal);
      expect(error).toMatchObject({ kind: 'rejected', status, vendorMessage: message });
      expect((error as Error).message).toBe(
        `Could not move CHG0030001 from New to Implement: ServiceNow refused PATCH ${CHANGES}/${SYS} (${status}): ${message}`,
      );
    }
  });

  it('closes from Implement through Review, with close code and notes in the closing PATCH', async () => {
    let current = snChange(SYS, { state: state(-1, 'Implement') });
    const { changes, calls } = withChange(current, (call) => {
      const body = call.body as Record<string, string>;
      current = {
        ...current,
        state: body.state === '0' ? state(0, 'Review') : state(3, 'Closed'),
        ...(body.close_code ? { close_code: text(body.close_code), close_notes: text(body.close_notes ?? '') } : {}),
      };
      return json(one(current));
    });
    const closed = await changes.closeChange('cc69062e83033210d60a1a30ceaad313', {
      code: 'successful',
      notes: 'Deployed by the pipeline.',
    });
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => call.body)).toEqual([
      { state: '0' },
      { state: '3', close_code: 'successful', close_notes: 'Deployed by the pipeline.' },
    ]);
    expect(closed).toMatchObject({ state: 'closed', closeCode: 'successful', closeNotes: 'Deployed by the pipeline.' });
  });

  it('closes a closed change as a no-op, and refuses to close a canceled or not yet approved one', async () => {
    for (const [value, label, outcome] of [
      [3, 'Closed', 'ok'],
      [4, 'Canceled', /was canceled/],
      [-3, 'Authorize', /is in Authorize: only an approved change \(Scheduled, Implement or Review\) is closed; cancel this one instead/],
    ] as const) {
      const { changes, calls } = withChange(snChange(SYS, { state: state(value, label) }), () => {
        throw new Error('no PATCH expected');
      });
      const closing = changes.closeChange(SYS, { code: 'successful', notes: 'Done.' });
      if (outcome === 'ok') expect((await closing).state).toBe('closed');
      else await expect(closing).rejects.toThrow(outcome);
      expect(calls.some((call) => call.method === 'PATCH')).toBe(false);
    }
  });
});
