/**
 * The demo instance's Change Management data: a change manager (Grace Hopper) heading the
 * "Change Management" group (the CAB), the Standard Change Catalog with one category
 * ("Deployments"), approved standard change templates for two of the demo's business
 * services (std_change_template + std_change_record_producer + version 1), a proposed
 * template for a third (std_change_proposal, approval requested of the change manager
 * through the proposal workflow), and changes in every state, raised through the workflow
 * itself and dated relative to the simulator's clock; and a weekend change freeze (a
 * blackout schedule) conflict checks warn about. The demo console seeds the changes that
 * are not deployments of a version (seedChangeBoard) and takes its deployments' changes
 * from its delivery history (change-demo-history.ts).
 */
import { stableSysId } from './demo-data';
import { STATE } from './change-model';
import type { ChangeManagement } from './change-workflow';
import { glideDateTime, type ServiceNowState } from './state';
import type { BlackoutSchedule, SnRecord } from './types';

export const CHANGE_MANAGER_USER_NAME = 'grace.hopper';
const CHANGE_GROUP_NAME = 'Change Management';
/** The catalog standard change templates are published in (its OOB title). */
const STANDARD_CATALOG = 'Standard Change Catalog';
const DEPLOYMENTS_CATEGORY = 'Deployments';
const HOUR_MS = 60 * 60 * 1000;
/**
 * The demo's blackout schedule: every weekend, Friday 16:00 to Monday 06:00 UTC, for every CI
 * (a first window in January 2021, repeated weekly).
 */
export const DEMO_BLACKOUT_SCHEDULES: readonly BlackoutSchedule[] = [
  {
    name: 'Weekend change freeze',
    description: 'No normal changes from Friday 16:00 to Monday 06:00 UTC: the weekend on-call rota is thin',
    windows: [{ start: '2021-01-01T16:00:00Z', end: '2021-01-04T06:00:00Z', weekly: true }],
  },
];
/** The integration user raises the pipelines' changes. */
const PIPELINE = 'oncall.console';

function record(state: ServiceNowState, sysId: string, className: string, fields: SnRecord): SnRecord {
  const at = glideDateTime(state.now());
  return {
    sys_id: sysId,
    sys_class_name: className,
    sys_created_on: at,
    sys_created_by: 'admin',
    sys_updated_on: at,
    sys_updated_by: 'admin',
    sys_mod_count: '0',
    ...fields,
  };
}

/** The services the demo's templates cover, by name, falling back to whatever services a small org has. */
function pickServices(state: ServiceNowState): [SnRecord, SnRecord, SnRecord] {
  const services = state.rows('cmdb_ci_service');
  const byName = (name: string, index: number) => services.find((row) => row.name === name) ?? services[index % services.length]!;
  return [byName('Payments API', 0), byName('Checkout Web', 1), byName('Search API', 2)];
}

function deploymentTemplate(service: SnRecord): { name: string; values: string } {
  const name = `${service.name} - routine deployment`;
  const values = [
    `short_description=Deploy a tested release of ${service.name}`,
    `cmdb_ci=${service.sys_id}`,
    `business_service=${service.sys_id}`,
    `assignment_group=${service.support_group}`,
    'category=Software',
    'risk=4',
    'impact=3',
    `implementation_plan=Roll the release out through the ${service.name} pipeline: canary, then all instances`,
    'backout_plan=Redeploy the previous release through the same pipeline',
    'test_plan=Smoke tests and the service dashboards stay green for 15 minutes after the rollout',
  ];
  return { name, values: values.join('^') };
}

/** The change manager and the CAB group (added only once). */
function seedPeople(state: ServiceNowState): void {
  if (state.userByName(CHANGE_MANAGER_USER_NAME)) return;
  const userId = stableSysId(`sys_user:${CHANGE_MANAGER_USER_NAME}`);
  state.insertRecord(
    'sys_user',
    record(state, userId, 'sys_user', {
      user_name: CHANGE_MANAGER_USER_NAME,
      name: 'Grace Hopper',
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace.hopper@example.com',
      title: 'Change Manager',
      active: 'true',
      time_zone: 'Europe/London',
      department: 'IT Service Management',
    }),
  );
  state.insertRecord(
    'sys_user_group',
    record(state, stableSysId(`sys_user_group:${CHANGE_GROUP_NAME}`), 'sys_user_group', {
      name: CHANGE_GROUP_NAME,
      description: 'Change Advisory Board: approves normal and emergency changes and the standard change templates',
      email: 'change-management@example.com',
      manager: userId,
      active: 'true',
      type: 'itil',
    }),
  );
}

/** The Standard Change Catalog and its category for deployments; returns their sys_ids. */
function seedCatalogAndCategory(state: ServiceNowState): { catalog: string; category: string } {
  const catalog = stableSysId(`sc_catalog:${STANDARD_CATALOG}`);
  const category = stableSysId(`sc_category:${STANDARD_CATALOG}:${DEPLOYMENTS_CATEGORY}`);
  state.insertRecord(
    'sc_catalog',
    record(state, catalog, 'sc_catalog', { title: STANDARD_CATALOG, description: 'Pre-approved standard changes', active: 'true' }),
  );
  state.insertRecord(
    'sc_category',
    record(state, category, 'sc_category', {
      title: DEPLOYMENTS_CATEGORY,
      description: 'Routine deployments through a service pipeline',
      sc_catalog: catalog,
      active: 'true',
    }),
  );
  return { catalog, category };
}

/**
 * Publishes the approved standard change template "<service> - routine deployment" in the
 * Deployments category (std_change_template + std_change_record_producer + version 1), as
 * approving its proposal would; returns the record producer's sys_id (what POST
 * /change/standard/{id} takes). Publishing one twice returns the first.
 */
export function publishDeploymentTemplate(state: ServiceNowState, service: SnRecord): string {
  const template = deploymentTemplate(service);
  const producerId = stableSysId(`std_change_record_producer:${template.name}`);
  if (state.get('std_change_record_producer', producerId)) return producerId;
  const catalog = stableSysId(`sc_catalog:${STANDARD_CATALOG}`);
  const category = stableSysId(`sc_category:${STANDARD_CATALOG}:${DEPLOYMENTS_CATEGORY}`);
  const versionId = stableSysId(`std_change_producer_version:${template.name}:1`);
  const templateId = stableSysId(`std_change_template:${template.name}`);
  state.insertRecord(
    'std_change_template',
    record(state, templateId, 'std_change_template', {
      name: template.name,
      short_description: `Deploy a tested release of ${service.name}`,
      template: template.values,
      active: 'true',
    }),
  );
  state.insertRecord(
    'std_change_record_producer',
    record(state, producerId, 'std_change_record_producer', {
      name: template.name,
      sys_name: template.name,
      short_description: `Deploy a tested release of ${service.name} through its pipeline`,
      description: `Pre-approved: routine deployments of ${service.name} that passed the pipeline's tests, rolled out canary first.`,
      category,
      sc_catalogs: catalog,
      active: 'true',
      retired: 'false',
      template: templateId,
      current_version: versionId,
    }),
  );
  state.insertRecord(
    'std_change_producer_version',
    record(state, versionId, 'std_change_producer_version', {
      name: `${template.name} - 1`,
      version: '1',
      std_change_producer: producerId,
      std_change_proposal: '',
    }),
  );
  return producerId;
}

/** Two approved templates and one proposal awaiting approval; returns the approved producers' sys_ids. */
function seedCatalog(state: ServiceNowState, changes: ChangeManagement): [string, string] {
  const [first, second, third] = pickServices(state);
  const { catalog, category } = seedCatalogAndCategory(state);
  const producers = [first, second].map((service) => publishDeploymentTemplate(state, service));
  const proposed = deploymentTemplate(third);
  // Proposed by the service's team lead (its group's manager), and sent for approval as "Request Approval" does.
  const proposer = state.get('sys_user', state.get('sys_user_group', third.support_group ?? '')?.manager ?? '')?.user_name ?? PIPELINE;
  const proposal = changes.proposals.create(
    {
      template_name: proposed.name,
      short_description: `Deploy a tested release of ${third.name}`,
      template_value: proposed.values,
      catalog,
      category,
      assignment_group: third.support_group ?? '',
    },
    proposer,
  );
  changes.proposals.update(proposal.sys_id ?? '', { state: '2' }, proposer);
  return [producers[0]!, producers[1]!];
}

/** Demo people, catalog and changes; `withChanges` false leaves the change table empty. */
export function seedChangeManagement(state: ServiceNowState, changes: ChangeManagement, withChanges: boolean): void {
  seedPeople(state);
  const producers = seedCatalog(state, changes);
  if (!withChanges) return;
  const seeding = seedingTools(state, changes);
  seedNormalChanges(seeding);
  seedDeploymentChanges(seeding, producers);
  seedEmergencyChange(seeding);
}

/**
 * The demo's changes that are not deployments of a version: normal changes in every step
 * of their approval (one waiting for the change manager) and an emergency fix in Review,
 * dated relative to the clock. The demo console's deployment changes come from its
 * delivery history instead.
 */
export function seedChangeBoard(state: ServiceNowState, changes: ChangeManagement): void {
  const seeding = seedingTools(state, changes);
  seedNormalChanges(seeding);
  seedEmergencyChange(seeding);
}

type SeedingTools = ReturnType<typeof seedingTools>;

/** What the seeding steps share: the services, the clock, and the workflow's moves as the pipeline and the change manager. */
function seedingTools(state: ServiceNowState, changes: ChangeManagement) {
  const [first, second, third] = pickServices(state);
  const now = state.now();
  const window = (fromHours: number, toHours: number) => ({
    start_date: glideDateTime(now + fromHours * HOUR_MS),
    end_date: glideDateTime(now + toHours * HOUR_MS),
  });
  const normal = (service: SnRecord, short: string, hours: [number, number]) =>
    changes.create(
      'normal',
      {
        short_description: short,
        description: short,
        cmdb_ci: service.sys_id,
        business_service: service.sys_id,
        assignment_group: service.support_group,
        risk: '3',
        ...window(...hours),
      },
      PIPELINE,
    ).record;
  const move = (change: SnRecord, fields: Record<string, unknown>, actor = PIPELINE) => changes.update(change.sys_id ?? '', fields, actor);
  const decide = (change: SnRecord, decision: 'approved' | 'rejected', comments = '') =>
    changes.decide(change.sys_id ?? '', CHANGE_MANAGER_USER_NAME, decision, comments);
  return { state, changes, first, second, third, now, window, normal, move, decide };
}

function seedNormalChanges({ state, changes, first, second, third, now, normal, move, decide }: SeedingTools): void {
  // Raised at different times over the last two days, as a real change list reads.
  backdate(normal(first, `${first.name}: upgrade the card network SDK`, [48, 50]), now, 2, 2);
  const assessing = normal(third, `${third.name}: re-shard the product index`, [72, 76]);
  changes.update(assessing.sys_id ?? '', { state: STATE.assess }, PIPELINE, { defer: true });
  const manager = state.get('sys_user_group', assessing.assignment_group ?? '')?.manager;
  changes.approvals.request(assessing, manager ? [manager] : [], changes.stageLabel(assessing), PIPELINE);
  changes.settle();
  backdate(assessing, now, 5, 5);
  // Waiting in Authorize for the change manager (Grace Hopper).
  const authorizing = normal(second, `${second.name}: move sessions to the new cache cluster`, [24, 26]);
  move(authorizing, { state: STATE.assess });
  backdate(authorizing, now, 1, 1);
  const approved = normal(first, `${first.name}: rotate the payout signing keys`, [20, 21]);
  move(approved, { state: STATE.assess });
  decide(approved, 'approved');
  backdate(approved, now, 20, 4);
  const rejected = normal(second, `${second.name}: drop the legacy cart tables`, [30, 31]);
  move(rejected, { state: STATE.assess });
  decide(rejected, 'rejected', 'No backout plan for dropping the tables: add a restore step and resubmit');
  backdate(rejected, now, 30, 26);
  const canceled = normal(third, `${third.name}: switch the indexer to the new queue`, [10, 12]);
  move(canceled, { state: STATE.canceled, work_notes: 'Superseded by the re-shard' });
  backdate(canceled, now, 50, 48);
}

function seedDeploymentChanges({ changes, first, second, now, window, move }: SeedingTools, [payments, checkout]: [string, string]): void {
  // Deployments the pipelines raised from the templates (as `change open` does: the key and the deployment note).
  const deployment = (producer: string, service: SnRecord, version: string, hours: [number, number]) => {
    const change = changes.createStandard(
      producer,
      { correlation_id: `oncall:${String(service.name).toLowerCase()}:${version}:-`, ...window(...hours) },
      PIPELINE,
    ).record;
    move(change, { work_notes: deploymentNote(String(service.name), version) });
    return change;
  };
  backdate(deployment(payments, first, '2.13.5', [2, 3]), now, 0.5, 0.5);
  const implementing = deployment(checkout, second, '5.2.10', [-1, 1]);
  move(implementing, { state: STATE.implement });
  backdate(implementing, now, 1.2, 0.3);
  const closeAs = (change: SnRecord, code: 'successful' | 'unsuccessful', notes: string) => {
    move(change, { state: STATE.implement });
    move(change, { state: STATE.review });
    move(change, { state: STATE.closed, close_code: code, close_notes: notes });
  };
  const closed = deployment(payments, first, '2.13.2', [-26, -25]);
  closeAs(closed, 'successful', 'Deployed; dashboards green for 15 minutes');
  backdate(closed, now, 27, 25);
  // In the last day, beside the demo's incidents: one went well, one was rolled back.
  const deployedToday = deployment(payments, first, '2.13.4', [-4, -3]);
  closeAs(deployedToday, 'successful', 'Deployed by the pipeline.');
  backdate(deployedToday, now, 4.5, 3);
  const rolledBack = deployment(checkout, second, '5.2.9', [-7, -6]);
  closeAs(rolledBack, 'unsuccessful', 'Rolled back: checkout errors rose after the canary (10%); the previous release is live again.');
  backdate(rolledBack, now, 7.5, 6);
}

function seedEmergencyChange({ changes, first, now, window, move, decide }: SeedingTools): void {
  const emergency = changes.create(
    'emergency',
    {
      short_description: `${first.name}: hotfix for failing refunds`,
      cmdb_ci: first.sys_id,
      business_service: first.sys_id,
      assignment_group: first.support_group,
      ...window(-3, -2),
    },
    PIPELINE,
  ).record;
  move(emergency, { state: STATE.authorize });
  decide(emergency, 'approved');
  move(emergency, { state: STATE.implement });
  move(emergency, { state: STATE.review });
  backdate(emergency, now, 3.5, 2);
}

/**
 * The note the console's `change open` writes on a standard change it raises (the block
 * electron/providers/servicenow/change-mapper.ts reads back: version and commit), so the
 * demo's deployments show what they deployed.
 */
function deploymentNote(serviceName: string, version: string): string {
  const commit = (stableSysId(`commit:${serviceName}:${version}`) + stableSysId(`commit2:${serviceName}:${version}`)).slice(0, 40);
  return ['On-Call Console deployment', `Version: ${version}`, `Commit: ${commit}`].join('\n');
}

/**
 * Dates a seeded change as raised `raisedHoursAgo` and last changed `changedHoursAgo` ago
 * (the workflow stamps everything with the seeding moment): its creation and opening, its
 * last update, and when it started, ended, was approved and closed, where it did.
 */
function backdate(change: SnRecord, now: number, raisedHoursAgo: number, changedHoursAgo: number): void {
  const raised = glideDateTime(now - raisedHoursAgo * HOUR_MS);
  const changed = glideDateTime(now - changedHoursAgo * HOUR_MS);
  Object.assign(change, { sys_created_on: raised, opened_at: raised, sys_updated_on: changed });
  for (const field of ['approval_set', 'work_start', 'work_end', 'closed_at'] as const) if (change[field]) change[field] = changed;
}
