/**
 * The demo instance's Change Management data: a change manager (Grace Hopper) heading the
 * "Change Management" group (the CAB), approved standard change templates for two of the
 * demo's business services (std_change_template + std_change_record_producer + version 1),
 * a proposed template for a third (std_change_proposal, awaiting approval), and changes in
 * every state, raised through the workflow itself and dated relative to the simulator's clock.
 */
import { stableSysId } from './demo-data';
import { STATE } from './change-model';
import type { ChangeManagement } from './change-workflow';
import { glideDateTime, type ServiceNowState } from './state';
import type { SnRecord } from './types';

export const CHANGE_MANAGER_USER_NAME = 'grace.hopper';
const CHANGE_GROUP_NAME = 'Change Management';
const HOUR_MS = 60 * 60 * 1000;
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

/** Two approved templates and one proposal; returns the approved producers' sys_ids. */
function seedCatalog(state: ServiceNowState): [string, string] {
  const [first, second, third] = pickServices(state);
  const producers = [first, second].map((service) => {
    const template = deploymentTemplate(service);
    const producerId = stableSysId(`std_change_record_producer:${template.name}`);
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
        category: 'Deployments',
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
  });
  const proposed = deploymentTemplate(third);
  state.insertRecord(
    'std_change_proposal',
    record(state, stableSysId(`std_change_proposal:${proposed.name}`), 'std_change_proposal', {
      number: 'STDCHG0001001',
      template_name: proposed.name,
      short_description: `Deploy a tested release of ${third.name}`,
      template_value: proposed.values,
      category: 'Deployments',
      proposal_type: '1',
      state: '2',
      approval: 'requested',
      active: 'true',
      std_change_producer: '',
      std_change_producer_version: '',
      assignment_group: third.support_group ?? '',
      opened_by: state.get('sys_user_group', third.support_group ?? '')?.manager ?? '',
    }),
  );
  return [producers[0]!, producers[1]!];
}

/** Demo people, catalog and changes; `withChanges` false leaves the change table empty. */
export function seedChangeManagement(state: ServiceNowState, changes: ChangeManagement, withChanges: boolean): void {
  seedPeople(state);
  const [payments, checkout] = seedCatalog(state);
  if (!withChanges) return;
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

  normal(first, `${first.name}: upgrade the card network SDK`, [48, 50]);
  const assessing = normal(third, `${third.name}: re-shard the product index`, [72, 76]);
  changes.update(assessing.sys_id ?? '', { state: STATE.assess }, PIPELINE, { defer: true });
  const manager = state.get('sys_user_group', assessing.assignment_group ?? '')?.manager;
  changes.approvals.request(assessing, manager ? [manager] : [], changes.stageLabel(assessing), PIPELINE);
  changes.settle();
  move(normal(second, `${second.name}: move sessions to the new cache cluster`, [24, 26]), { state: STATE.assess });
  const approved = normal(first, `${first.name}: rotate the payout signing keys`, [20, 21]);
  move(approved, { state: STATE.assess });
  decide(approved, 'approved');
  const rejected = normal(second, `${second.name}: drop the legacy cart tables`, [30, 31]);
  move(rejected, { state: STATE.assess });
  decide(rejected, 'rejected', 'No backout plan for dropping the tables: add a restore step and resubmit');
  move(normal(third, `${third.name}: switch the indexer to the new queue`, [10, 12]), {
    state: STATE.canceled,
    work_notes: 'Superseded by the re-shard',
  });

  changes.createStandard(payments, { correlation_id: 'demo:scheduled', ...window(2, 3) }, PIPELINE);
  const implementing = changes.createStandard(checkout, { correlation_id: 'demo:implement', ...window(-1, 1) }, PIPELINE).record;
  move(implementing, { state: STATE.implement });
  const closed = changes.createStandard(payments, { correlation_id: 'demo:closed', ...window(-26, -25) }, PIPELINE).record;
  move(closed, { state: STATE.implement });
  move(closed, { state: STATE.review });
  move(closed, { state: STATE.closed, close_code: 'successful', close_notes: 'Deployed; dashboards green for 15 minutes' });
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
}
