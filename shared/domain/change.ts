/**
 * Changes, as the console works with them whatever the change system (ServiceNow Change
 * Management, Jira Service Management): the pre-approved templates a product team keeps
 * for its digital service, and the change requests a deployment pipeline raises, has
 * gated and closes. Providers map each vendor's records into these shapes; the states are
 * ServiceNow's change model, the one incident managers know, and a Jira workflow's
 * statuses are mapped onto them.
 */
import { z } from 'zod';
import { Ref, Timestamp } from './incident';

/** Standard: pre-approved from a template; normal: a change manager approves; emergency: the fix for an incident, approved fast. */
export const ChangeType = z.enum(['standard', 'normal', 'emergency']);
export type ChangeType = z.infer<typeof ChangeType>;

/** ServiceNow's change states, in the order a change moves through them. */
export const ChangeState = z.enum(['new', 'assess', 'authorize', 'scheduled', 'implement', 'review', 'closed', 'canceled']);
export type ChangeState = z.infer<typeof ChangeState>;

export const CHANGE_STATE_LABEL: Record<ChangeState, string> = {
  new: 'New',
  assess: 'Assess',
  authorize: 'Authorize',
  scheduled: 'Scheduled',
  implement: 'Implement',
  review: 'Review',
  closed: 'Closed',
  canceled: 'Canceled',
};

export const ChangeRisk = z.enum(['low', 'moderate', 'high', 'very-high']);
export type ChangeRisk = z.infer<typeof ChangeRisk>;

/** A template's life: proposed by the product team, approved once by a change manager, retired when it no longer applies. */
const TemplateState = z.enum(['proposed', 'approved', 'rejected', 'retired']);
type TemplateState = z.infer<typeof TemplateState>;

/** Where a record lives in the change system: its id there, its number people quote, and a link. */
const VendorRecord = z.object({
  /** "servicenow" or "jira-service-management". */
  system: z.string(),
  id: z.string(),
  number: z.string(),
  url: z.string(),
});
type VendorRecord = z.infer<typeof VendorRecord>;

const ApprovalState = z.enum(['requested', 'approved', 'rejected']);

/** One approver's part: asked, or decided with a comment. */
const ChangeApproval = z.object({
  /** The approver; their email when the change system gives it (how the console knows an approval is mine). */
  approver: Ref.extend({ email: z.string().optional() }),
  state: ApprovalState,
  comment: z.string(),
  decidedAt: Timestamp.nullable(),
});
type ChangeApproval = z.infer<typeof ChangeApproval>;

/** A pre-approved (standard) change template for one digital service. */
export const ChangeTemplate = z.object({
  id: z.string(),
  /** The paging platform's service it covers. */
  service: Ref,
  name: z.string(),
  /** What it covers: the kind of change it pre-approves. */
  scope: z.string(),
  risk: ChangeRisk,
  implementationPlan: z.string(),
  backoutPlan: z.string(),
  testPlan: z.string(),
  state: TemplateState,
  /** Who proposed it and who decided, when known. */
  proposedBy: Ref.nullable(),
  decidedBy: Ref.nullable(),
  /** The change manager's words on a rejection. */
  decisionComment: z.string(),
  /** A proposal's approvers (who it waits for, who decided), when the change system says. */
  approvals: z.array(ChangeApproval).optional(),
  record: VendorRecord.nullable(),
  updatedAt: Timestamp,
});
export type ChangeTemplate = z.infer<typeof ChangeTemplate>;

/** A template as a product team proposes it from the console's form (the change system adds its id and state). */
export const TemplateProposal = z.object({
  service: z.object({
    id: z.string().min(1, 'Choose the service the template is for'),
    name: z.string().min(1, 'Choose the service the template is for'),
  }),
  name: z.string().trim().min(3, 'Name the template (at least 3 characters)').max(100, 'A template name is at most 100 characters'),
  scope: z.string().trim().min(10, 'Say what the template covers (at least 10 characters)').max(4000),
  risk: ChangeRisk,
  implementationPlan: z.string().trim().min(1, 'Write the implementation plan').max(4000),
  backoutPlan: z.string().trim().min(1, 'Write the backout plan').max(4000),
  testPlan: z.string().trim().min(1, 'Write the test plan').max(4000),
});
export type TemplateProposal = z.infer<typeof TemplateProposal>;

/** What a change deploys: the version, its commit and the pipeline run that raised it. */
const ChangeDeployment = z.object({
  version: z.string().min(1),
  commit: z.string().min(1),
  runUrl: z.string().nullable(),
});
type ChangeDeployment = z.infer<typeof ChangeDeployment>;

const CloseCode = z.enum(['successful', 'successful_issues', 'unsuccessful']);
type CloseCode = z.infer<typeof CloseCode>;

export const ChangeRequest = z.object({
  id: z.string(),
  type: ChangeType,
  service: Ref,
  /** The template a standard change was raised from. */
  templateId: z.string().nullable(),
  state: ChangeState,
  /** The state as the change system names it ("Awaiting implementation" in a Jira workflow). */
  vendorState: z.string(),
  shortDescription: z.string(),
  risk: ChangeRisk,
  /** The change as a whole: not yet asked, waiting, approved or rejected. */
  approval: z.enum(['not-requested', 'requested', 'approved', 'rejected']),
  approvals: z.array(ChangeApproval),
  /** The implementation window; null when none is planned. */
  plannedStart: Timestamp.nullable(),
  plannedEnd: Timestamp.nullable(),
  deployment: ChangeDeployment,
  closeCode: CloseCode.nullable(),
  closeNotes: z.string(),
  /** The incident an emergency change fixes, or a failed one caused. */
  incidentId: z.string().nullable(),
  record: VendorRecord,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /**
   * What the change system's conflict check found for the planned window: another change on
   * the same service, a blackout (freeze) or maintenance window, something else. Left out
   * when the details were not read (or the system has no conflict check).
   */
  conflicts: z
    .array(z.object({ kind: z.enum(['change', 'blackout', 'maintenance', 'other']), description: z.string(), with: z.string().nullable() }))
    .optional(),
  /** The last conflict check's outcome, when the change system says. */
  conflictStatus: z.enum(['none', 'conflict', 'not-run']).optional(),
});
export type ChangeRequest = z.infer<typeof ChangeRequest>;

/** True for states a change does not leave. */
export function isFinalChangeState(state: ChangeState): boolean {
  return state === 'closed' || state === 'canceled';
}
