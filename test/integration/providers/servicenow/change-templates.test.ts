/**
 * The ServiceNow change system's templates and on-behalf approvals over real HTTP against
 * the ServiceNow simulator: a template proposed (a std_change_proposal sent for approval),
 * listed as proposed, approved by the change manager (on her behalf, through her approval
 * record) and then listed as approved and usable for a standard change; a rejection with its
 * comment; a normal change approved on the change manager's behalf; and refusals in
 * ServiceNow's own words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import { changeKey, type TemplateDraft } from '../../../../electron/engine/ports/change-system';
import { createServiceNowChangeSystem } from '../../../../electron/providers/servicenow/change-system';
import { ServiceNowRefusal } from '../../../../electron/providers/servicenow/servicenow-client';
import { CHANGE_MANAGER_USER_NAME, startServiceNowSimulator, type ServiceNowSimulator } from '../../../../electron/simulators/servicenow';

const PASSWORD = 'S3cret-Pa55word!';
const GRACE = { email: 'grace.hopper@example.com', name: 'Grace Hopper' };
const NAME = 'Payments API - schema migration';
let sim: ServiceNowSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup() {
  sim = await startServiceNowSimulator({
    seedIncidents: 0,
    seedChanges: false,
    validCredentials: [
      { kind: 'basic', user: 'oncall.console', password: PASSWORD },
      { kind: 'basic', user: CHANGE_MANAGER_USER_NAME, password: PASSWORD },
    ],
  });
  const signedInAs = (user: string, filing = {}) =>
    createServiceNowChangeSystem(
      { instanceUrl: sim!.baseUrl, auth: { kind: 'basic', user, password: PASSWORD }, sleep: async () => {} },
      filing,
    );
  return { sim, changes: signedInAs('oncall.console'), signedInAs };
}

function draft(overrides: Partial<TemplateDraft> = {}): TemplateDraft {
  return {
    service: { id: 'PSVC1', name: 'Payments API' },
    name: NAME,
    scope: 'Backwards-compatible schema migrations, run by the pipeline before the deployment',
    risk: 'low',
    implementationPlan: 'Run the migration job, then deploy through the pipeline',
    backoutPlan: 'Run the down migration, then redeploy the previous release',
    testPlan: 'Migration dry run on staging; dashboards green for 15 minutes',
    ...overrides,
  };
}

describe('template proposals', () => {
  it('proposes a template, lists it as proposed, approves it as Grace Hopper; then it is approved and a standard change from it lands in Scheduled', async () => {
    const { sim: s, changes } = await setup();
    const proposed = await changes.proposeTemplate(draft());
    expect(proposed).toMatchObject({
      name: NAME,
      state: 'proposed',
      service: { name: 'Payments API' },
      risk: 'low',
      backoutPlan: 'Run the down migration, then redeploy the previous release',
      proposedBy: { name: 'On-Call Console Integration' },
      decidedBy: null,
      record: { system: 'servicenow', number: 'STDCHG0001002', url: `${s.baseUrl}/std_change_proposal.do?sys_id=${proposed.id}` },
    });
    const stored = s.state.get('std_change_proposal', proposed.id)!;
    expect(stored).toMatchObject({ state: '2', approval: 'requested', template_name: NAME });
    expect(stored.template_value).toContain(
      `cmdb_ci=${s.state.rows('cmdb_ci_service').find((row) => row.name === 'Payments API')!.sys_id}`,
    );

    const listed = await changes.listTemplates();
    expect(listed.find((template) => template.id === proposed.id)).toMatchObject({ state: 'proposed', name: NAME });
    // The demo's own proposal, asked of the change manager by the Search API team.
    expect(listed.find((template) => template.name === 'Search API - routine deployment')).toMatchObject({
      state: 'proposed',
      service: { name: 'Search API' },
    });

    const approved = await changes.decideTemplate(proposed.id, 'approved', 'Fine as a standard change', GRACE);
    expect(approved).toMatchObject({
      name: NAME,
      state: 'approved',
      service: { name: 'Payments API' },
      risk: 'low',
      proposedBy: { name: 'On-Call Console Integration' },
      decidedBy: { name: 'Grace Hopper' },
    });
    expect(approved.id).not.toBe(proposed.id);
    expect(
      s.requests.some((request) => request.method === 'PATCH' && request.path.startsWith('/api/now/table/sysapproval_approver/')),
    ).toBe(true);
    const after = await changes.listTemplates();
    expect(after.filter((template) => template.name === NAME).map((template) => [template.id, template.state])).toEqual([
      [approved.id, 'approved'],
    ]);
    // Deciding the same again (a replay) answers the outcome; another decision is refused.
    expect((await changes.decideTemplate(proposed.id, 'approved', '', GRACE)).id).toBe(approved.id);
    await expect(changes.decideTemplate(proposed.id, 'rejected', 'Too late', GRACE)).rejects.toThrow(/approved and published already/);

    const change = await changes.raiseChange({
      type: 'standard',
      service: { id: 'PSVC1', name: 'Payments API' },
      templateId: approved.id,
      shortDescription: 'Deploy Payments API 1.5.0',
      description: '',
      deployment: { version: '1.5.0', commit: 'abc123', runUrl: null },
      key: changeKey('Payments API', '1.5.0', null),
    });
    expect(change).toMatchObject({ type: 'standard', state: 'scheduled', approval: 'approved', templateId: approved.id, risk: 'low' });
  });

  it('rejects a proposal with a comment as the signed-in change manager: listed as rejected, with her words and her name', async () => {
    const { changes, signedInAs } = await setup();
    const proposed = await changes.proposeTemplate(draft());
    const grace = signedInAs(CHANGE_MANAGER_USER_NAME);
    await expect(grace.decideTemplate(proposed.id, 'rejected', '  ')).rejects.toThrow('A rejection needs a comment');
    const rejected = await grace.decideTemplate(proposed.id, 'rejected', 'Add a rollback step for the data');
    expect(rejected).toMatchObject({
      id: proposed.id,
      state: 'rejected',
      decisionComment: 'Add a rollback step for the data',
      decidedBy: { name: 'Grace Hopper' },
      proposedBy: { name: 'On-Call Console Integration' },
    });
    expect((await changes.listTemplates()).find((template) => template.id === proposed.id)).toMatchObject({
      state: 'rejected',
      decisionComment: 'Add a rollback step for the data',
    });
    // The integration user is not an approver of its own: without an approver it has nothing to decide.
    const again = await changes.proposeTemplate(draft({ name: 'Payments API - cache warm-up' }));
    await expect(changes.decideTemplate(again.id, 'approved', '')).rejects.toThrow(
      'The signed-in ServiceNow user has no approval requested on template proposal STDCHG0001003',
    );
  });

  it("passes ServiceNow's refusal on in its own words, and says which category to name when it cannot tell", async () => {
    const { sim: s, changes, signedInAs } = await setup();
    const refusal = await changes.proposeTemplate(draft({ name: '   ' })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceNowRefusal);
    expect(refusal).toMatchObject({
      kind: 'rejected',
      status: 403,
      message: 'The following mandatory fields are not filled in: Template name',
    });
    expect(s.state.rows('std_change_proposal')).toHaveLength(1);

    const misfiled = signedInAs('oncall.console', { standardChangeCategory: 'Databases' });
    await expect(misfiled.proposeTemplate(draft())).rejects.toThrow(
      `ServiceNow's "Standard Change Catalog" has no active category "Databases": its categories are "Deployments"`,
    );
    await expect(changes.proposeTemplate(draft({ service: { id: 'X', name: 'No Such Service' } }))).rejects.toThrow(
      'ServiceNow has no business service (cmdb_ci_service) named "No Such Service"',
    );
  });
});

describe('decisions on behalf of an approver', () => {
  it('moves a normal change from Authorize to Scheduled when approved on behalf of Grace Hopper; someone not asked is told so', async () => {
    const { changes } = await setup();
    const raised = await changes.raiseChange({
      type: 'normal',
      service: { id: 'PSVC1', name: 'Payments API' },
      templateId: null,
      shortDescription: 'Upgrade the card network SDK',
      description: 'A new SDK major version.',
      deployment: { version: '2.0.0', commit: 'def456', runUrl: null },
      key: changeKey('Payments API', '2.0.0', null),
    });
    // Submitted to Assess; the Assess flow skips technical approvals and asks the CAB in Authorize.
    expect(raised.state).toBe('assess');
    expect(await changes.getChange(raised.id)).toMatchObject({
      state: 'authorize',
      approval: 'requested',
      approvals: [{ approver: { name: 'Grace Hopper' }, state: 'requested' }],
    });

    const dana = { email: 'dana.developer@example.com', name: 'Dana Developer' };
    const notAsked = await changes.decideChange(raised.id, 'approved', '', dana).catch((error: unknown) => error);
    expect(notAsked).toBeInstanceOf(ProviderError);
    expect((notAsked as Error).message).toMatch(/^Dana Developer has no approval requested on CHG\d{7} \(Authorize, approval Requested\)$/);
    await expect(changes.decideChange(raised.id, 'approved', '', { email: 'nobody@example.com', name: 'Nobody' })).rejects.toThrow(
      'ServiceNow has no active user with the email nobody@example.com (Nobody)',
    );

    const approved = await changes.decideChange(raised.id, 'approved', 'Approved in the CAB call', GRACE);
    expect(approved).toMatchObject({ state: 'scheduled', approval: 'approved' });
    expect((await changes.getChange(raised.id)).state).toBe('scheduled');

    // Decided, its approver is named only when asked (the audit asks; the gate's read stays short).
    const plain = await changes.findChanges({ serviceName: 'Payments API', version: '2.0.0' });
    expect(plain.map((change) => change.approvals)).toEqual([[]]);
    const audited = await changes.findChanges({ serviceName: 'Payments API', version: '2.0.0', withApprovals: true });
    expect(audited.map((change) => change.approvals.map((approval) => [approval.approver.name, approval.state, approval.comment]))).toEqual(
      [[['Grace Hopper', 'approved', 'Approved in the CAB call']]],
    );
    expect(audited[0]!.approvals[0]!.decidedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
