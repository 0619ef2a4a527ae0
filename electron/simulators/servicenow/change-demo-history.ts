/**
 * The demo instance's deployment changes over its delivery history (electron/host/
 * demo-delivery-history.ts says which): each raised, approved, implemented and closed
 * through the Change Management workflow as the console's `change open|close` leaves it
 * (the change key in correlation_id, the deployment block in a standard change's work note
 * or a normal or emergency change's description), every step at its own time so the
 * change's stamps (opened, approval set, work start and end, closed, the journal) read as
 * they happened. Standard changes come from the service's "routine deployment" template,
 * published first where the service has none yet.
 */
import { CHANGE_MANAGER_USER_NAME, publishDeploymentTemplate } from './change-demo-data';
import { STATE } from './change-model';
import type { ChangeManagement } from './change-workflow';
import { INTEGRATION_USER_NAME } from './demo-data';
import { glideDateTime, type ServiceNowState } from './state';
import type { SnRecord } from './types';

/** Runs `step` with the instance's clock at `at` (the demo's clock travels; ServiceNow stamps everything with now). */
type TimeTravel = <T>(at: number, step: () => T) => T;

/** One deployment's change, from raising to closing. */
interface HistoryChange {
  serviceName: string;
  type: 'standard' | 'normal' | 'emergency';
  /** The deployment's change key (correlation_id), as the console writes it. */
  key: string;
  shortDescription: string;
  /** The console's deployment block (with its words): a standard change's work note, the others' description. */
  deploymentText: string;
  raisedAt: number;
  plannedStart: number | null;
  plannedEnd: number | null;
  /** When the change manager approved it (normal and emergency changes). */
  approvedAt: number | null;
  /** When the deployment started (Implement); null: it never did. */
  implementedAt: number | null;
  /** Who closed it (their email; null: the pipeline), when, and how. */
  closed: { at: number; code: 'successful' | 'unsuccessful'; notes: string; byEmail: string | null } | null;
}

/** The console's correlation_display on the changes it raises. */
const CORRELATION_DISPLAY = 'oncall-console';

/** Raises and moves each change through the workflow at its times; returns their numbers, in order. */
export function seedHistoryChanges(
  state: ServiceNowState,
  changes: ChangeManagement,
  history: readonly HistoryChange[],
  travel: TimeTravel,
): string[] {
  const services = new Map(state.rows('cmdb_ci_service').map((row) => [String(row.name), row]));
  const producers = new Map<string, string>();
  return history.map((entry) => {
    const service = services.get(entry.serviceName);
    if (!service) throw new Error(`The ServiceNow simulator has no service ${entry.serviceName}`);
    const change = travel(entry.raisedAt, () => raise(state, changes, entry, service, producers));
    const id = change.sys_id ?? '';
    const move = (fields: Record<string, unknown>, actor = INTEGRATION_USER_NAME) => changes.update(id, fields, actor);
    if (entry.approvedAt !== null && entry.type !== 'standard')
      travel(entry.approvedAt, () => changes.decide(id, CHANGE_MANAGER_USER_NAME, 'approved', ''));
    if (entry.implementedAt !== null) travel(entry.implementedAt, () => move({ state: STATE.implement }));
    const { closed } = entry;
    if (closed) {
      const closer = (closed.byEmail ? state.userByEmail(closed.byEmail)?.user_name : undefined) ?? INTEGRATION_USER_NAME;
      travel(closed.at, () => {
        if (change.state !== STATE.implement) move({ state: STATE.implement }, closer);
        move({ state: STATE.review }, closer);
        move({ state: STATE.closed, close_code: closed.code, close_notes: closed.notes }, closer);
      });
    }
    return String(change.number);
  });
}

/** POST /change/standard/{template} then the work note, or POST /change/normal|emergency then submitted, as the console raises it. */
function raise(
  state: ServiceNowState,
  changes: ChangeManagement,
  entry: HistoryChange,
  service: SnRecord,
  producers: Map<string, string>,
): SnRecord {
  const key = { correlation_id: entry.key, correlation_display: CORRELATION_DISPLAY };
  const window = {
    ...(entry.plannedStart !== null ? { start_date: glideDateTime(entry.plannedStart) } : {}),
    ...(entry.plannedEnd !== null ? { end_date: glideDateTime(entry.plannedEnd) } : {}),
  };
  if (entry.type === 'standard') {
    let producer = producers.get(entry.serviceName);
    if (!producer) producers.set(entry.serviceName, (producer = publishDeploymentTemplate(state, service)));
    const change = changes.createStandard(
      producer,
      { ...key, ...window, short_description: entry.shortDescription },
      INTEGRATION_USER_NAME,
    ).record;
    changes.update(change.sys_id ?? '', { work_notes: entry.deploymentText }, INTEGRATION_USER_NAME);
    return change;
  }
  const change = changes.create(
    entry.type,
    {
      ...key,
      ...window,
      short_description: entry.shortDescription,
      description: entry.deploymentText,
      cmdb_ci: service.sys_id,
      business_service: service.sys_id,
      assignment_group: service.support_group,
      risk: entry.type === 'emergency' ? '2' : '3',
    },
    INTEGRATION_USER_NAME,
  ).record;
  changes.update(change.sys_id ?? '', { state: entry.type === 'normal' ? STATE.assess : STATE.authorize }, INTEGRATION_USER_NAME);
  return change;
}
