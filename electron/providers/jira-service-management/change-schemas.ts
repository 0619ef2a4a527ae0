/**
 * Zod schemas of the Jira Service Management answers the change system reads: change
 * issues (platform API v3), approvals (ApprovalDTO), request types with their fields'
 * preset values, and request type properties. Loose objects: unknown keys pass; strict
 * about the fields used. Shapes: /work/notes/jsm-change-api.md §1, §3, §4.
 */
import { z } from 'zod';
import { ChangeRisk } from '../../../shared/domain/change';

const Status = z.looseObject({ name: z.string(), statusCategory: z.looseObject({ key: z.string() }).optional() });

/** A change issue with the fields the change system asks for; custom fields are read by id. */
export const ChangeIssue = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.looseObject({
    summary: z.string(),
    status: Status,
    created: z.string(),
    updated: z.string(),
    labels: z.array(z.string()).optional(),
    description: z.unknown().optional(),
    issuetype: z.looseObject({ id: z.string(), name: z.string().optional() }).nullable().optional(),
  }),
});
export type ChangeIssue = z.infer<typeof ChangeIssue>;

export const ChangeSearchResults = z.looseObject({
  issues: z.array(ChangeIssue),
  nextPageToken: z.string().nullable().optional(),
  isLast: z.boolean().optional(),
});

/** Custom field values as Jira sends them. */
export const OptionValue = z.looseObject({ value: z.string().optional(), id: z.string().optional() }).nullable().optional();
export const ServiceList = z
  .array(z.looseObject({ id: z.string(), name: z.string().optional() }))
  .nullable()
  .optional();
export const RequestTypeValue = z
  .looseObject({ requestType: z.looseObject({ id: z.string(), name: z.string().optional() }).optional() })
  .nullable()
  .optional();

const SdUser = z.looseObject({ accountId: z.string(), displayName: z.string().optional(), emailAddress: z.string().nullable().optional() });
const SdDate = z.looseObject({ epochMillis: z.number(), iso8601: z.string().optional() });
const Decision = z.enum(['approved', 'declined', 'pending']);

export const SdApproval = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  finalDecision: Decision,
  canAnswerApproval: z.boolean().optional(),
  approvers: z.array(z.looseObject({ approver: SdUser, approverDecision: Decision })),
  createdDate: SdDate.optional(),
  completedDate: SdDate.optional(),
});
export type SdApproval = z.infer<typeof SdApproval>;

/** A request type's field, with what a hidden field is preset to (presetValues: strings). */
export const RequestTypeField = z.looseObject({
  fieldId: z.string(),
  name: z.string(),
  required: z.boolean().optional(),
  visible: z.boolean().optional(),
  validValues: z.array(z.looseObject({ value: z.string(), label: z.string() })).optional(),
  presetValues: z.array(z.string()).optional(),
  defaultValues: z.array(z.looseObject({ value: z.string(), label: z.string().optional() })).optional(),
});
export type RequestTypeField = z.infer<typeof RequestTypeField>;

export const RequestTypeForm = z.looseObject({ requestTypeFields: z.array(RequestTypeField) });

export const ChangeRequestType = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  issueTypeId: z.string().optional(),
  portalId: z.string().optional(),
});
export type ChangeRequestType = z.infer<typeof ChangeRequestType>;

/**
 * What the console stores on a request type it creates as a template (the request type
 * property CONSOLE_TEMPLATE_PROPERTY): createRequestType cannot preset fields, so the
 * template's service, risk and plans are kept here.
 */
export const TemplateProperty = z.object({
  version: z.literal(1),
  service: z.object({ id: z.string(), name: z.string() }),
  risk: ChangeRisk,
  scope: z.string(),
  implementationPlan: z.string(),
  backoutPlan: z.string(),
  testPlan: z.string(),
  proposedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  proposedAt: z.string(),
});
export type TemplateProperty = z.infer<typeof TemplateProperty>;

export const EntityProperty = z.looseObject({ key: z.string(), value: z.unknown() });
