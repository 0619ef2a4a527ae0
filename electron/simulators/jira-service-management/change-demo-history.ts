/**
 * The demo site's deployment changes over its delivery history (electron/host/
 * demo-delivery-history.ts says which): each raised, approved, implemented and closed
 * through the change project's workflow as the console's `change open|close` leaves it
 * (the change key as labels, the deployment block in the description, the close code and
 * notes in a comment), every step at its own time so created, updated, the approval and
 * the resolution read as they happened. Standard changes come from the service's
 * "routine deployment" template, added first where the service has none yet.
 */
import { CHANGE_FIELD_IDS, CHANGE_REQUEST_TYPE } from './change-config';
import { addDeploymentTemplate } from './change-demo-data';
import type { ChangeDesk } from './change-desk';
import { CHANGE_MANAGER_ACCOUNT } from './demo-site';
import type { JsmState } from './state';
import { FIELD_IDS } from './types';

/** Runs `step` with the site's clock at `at` (the demo's clock travels; the site stamps everything with now). */
type TimeTravel = <T>(at: number, step: () => T) => T;

/** One deployment's change, from raising to closing. */
interface HistoryChange {
  serviceName: string;
  type: 'standard' | 'normal' | 'emergency';
  /** The change key as the console labels a change with it (the key, and its prefix for the version). */
  labels: string[];
  shortDescription: string;
  /** The console's deployment block, with its words: the description. */
  deploymentText: string;
  raisedAt: number;
  plannedStart: number | null;
  plannedEnd: number | null;
  /** When the change manager approved it (normal and emergency changes). */
  approvedAt: number | null;
  /** When the deployment started (Implementing); null: it never did. */
  implementedAt: number | null;
  /** Who closed it (their email; null: the pipeline), when, and how. */
  closed: { at: number; code: 'successful' | 'unsuccessful'; notes: string; byEmail: string | null } | null;
}

const PIPELINE_EMAIL = 'oncall-console@example.com';
const TYPE_VALUE = { normal: 'Normal', emergency: 'Emergency' } as const;

/** Raises and moves each change through the workflow at its times; returns their keys, in order. */
export function seedHistoryChanges(state: JsmState, changes: ChangeDesk, history: readonly HistoryChange[], travel: TimeTravel): string[] {
  const pipeline = state.getUserByEmail(PIPELINE_EMAIL);
  if (!pipeline) throw new Error(`The Jira simulator has no account ${PIPELINE_EMAIL} to raise the demo's changes as`);
  return history.map((entry) => {
    const service = state.site.services.find((candidate) => candidate.name === entry.serviceName);
    if (!service) throw new Error(`The Jira simulator has no service ${entry.serviceName}`);
    const window = {
      ...(entry.plannedStart !== null ? { [CHANGE_FIELD_IDS.changeStart]: new Date(entry.plannedStart).toISOString() } : {}),
      ...(entry.plannedEnd !== null ? { [CHANGE_FIELD_IDS.changeCompletion]: new Date(entry.plannedEnd).toISOString() } : {}),
    };
    const text = { summary: entry.shortDescription, description: entry.deploymentText, labels: entry.labels, ...window };
    const { key } = travel(entry.raisedAt, () => {
      if (entry.type === 'standard') return changes.create(pipeline.accountId, addDeploymentTemplate(changes, service).id, text);
      const issue = changes.create(pipeline.accountId, CHANGE_REQUEST_TYPE.id, {
        ...text,
        [CHANGE_FIELD_IDS.changeType]: { value: TYPE_VALUE[entry.type] },
        [CHANGE_FIELD_IDS.changeRisk]: { value: entry.type === 'emergency' ? 'High' : 'Medium' },
        [FIELD_IDS.affectedServices]: [{ id: service.id }],
      });
      return changes.transitionTo(issue.key, 'Awaiting approval');
    });
    if (entry.approvedAt !== null && entry.type !== 'standard')
      travel(entry.approvedAt, () => changes.decide(key, CHANGE_MANAGER_ACCOUNT.emailAddress, 'approve'));
    if (entry.implementedAt !== null) travel(entry.implementedAt, () => changes.transitionTo(key, 'Implementing'));
    const { closed } = entry;
    if (closed) {
      const closer = (closed.byEmail ? state.getUserByEmail(closed.byEmail) : undefined) ?? pipeline;
      travel(closed.at, () => {
        const issue = changes.find(key)!;
        if (issue.statusName !== 'Implementing') changes.transitionTo(key, 'Implementing');
        changes.transitionTo(key, closed.code === 'successful' ? 'Completed' : 'Failed');
        // The console's close note (what `change close` writes), from which the close code and notes are read back.
        changes.addComment(issue, closer.accountId, `Change closed (${closed.code}): ${closed.notes}`, false);
      });
    }
    return key;
  });
}
