/**
 * The ServiceNow change system's risk calculation and conflict checks over real HTTP against
 * the ServiceNow simulator: a normal change raised over a blackout window has its risk
 * calculated and its conflicts listed (kind blackout) before it is submitted; another change
 * on the same service in an overlapping window is a conflict too; a clear window has none;
 * an instance without conflict detection (404) raises the change all the same with its
 * conflicts unknown; what reading a change costs (the gate reads at most two requests).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { changeKey, type ChangeDraft } from '../../../../electron/engine/ports/change-system';
import { createServiceNowChangeSystem } from '../../../../electron/providers/servicenow/change-system';
import {
  CHANGE_MANAGER_USER_NAME,
  startServiceNowSimulator,
  type ServiceNowSimulator,
  type ServiceNowSimulatorOptions,
} from '../../../../electron/simulators/servicenow';

/** Tuesday 2026-12-01 09:00 UTC. */
const NOW = Date.parse('2026-12-01T09:00:00Z');
const FREEZE = 'Release freeze';
let sim: ServiceNowSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup(options: ServiceNowSimulatorOptions = {}) {
  sim = await startServiceNowSimulator({
    seedIncidents: 0,
    seedChanges: false,
    now: () => NOW,
    blackoutSchedules: [{ name: FREEZE, windows: [{ start: '2026-12-05T00:00:00Z', end: '2026-12-07T00:00:00Z' }] }],
    ...options,
  });
  const changes = createServiceNowChangeSystem({
    instanceUrl: sim.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
    sleep: async () => {},
  });
  return { sim, changes };
}

function draft(service: string, version: string, window: [string, string], type: 'normal' | 'emergency' = 'normal'): ChangeDraft {
  const runUrl = `https://ci.example.com/runs/${version}`;
  return {
    type,
    service: { id: 'PSVC1', name: service },
    templateId: null,
    shortDescription: `Deploy ${service} ${version}`,
    description: `Deployment of ${service} ${version} raised by its pipeline.`,
    deployment: { version, commit: 'abc1234', runUrl },
    key: changeKey(service, version, runUrl),
    plannedStart: window[0],
    plannedEnd: window[1],
  };
}

/** The Change Management requests sent since `from` (index in the request log), as "METHOD path" after /api/sn_chg_rest/change. */
function changeRequests(s: ServiceNowSimulator, from = 0): string[] {
  return s.requests
    .slice(from)
    .map((request) => `${request.method} ${request.path.replace('/api/sn_chg_rest/change', '').replace('/api/now/table/', 'table ')}`);
}

describe('risk and conflicts on raising', () => {
  it('raises a normal change over a blackout: its risk is calculated and its conflicts listed (blackout) before it is submitted', async () => {
    const { sim: s, changes } = await setup();
    const raised = await changes.raiseChange(draft('Kubernetes Platform', '1.30.2', ['2026-12-05T10:00:00Z', '2026-12-05T12:00:00Z']));
    expect(raised).toMatchObject({
      type: 'normal',
      state: 'assess',
      // Kubernetes Platform is "1 - most critical": the default risk condition makes it High.
      risk: 'high',
      conflictStatus: 'conflict',
      conflicts: [
        {
          kind: 'blackout',
          description: `Blackout: ${FREEZE} covers Kubernetes Platform in the planned window`,
          with: FREEZE,
        },
      ],
    });
    const id = raised.record.id;
    expect(changeRequests(s)).toEqual([
      'GET ',
      'GET table cmdb_ci_service',
      'POST /normal',
      'GET ',
      `PATCH /${id}/risk`,
      `POST /${id}/conflict`,
      `GET /${id}/conflict`,
      `PATCH /${id}`,
      'GET table sysapproval_approver',
    ]);
    expect(s.state.get('change_request', id)).toMatchObject({ risk: '2', impact: '1', conflict_status: 'Conflict' });

    // Conflicts only warn: the change waits for the CAB as any other.
    await expect(changes.getChange(raised.record.number)).resolves.toMatchObject({ state: 'authorize', approval: 'requested' });
  });

  it('lists another change on the same service in an overlapping window (with its number); a clear window has none', async () => {
    const { changes } = await setup();
    const first = await changes.raiseChange(draft('Payments API', '2.0.0', ['2026-12-08T10:00:00Z', '2026-12-08T12:00:00Z']));
    expect(first).toMatchObject({ risk: 'moderate', conflictStatus: 'none', conflicts: [] });
    const second = await changes.raiseChange(draft('Payments API', '2.0.1', ['2026-12-08T11:00:00Z', '2026-12-08T13:00:00Z']));
    expect(second).toMatchObject({
      conflictStatus: 'conflict',
      conflicts: [
        {
          kind: 'change',
          description: `Already Scheduled: ${first.record.number} is planned on Payments API in an overlapping window`,
          with: first.record.number,
        },
      ],
    });
    // The first is marked too (it waits for approvers, so its details are not read with it).
    expect(await changes.getChange(first.record.number)).toMatchObject({ conflictStatus: 'conflict' });

    const elsewhere = await changes.raiseChange(draft('Checkout Web', '5.3.0', ['2026-12-08T11:00:00Z', '2026-12-08T13:00:00Z']));
    expect(elsewhere).toMatchObject({ conflictStatus: 'none', conflicts: [] });
    const emergency = await changes.raiseChange(
      draft('Checkout Web', '5.3.1', ['2026-12-06T02:00:00Z', '2026-12-06T03:00:00Z'], 'emergency'),
    );
    expect(emergency).toMatchObject({ type: 'emergency', state: 'authorize', conflicts: [{ kind: 'blackout', with: FREEZE }] });
  });

  it('raises the change all the same on an instance without conflict detection (404): its conflicts are unknown', async () => {
    const { sim: s, changes } = await setup({ conflictDetection: false });
    const raised = await changes.raiseChange(draft('Kubernetes Platform', '1.30.3', ['2026-12-05T10:00:00Z', '2026-12-05T12:00:00Z']));
    expect(raised).toMatchObject({ type: 'normal', state: 'assess', risk: 'high', conflictStatus: 'not-run' });
    expect(raised.conflicts).toBeUndefined();
    const conflictCalls = s.requests.filter((request) => request.path.endsWith('/conflict'));
    expect(conflictCalls.map((request) => `${request.method} ${request.status}`)).toEqual(['POST 404']);
    expect(s.state.get('change_request', raised.record.id)?.state).toBe('-3');
  });

  it('does not assess a standard change (pre-approved from its template)', async () => {
    const { sim: s, changes } = await setup();
    const template = (await changes.listTemplates()).find((candidate) => candidate.name === 'Payments API - routine deployment')!;
    const standard = await changes.raiseChange({
      ...draft('Payments API', '2.1.0', ['2026-12-05T10:00:00Z', '2026-12-05T11:00:00Z']),
      type: 'standard',
      templateId: template.id,
    });
    expect(standard).toMatchObject({ type: 'standard', state: 'scheduled', conflictStatus: 'not-run' });
    expect(s.requests.filter((request) => /\/(risk|conflict)$/.test(request.path))).toEqual([]);
  });
});

describe('reading conflicts back', () => {
  it('reads the details with a change only where it costs the gate nothing beyond two requests; findChanges never reads them', async () => {
    const { sim: s, changes } = await setup();
    const raised = await changes.raiseChange(draft('Kubernetes Platform', '1.31.0', ['2026-12-05T10:00:00Z', '2026-12-05T12:00:00Z']));
    const number = raised.record.number;

    // Waiting for the CAB: the change and its approvers; the conflicts are known from conflict_status only.
    let from = s.requests.length;
    const waiting = await changes.getChange(number);
    expect(changeRequests(s, from)).toEqual(['GET ', 'GET table sysapproval_approver']);
    expect(waiting).toMatchObject({ state: 'authorize', conflictStatus: 'conflict' });
    expect(waiting.conflicts).toBeUndefined();

    s.changes.decide(raised.record.id, CHANGE_MANAGER_USER_NAME, 'approved', '');
    from = s.requests.length;
    const approved = await changes.getChange(number);
    expect(changeRequests(s, from)).toEqual(['GET ', `GET /${raised.record.id}/conflict`]);
    expect(approved).toMatchObject({ state: 'scheduled', conflictStatus: 'conflict', conflicts: [{ kind: 'blackout', with: FREEZE }] });

    // The gate's read of a version's changes: one request, the conflict status without the details.
    from = s.requests.length;
    const found = await changes.findChanges({ serviceName: 'Kubernetes Platform', version: '1.31.0' });
    expect(changeRequests(s, from)).toEqual(['GET ']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ state: 'scheduled', conflictStatus: 'conflict' });
    expect(found[0]!.conflicts).toBeUndefined();
  });
});
