/**
 * ServiceNow changes and templates to the console's change domain (change-mapper.ts) and
 * the answers' schemas (change-schemas.ts), on JSON shaped as the recordings in
 * /work/notes/servicenow-change-api.md (sections cited per test).
 */
import { describe, expect, it } from 'vitest';
import { ChangeRequest, ChangeTemplate } from '../../../../shared/domain/change';
import { changeKey } from '../../../../electron/engine/ports/change-system';
import { deploymentBlock } from '../../../../electron/providers/change-record/deployment-block';
import {
  changeStateOf,
  hasDeploymentBlock,
  latestJournalEntry,
  parseChangeKey,
  riskOf,
  templateServiceOf,
  templateValues,
  toChangeRequest,
  toChangeTemplate,
} from '../../../../electron/providers/servicenow/change-mapper';
import {
  SnApproverList,
  SnChange,
  SnChangeEnvelope,
  SnChangeList,
  SnTemplate,
  SnTemplateList,
} from '../../../../electron/providers/servicenow/change-schemas';
import { list, snApprover, snChange, snTemplate, state, text } from './change-fixtures';

const INSTANCE = 'https://acme.service-now.com';
const SYS = 'cc69062e83033210d60a1a30ceaad313';

function change(fields: Parameters<typeof snChange>[1] = {}) {
  return SnChange.parse(snChange(SYS, fields));
}

describe('change states, approvals and risk', () => {
  it('maps every state value -5..4, sent as a number with .0 (as recorded) or as a string (doc examples)', () => {
    // note §4.1 values and labels; note §2.1: integer choices recorded as JSON numbers with .0.
    const table = [
      [-5, 'New', 'new'],
      [-4, 'Assess', 'assess'],
      [-3, 'Authorize', 'authorize'],
      [-2, 'Scheduled', 'scheduled'],
      [-1, 'Implement', 'implement'],
      [0, 'Review', 'review'],
      [3, 'Closed', 'closed'],
      [4, 'Canceled', 'canceled'],
    ] as const;
    for (const [value, label, expected] of table) {
      // The wire text as OCTO-MOCK recorded it: "value": -5.0
      const recorded = SnChange.parse({
        ...snChange(SYS),
        state: JSON.parse(`{"display_value":"${label}","value":${value}.0}`) as unknown,
      });
      expect(changeStateOf(recorded.state)).toBe(expected);
      const mapped = toChangeRequest(recorded, [], INSTANCE);
      expect(mapped.state).toBe(expected);
      expect(mapped.vendorState).toBe(label);
      // The abbreviated CMAPI examples: "value": "-5"; an older serialiser's "-5.0".
      expect(changeStateOf(change({ state: { display_value: label, value: String(value) } }).state)).toBe(expected);
      expect(changeStateOf(change({ state: { display_value: label, value: `${value}.0` } }).state)).toBe(expected);
    }
  });

  it('reads a state sent by name or label, and an unknown (customised) state as new, keeping its label', () => {
    // note §4.1: PATCH accepts names and labels; REC-BR's instance has a "Final Review" state.
    expect(changeStateOf(change({ state: { display_value: 'Assess', value: 'assess' } }).state)).toBe('assess');
    expect(changeStateOf(change({ state: { display_value: '', value: 'Implement' } }).state)).toBe('implement');
    const custom = toChangeRequest(change({ state: { display_value: 'Final Review', value: 7 } }), [], INSTANCE);
    expect(custom).toMatchObject({ state: 'new', vendorState: 'Final Review' });
  });

  it('maps the approval values; a standard change not asked is pre-approved by its template', () => {
    // note §2.2: approval "not requested" (display "Not Yet Requested"), requested, approved, rejected.
    const approval = (value: string, type = 'normal') =>
      toChangeRequest(change({ approval: { display_value: value, value }, type: { display_value: type, value: type } }), [], INSTANCE)
        .approval;
    expect(approval('not requested')).toBe('not-requested');
    expect(approval('requested')).toBe('requested');
    expect(approval('approved')).toBe('approved');
    expect(approval('rejected')).toBe('rejected');
    expect(approval('not_required')).toBe('not-requested');
    expect(approval('cancelled')).toBe('not-requested');
    expect(approval('not requested', 'standard')).toBe('approved');
    expect(approval('rejected', 'standard')).toBe('rejected');
    expect(approval('not requested', 'emergency')).toBe('not-requested');
  });

  it('maps risk 1..4 to very-high/high/moderate/low, number or string, and empty to moderate', () => {
    // note §2.2: 1 Very High, 2 High, 3 Moderate, 4 Low; CMAPI risk example {value:"4", display_value:"Low"}; new change: "".
    expect([1, 2, 3, 4].map((value) => riskOf(change({ risk: { display_value: '', value } }).risk.value))).toEqual([
      'very-high',
      'high',
      'moderate',
      'low',
    ]);
    expect(riskOf(change({ risk: { display_value: 'Low', value: '4' } }).risk.value)).toBe('low');
    expect(riskOf(change({ risk: { display_value: 'Moderate', value: 3 } }).risk.value)).toBe('moderate');
    expect(riskOf(change().risk.value)).toBe('moderate');
  });
});

describe('a change record', () => {
  it('maps the recorded record: UTC dates to ISO, link, number, CI, close code', () => {
    // note §2.1: value is UTC "YYYY-MM-DD HH:MM:SS", display_value the user's zone (OCTO-MOCK).
    const mapped = toChangeRequest(
      change({
        state: state(3, 'Closed'),
        start_date: { display_value: '2026-02-16 17:00:00', value: '2026-02-17 01:00:00', display_value_internal: '' },
        end_date: { display_value: '2026-02-16 18:00:00', value: '2026-02-17 02:00:00', display_value_internal: '' },
        close_code: { display_value: 'Successful', value: 'successful' },
        close_notes: text('Deployed by the pipeline.'),
      }),
      [],
      INSTANCE,
    );
    expect(mapped).toMatchObject({
      id: SYS,
      type: 'normal',
      service: { id: 'ci000000000000000000000000000001', name: 'Payments API' },
      plannedStart: '2026-02-17T01:00:00Z',
      plannedEnd: '2026-02-17T02:00:00Z',
      closeCode: 'successful',
      closeNotes: 'Deployed by the pipeline.',
      record: { system: 'servicenow', id: SYS, number: 'CHG0030001', url: `${INSTANCE}/change_request.do?sys_id=${SYS}` },
      createdAt: '2026-02-17T00:34:32Z',
      updatedAt: '2026-02-17T00:45:10Z',
    });
    expect(ChangeRequest.safeParse(mapped).success).toBe(true);
    expect(toChangeRequest(change(), [], INSTANCE)).toMatchObject({ plannedStart: null, plannedEnd: null, closeCode: null });
  });

  it('reads a bare-string sys_id (CMAPI abbreviated examples) as well as {value, display_value} (recordings)', () => {
    // note §2.1
    expect(SnChange.parse({ ...snChange(SYS), sys_id: SYS }).sys_id).toBe(SYS);
    expect(SnChangeEnvelope.parse({ result: { ...snChange(SYS), __meta: { ignoredFields: ['no_such_field'] } } }).result.__meta).toEqual({
      ignoredFields: ['no_such_field'],
    });
  });

  it('skips the trailing __meta element of a list, and reads a list of only __meta as empty', () => {
    // note §2.1: OCTO-MOCK change.go, GET /api/sn_chg_rest/change?sysparm_query=numberIN...
    const parsed = SnChangeList.parse(list([snChange(SYS), snChange('b0dbda5347c12200e0ef563dbb9a718f')], 'numberINCHG0030001'));
    expect(parsed.result.map((record) => record.sys_id)).toEqual([SYS, 'b0dbda5347c12200e0ef563dbb9a718f']);
    expect(SnChangeList.parse(list([])).result).toEqual([]);
    expect(SnTemplateList.parse(list([snTemplate('92b8544047810200e90d87e8dee490b0', 'Deploy')])).result).toHaveLength(1);
  });

  it('reads the deployment block back from a normal change description', () => {
    const key = changeKey('Payments API', '1.4.2', 'https://ci.example.com/runs/7');
    const description = `Deployment of Payments API 1.4.2 raised by its pipeline.\n\n${deploymentBlock({
      version: '1.4.2',
      commit: 'abc123',
      runUrl: 'https://ci.example.com/runs/7',
      incidentId: 'Q1ABC',
    })}`;
    expect(description).toContain('\nVersion: 1.4.2\nCommit: abc123\nPipeline run: https://ci.example.com/runs/7\nIncident: Q1ABC');
    const mapped = toChangeRequest(change({ description: text(description), correlation_id: text(key) }), [], INSTANCE);
    expect(mapped.deployment).toEqual({ version: '1.4.2', commit: 'abc123', runUrl: 'https://ci.example.com/runs/7' });
    expect(mapped.incidentId).toBe('Q1ABC');
    // The service is the change's CI (cmdb_ci): its sys_id and name.
    expect(mapped.service).toEqual({ id: 'ci000000000000000000000000000001', name: 'Payments API' });
    expect(mapped.templateId).toBeNull();
  });

  it('reads the deployment block from a standard change work note (rendered journal, newest first), not from other tools notes', () => {
    // note §2.1: journals are "" in value and rendered in display_value (OCTO-MOCK change_id_patch.go,
    // whose Octopus note has a "Version: 0.0.1" line of its own).
    const block = deploymentBlock({ version: '1.4.2', commit: 'abc123', runUrl: null, templateId: '92b8544047810200e90d87e8dee490b0' });
    const notes =
      '2026-02-16 16:46:00 - octopus (Work notes)\nDeployment started\nProject: SNOW\nVersion: 0.0.1\n\n' +
      `2026-02-16 16:45:20 - svc-oncall (Work notes)\nDeployment of Payments API 1.4.2\n\n${block}\n\n`;
    const standard = change({
      type: { display_value: 'Standard', value: 'standard' },
      work_notes: { display_value: notes, value: '' },
      correlation_id: text(changeKey('Payments API', '1.4.2', null)),
    });
    expect(hasDeploymentBlock(standard)).toBe(true);
    expect(toChangeRequest(standard, [], INSTANCE)).toMatchObject({
      deployment: { version: '1.4.2', commit: 'abc123', runUrl: null },
      templateId: '92b8544047810200e90d87e8dee490b0',
    });
    // Octopus's own note alone is not the console's: the version comes from the key, the commit is unknown.
    const octopusOnly = change({
      work_notes: { display_value: '2026-02-16 16:45:20 - octopus (Work notes)\nVersion: 0.0.1\n\n', value: '' },
      correlation_id: text(changeKey('Payments API', '1.4.2', null)),
    });
    expect(hasDeploymentBlock(octopusOnly)).toBe(false);
    expect(toChangeRequest(octopusOnly, [], INSTANCE).deployment).toEqual({ version: '1.4.2', commit: 'unknown', runUrl: null });
  });

  it('reads loose Version/Commit lines of a description written without the marker; nothing at all reads as unknown', () => {
    const loose = change({ description: text('Routine release.\nVersion: 2.0.0\nCommit: fedcba9') });
    expect(toChangeRequest(loose, [], INSTANCE).deployment).toEqual({ version: '2.0.0', commit: 'fedcba9', runUrl: null });
    expect(toChangeRequest(change(), [], INSTANCE).deployment).toEqual({ version: 'unknown', commit: 'unknown', runUrl: null });
    expect(toChangeRequest(change(), [], INSTANCE).service.id).toBe('ci000000000000000000000000000001');
  });

  it('parses the change key back into the service name and version', () => {
    expect(parseChangeKey(changeKey('Payments API', '1.4.2', 'https://ci.example.com/runs/7'))).toEqual({
      serviceName: 'payments api',
      version: '1.4.2',
    });
    expect(parseChangeKey(changeKey('Payments API', '1.4.2', null))).toEqual({ serviceName: 'payments api', version: '1.4.2' });
    expect(parseChangeKey('INC-123 from another tool')).toBeNull();
    expect(parseChangeKey('INC0010001')).toBeNull();
  });

  it('lists the requested and decided approvers with their newest comment; cancelled ones are left out', () => {
    // note §4.5: sysapproval_approver (approver, state, sysapproval, comments), read with display values.
    const approvers = SnApproverList.parse({
      result: [
        snApprover('a1', SYS, { id: 'u7', name: 'Grace Hopper' }, 'requested'),
        snApprover(
          'a2',
          SYS,
          { id: 'u8', name: 'Ada Lovelace' },
          'rejected',
          '2026-02-16 16:45:06 - Ada Lovelace (Comments)\nNot during the sale.\n\n2026-02-16 16:40:00 - Ada Lovelace (Comments)\nLooking.\n\n',
        ),
        snApprover('a3', SYS, { id: 'u9', name: 'Alan Turing' }, 'cancelled'),
        snApprover('a4', 'another00000000000000000000000000', { id: 'u1', name: 'Someone Else' }, 'approved'),
      ],
    }).result;
    const mapped = toChangeRequest(change({ state: state(-5, 'New'), approval: text('rejected') }), approvers, INSTANCE);
    expect(mapped.approvals).toEqual([
      { approver: { id: 'u7', name: 'Grace Hopper' }, state: 'requested', comment: '', decidedAt: null },
      {
        approver: { id: 'u8', name: 'Ada Lovelace' },
        state: 'rejected',
        comment: 'Not during the sale.',
        decidedAt: '2026-02-17T00:45:06Z',
      },
    ]);
    expect(latestJournalEntry('plain words')).toBe('plain words');
  });
});

describe('a standard change template', () => {
  const services = [
    { id: 'ci1', name: 'Payments API' },
    { id: 'ci2', name: 'Payments' },
    { id: 'ci3', name: 'Search' },
  ];

  it('maps the CMAPI example template: approved when active, its short description as scope, moderate without a risk', () => {
    // note §1 (GET /change/standard/template): sys_id, template {value, display_value: name}, all fields.
    const template = SnTemplate.parse(
      snTemplate('92b8544047810200e90d87e8dee490b0', 'Payments API: deploy a release', {
        short_description: text('Deploy a tested release of Payments API through its pipeline'),
      }),
    );
    const mapped = toChangeTemplate(template, templateServiceOf(template, services), INSTANCE);
    expect(mapped).toMatchObject({
      id: '92b8544047810200e90d87e8dee490b0',
      service: { id: 'ci1', name: 'Payments API' },
      name: 'Payments API: deploy a release',
      scope: 'Deploy a tested release of Payments API through its pipeline',
      risk: 'moderate',
      state: 'approved',
      record: { system: 'servicenow', number: 'Payments API: deploy a release' },
      updatedAt: '2026-01-10T09:00:00Z',
    });
    expect(ChangeTemplate.safeParse(mapped).success).toBe(true);
  });

  it('takes the CI, risk and plans when the answer carries them, and reads retired or inactive templates as retired', () => {
    const template = SnTemplate.parse(
      snTemplate('t2', 'Restart workers', {
        cmdb_ci: { display_value: 'Search', value: 'ci3' },
        risk: { display_value: 'Low', value: 4 },
        implementation_plan: text('Restart the workers one by one'),
        backout_plan: text('None needed'),
        test_plan: text('Queue depth back to normal'),
        retired: { display_value: 'true', value: true },
      }),
    );
    expect(toChangeTemplate(template, templateServiceOf(template, services), INSTANCE)).toMatchObject({
      service: { id: 'ci3', name: 'Search' },
      risk: 'low',
      implementationPlan: 'Restart the workers one by one',
      backoutPlan: 'None needed',
      testPlan: 'Queue depth back to normal',
      state: 'retired',
    });
    const inactive = SnTemplate.parse(snTemplate('t3', 'Search reindex', { active: { display_value: 'false', value: false } }));
    expect(toChangeTemplate(inactive, templateServiceOf(inactive, services), INSTANCE).state).toBe('retired');
    const unknown = SnTemplate.parse(snTemplate('t4', 'Rotate certificates'));
    expect(templateServiceOf(unknown, services)).toEqual({ id: '', name: '' });
  });

  it("reads a std_change_template's encoded query (note §5) for the CI, risk and plans", () => {
    const values = templateValues('short_description=Deploy^cmdb_ci=ci3^risk=4^test_plan=a^^b=c^priority!=1^EQ');
    expect(values).toEqual({ short_description: 'Deploy', cmdb_ci: 'ci3', risk: '4', test_plan: 'a^b=c' });
    const template = SnTemplate.parse(snTemplate('t5', 'Payments API - routine deployment'));
    // The CI the values set wins over a name match.
    expect(templateServiceOf(template, services, values)).toEqual({ id: 'ci3', name: 'Search' });
    expect(toChangeTemplate(template, templateServiceOf(template, services, values), INSTANCE, values)).toMatchObject({
      risk: 'low',
      testPlan: 'a^b=c',
      implementationPlan: '',
    });
  });
});
