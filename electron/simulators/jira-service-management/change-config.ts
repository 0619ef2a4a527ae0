/**
 * The simulated change project's configuration: its service desk, the Change issue type,
 * the change fields (site-specific custom field ids, found by clients through
 * /rest/api/3/field and a request type's /field), and the change workflow as data
 * (statuses, transitions, the approval step, the "auto-approve standard changes"
 * automation). Sources: /work/notes/jsm-change-api.md ("note §n").
 *
 * What the docs fix (note §2): the default change workflow has the statuses "Implementing"
 * and "Declined"; an approval sits on a status and runs its approve or decline transition
 * when decided (ApprovalConfiguration transitionApproved / transitionRejected); its
 * approvers come from the Approvers field, pre-populated from the Affected services;
 * standard changes are auto-approved by an automation rule. Everything else below is an
 * ASSUMPTION the docs leave open, made configurable: the other status names (Planning,
 * Awaiting approval, Awaiting implementation, Completed, Failed, Canceled), transition ids
 * and names, the option lists of Change type and Change risk, the names of the plan fields,
 * the request type name "Request a change", and that the approval's own transitions are not
 * offered to agents through /transitions (as the recommended "enforce the approval"
 * conditions hide them, note §2/S15).
 */
import type { StatusDefinition } from './workflow';

/** The change project's service desk (a second project next to ITSM, as a change-management site may have). */
export const CHANGE_SERVICE_DESK = { id: '2', projectId: '10001', projectKey: 'CHG', projectName: 'Change Management' } as const;

/** The ITSM template's Change issue type (note §2, S11). */
export const CHANGE_ISSUE_TYPE = { id: '10006', name: 'Change' } as const;

/** The change fields' ids on the simulated site; real sites number theirs differently (clients look them up by name). */
export const CHANGE_FIELD_IDS = {
  changeType: 'customfield_10060',
  changeRisk: 'customfield_10061',
  changeStart: 'customfield_10062',
  changeCompletion: 'customfield_10063',
  approvers: 'customfield_10064',
  implementationPlan: 'customfield_10065',
  backoutPlan: 'customfield_10066',
  testPlan: 'customfield_10067',
} as const;

/** A select field's option: its id and value ({"id"} or {"value"} on input, note §1d). */
export interface FieldOption {
  id: string;
  value: string;
}

/** Change type options (ASSUMPTION: the ITIL types; a site's admin may rename them). */
export const CHANGE_TYPES: readonly FieldOption[] = [
  { id: '10200', value: 'Standard' },
  { id: '10201', value: 'Normal' },
  { id: '10202', value: 'Emergency' },
];

/** Change risk options (ASSUMPTION). */
export const CHANGE_RISKS: readonly FieldOption[] = [
  { id: '10210', value: 'Low' },
  { id: '10211', value: 'Medium' },
  { id: '10212', value: 'High' },
  { id: '10213', value: 'Critical' },
];

export interface ChangeTransitionDefinition {
  id: string;
  name: string;
  from: string[];
  to: string;
  /** Offered only while the change's Change type is Standard (a workflow condition on the field's value). */
  onlyStandard?: boolean;
  /** Run only by the approval step: not listed by /transitions, refused when posted there. */
  byApprovalOnly?: boolean;
}

interface ApprovalStepDefinition {
  /** The status the approval sits on. */
  status: string;
  /** The approval's name (ApprovalDTO.name). */
  name: string;
  /** How many approvals settle it (conditionType "number"); one decline settles it declined. */
  approvalsNeeded: number;
  approveTransitionId: string;
  declineTransitionId: string;
}

export interface ChangeWorkflow {
  initialStatus: string;
  statuses: StatusDefinition[];
  transitions: ChangeTransitionDefinition[];
  approvals: ApprovalStepDefinition[];
  /** The resolution a status sets (done statuses); none for the others. */
  resolutions: Record<string, string>;
  /** The automation rule "Auto-approve Standard changes" (note §2, S13): the transition it runs on create, or null when off. */
  autoApproveStandardTransitionId: string | null;
  /** The 400 message for a transition that is not valid from the issue's status (note §4: the exact text is undocumented). */
  illegalTransitionMessage: (transitionId: string) => string;
}

const NEW = { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } as const;
const IN_PROGRESS = { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' } as const;
const DONE = { id: 3, key: 'done', name: 'Done', colorName: 'green' } as const;

export const DEFAULT_CHANGE_WORKFLOW: ChangeWorkflow = {
  initialStatus: 'Planning',
  statuses: [
    { id: '10100', name: 'Planning', category: NEW, editable: true },
    { id: '10101', name: 'Awaiting approval', category: IN_PROGRESS, editable: true },
    { id: '10102', name: 'Awaiting implementation', category: IN_PROGRESS, editable: true },
    { id: '10103', name: 'Implementing', category: IN_PROGRESS, editable: true },
    { id: '10104', name: 'Completed', category: DONE, editable: false },
    { id: '10105', name: 'Failed', category: DONE, editable: false },
    { id: '10106', name: 'Canceled', category: DONE, editable: false },
    { id: '10107', name: 'Declined', category: DONE, editable: false },
  ],
  transitions: [
    { id: '11', name: 'Submit for approval', from: ['Planning'], to: 'Awaiting approval' },
    { id: '21', name: 'Approve', from: ['Awaiting approval'], to: 'Awaiting implementation', byApprovalOnly: true },
    { id: '31', name: 'Decline', from: ['Awaiting approval'], to: 'Declined', byApprovalOnly: true },
    { id: '41', name: 'Pre-approved standard change', from: ['Planning'], to: 'Awaiting implementation', onlyStandard: true },
    { id: '51', name: 'Start implementation', from: ['Awaiting implementation'], to: 'Implementing' },
    { id: '61', name: 'Complete', from: ['Implementing'], to: 'Completed' },
    { id: '71', name: 'Mark as failed', from: ['Implementing'], to: 'Failed' },
    { id: '81', name: 'Cancel', from: ['Planning', 'Awaiting approval', 'Awaiting implementation'], to: 'Canceled' },
  ],
  approvals: [
    { status: 'Awaiting approval', name: 'Change approval', approvalsNeeded: 1, approveTransitionId: '21', declineTransitionId: '31' },
  ],
  resolutions: { Completed: 'Done', Failed: 'Done', Canceled: "Won't Do", Declined: "Won't Do" },
  autoApproveStandardTransitionId: '41',
  // As the incident workflow answers (README); the docs give no text for this case.
  illegalTransitionMessage: (transitionId) => `Transition id '${transitionId}' is not valid for this issue.`,
};

/** The request type of normal and emergency changes (ASSUMPTION: the name is not fixed by any doc, note §1c). */
export const CHANGE_REQUEST_TYPE = { id: '30', name: 'Request a change' } as const;

export interface ChangeDeskOptions {
  /** The change workflow (default DEFAULT_CHANGE_WORKFLOW). */
  workflow?: ChangeWorkflow;
  /**
   * The change approvers of a service (its "Change approvers" in the services registry), by
   * accountId: they pre-populate the Approvers of its changes (note §2: prePopulatedFieldId
   * "Affected services"). Default: the demo's change manager for every service.
   */
  serviceApprovers?: (serviceId: string) => string[];
}
