/**
 * The simulated incident workflow of the ITSM service desk: statuses (with Jira's status
 * categories) and the transitions between them. Transition ids are per workflow, not
 * constants a client may hard-code: clients look them up by target status.
 *
 *   Open -> Work in progress -> Resolved -> Closed, with Pending (waiting) and Canceled.
 */

export interface StatusDefinition {
  id: string;
  name: string;
  category: { id: number; key: 'new' | 'indeterminate' | 'done'; name: string; colorName: string };
  /** Jira's jira.issue.editable workflow property: false freezes the fields. */
  editable: boolean;
}

export interface TransitionDefinition {
  id: string;
  name: string;
  from: string[];
  to: string;
  /** Fields the transition screen requires. */
  requires: 'resolution'[];
}

const NEW = { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } as const;
const IN_PROGRESS = { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' } as const;
const DONE = { id: 3, key: 'done', name: 'Done', colorName: 'green' } as const;

const STATUSES: readonly StatusDefinition[] = [
  { id: '1', name: 'Open', category: NEW, editable: true },
  { id: '3', name: 'Work in progress', category: IN_PROGRESS, editable: true },
  { id: '10002', name: 'Pending', category: IN_PROGRESS, editable: true },
  { id: '5', name: 'Resolved', category: DONE, editable: true },
  { id: '6', name: 'Closed', category: DONE, editable: false },
  { id: '10003', name: 'Canceled', category: DONE, editable: false },
];

export const TRANSITIONS: readonly TransitionDefinition[] = [
  { id: '11', name: 'Start work', from: ['Open'], to: 'Work in progress', requires: [] },
  { id: '21', name: 'Pending', from: ['Open', 'Work in progress'], to: 'Pending', requires: [] },
  { id: '31', name: 'Resume work', from: ['Pending'], to: 'Work in progress', requires: [] },
  { id: '41', name: 'Resolve', from: ['Open', 'Work in progress', 'Pending'], to: 'Resolved', requires: ['resolution'] },
  { id: '51', name: 'Close', from: ['Resolved'], to: 'Closed', requires: [] },
  { id: '61', name: 'Reopen', from: ['Resolved'], to: 'Work in progress', requires: [] },
  { id: '71', name: 'Cancel', from: ['Open', 'Pending'], to: 'Canceled', requires: [] },
];

export const RESOLUTIONS = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: 'This issue will not be actioned.' },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed.' },
] as const;

export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
] as const;

export const URGENCIES = [
  { id: '10100', value: 'Critical' },
  { id: '10101', value: 'High' },
  { id: '10102', value: 'Medium' },
  { id: '10103', value: 'Low' },
] as const;

export function statusNamed(name: string): StatusDefinition {
  const status = STATUSES.find((item) => item.name === name);
  if (!status) throw new Error(`Unknown status ${name}`);
  return status;
}

export function transitionsFrom(statusName: string): TransitionDefinition[] {
  return TRANSITIONS.filter((transition) => transition.from.includes(statusName));
}
