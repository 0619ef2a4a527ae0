/**
 * The demo site's change management: standard change templates (request types with Change
 * type Standard preset) for two of the demo's services, and, unless left out, changes in
 * every state, raised and moved through the workflow itself as the integration account
 * (the pipelines) and decided by the change manager, dated relative to the site's clock.
 * The demo console seeds the changes that are not deployments of a version
 * (seedChangeBoard) and takes its deployments' changes from its delivery history
 * (change-demo-history.ts).
 */
import { CHANGE_FIELD_IDS, CHANGE_REQUEST_TYPE } from './change-config';
import type { ChangeDesk, ChangeRequestType } from './change-desk';
import { CHANGE_MANAGER_ACCOUNT } from './demo-site';
import type { JsmState } from './state';
import { FIELD_IDS } from './types';

const HOUR_MS = 60 * 60 * 1000;
const PIPELINE_EMAIL = 'oncall-console@example.com';

/** The services the templates and changes are for, by name, falling back to whatever services a small org has. */
function pickServices(state: JsmState) {
  const services = state.site.services;
  const byName = (name: string, index: number) => services.find((service) => service.name === name) ?? services[index % services.length];
  return [byName('Payments API', 0), byName('Checkout Web', 1), byName('Search API', 2)] as const;
}

/** The service's "routine deployment" standard change template (a request type with Change type Standard preset). */
export function addDeploymentTemplate(changes: ChangeDesk, service: { id: string; name: string }): ChangeRequestType {
  const name = `${service.name} - routine deployment`;
  const known = changes.requestTypes.find((requestType) => requestType.name === name);
  if (known) return known;
  return changes.addTemplate({
    name,
    description: `Pre-approved: routine deployments of ${service.name} that passed the pipeline's tests, rolled out canary first.`,
    serviceId: service.id,
    risk: 'Low',
    implementationPlan: `Roll the release out through the ${service.name} pipeline: canary, then all instances`,
    backoutPlan: 'Redeploy the previous release through the same pipeline',
    testPlan: 'Smoke tests and the service dashboards stay green for 15 minutes after the rollout',
  });
}

/** Templates always; changes when `withChanges`. */
export function seedChangeManagement(state: JsmState, changes: ChangeDesk, withChanges: boolean): void {
  const [first, second, third] = pickServices(state);
  if (!first || !second || !third) return;
  const payments = addDeploymentTemplate(changes, first);
  const checkout = addDeploymentTemplate(changes, second);
  if (!withChanges) return;
  const seeding = seedingTools(state, changes);
  if (!seeding) return;
  seedNormalChanges(seeding);
  seedDeploymentChanges(seeding, payments, checkout);
  seedEmergencyChange(seeding);
}

/**
 * The demo's changes that are not deployments of a version: normal changes in every step
 * of their approval (CHG-1 waiting for the change manager) and an emergency fix being
 * implemented, dated relative to the clock. The demo console's deployment changes come
 * from its delivery history instead.
 */
export function seedChangeBoard(state: JsmState, changes: ChangeDesk): void {
  const seeding = seedingTools(state, changes);
  if (!seeding) return;
  seedNormalChanges(seeding);
  seedEmergencyChange(seeding);
}

type SeedingTools = NonNullable<ReturnType<typeof seedingTools>>;

/** What the seeding steps share: the services, the clock, and the workflow's moves as the pipeline and the change manager. */
function seedingTools(state: JsmState, changes: ChangeDesk) {
  const [first, second, third] = pickServices(state);
  const pipeline = state.getUserByEmail(PIPELINE_EMAIL);
  if (!first || !second || !third || !pipeline) return null;
  const now = state.now();
  const window = (fromHours: number, toHours: number) => ({
    [CHANGE_FIELD_IDS.changeStart]: new Date(now + fromHours * HOUR_MS).toISOString(),
    [CHANGE_FIELD_IDS.changeCompletion]: new Date(now + toHours * HOUR_MS).toISOString(),
  });
  const raise = (type: 'Normal' | 'Emergency', service: { id: string }, summary: string, hours: [number, number]) => {
    const issue = changes.create(pipeline.accountId, CHANGE_REQUEST_TYPE.id, {
      summary,
      description: summary,
      [CHANGE_FIELD_IDS.changeType]: { value: type },
      [CHANGE_FIELD_IDS.changeRisk]: { value: 'Medium' },
      [FIELD_IDS.affectedServices]: [{ id: service.id }],
      ...window(...hours),
    });
    return issue.key;
  };
  const standard = (template: ChangeRequestType, service: { name: string }, hours: [number, number]) =>
    changes.create(pipeline.accountId, template.id, { summary: `Deploy ${service.name}`, ...window(...hours) }).key;
  const move = (key: string, ...statuses: string[]) => {
    for (const status of statuses) changes.transitionTo(key, status);
  };
  const decide = (key: string, decision: 'approve' | 'decline', comment = '') =>
    changes.decide(key, CHANGE_MANAGER_ACCOUNT.emailAddress, decision, comment);
  return { first, second, third, raise, standard, move, decide };
}

function seedNormalChanges({ first, second, third, raise, move, decide }: SeedingTools): void {
  move(raise('Normal', first, `${first.name}: upgrade the card network SDK`, [48, 50]), 'Awaiting approval');
  raise('Normal', third, `${third.name}: re-shard the product index`, [72, 76]);
  const approved = raise('Normal', first, `${first.name}: rotate the payout signing keys`, [20, 21]);
  move(approved, 'Awaiting approval');
  decide(approved, 'approve');
  const declined = raise('Normal', second, `${second.name}: drop the legacy cart tables`, [30, 31]);
  move(declined, 'Awaiting approval');
  decide(declined, 'decline', 'No backout plan for dropping the tables: add a restore step and resubmit');
  move(raise('Normal', third, `${third.name}: switch the indexer to the new queue`, [10, 12]), 'Canceled');
}

function seedDeploymentChanges(
  { first, second, standard, move }: SeedingTools,
  payments: ChangeRequestType,
  checkout: ChangeRequestType,
): void {
  standard(payments, first, [2, 3]);
  move(standard(checkout, second, [-1, 1]), 'Implementing');
  move(standard(payments, first, [-26, -25]), 'Implementing', 'Completed');
  move(standard(checkout, second, [-50, -49]), 'Implementing', 'Failed');
}

function seedEmergencyChange({ first, raise, move, decide }: SeedingTools): void {
  const emergency = raise('Emergency', first, `${first.name}: hotfix for failing refunds`, [-3, -2]);
  move(emergency, 'Awaiting approval');
  decide(emergency, 'approve');
  move(emergency, 'Implementing');
}
