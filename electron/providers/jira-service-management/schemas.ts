/**
 * Zod schemas of the Jira Service Management answers the provider reads: loose objects
 * (unknown keys pass), strict about the fields it uses.
 */
import { z } from 'zod';

export const JiraErrorBody = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
  message: z.string().optional(),
  /** The Service Desk API's ErrorResponse: {"errorMessage", "i18nErrorMessage"}. */
  errorMessage: z.string().optional(),
});

export const JiraUser = z.looseObject({
  accountId: z.string().min(1),
  displayName: z.string().optional(),
  emailAddress: z.string().nullable().optional(),
  timeZone: z.string().optional(),
  active: z.boolean().optional(),
});
export type JiraUser = z.infer<typeof JiraUser>;

export const JiraUserList = z.array(JiraUser);

/** Service Desk's PagedDTO. */
export function pagedDto<T extends z.ZodType>(item: T) {
  return z.looseObject({
    size: z.number().int(),
    start: z.number().int(),
    limit: z.number().int(),
    isLastPage: z.boolean(),
    values: z.array(item),
  });
}

export const ServiceDesk = z.looseObject({
  id: z.string(),
  projectId: z.string(),
  projectKey: z.string(),
  projectName: z.string().optional(),
});
export const RequestType = z.looseObject({ id: z.string(), name: z.string(), issueTypeId: z.string().optional() });
export const RequestTypeFields = z.looseObject({
  requestTypeFields: z.array(
    z.looseObject({
      fieldId: z.string(),
      name: z.string(),
      validValues: z.array(z.looseObject({ value: z.string(), label: z.string() })).optional(),
    }),
  ),
});

export const CustomerRequest = z.looseObject({ issueId: z.string(), issueKey: z.string() });

export const SdComment = z.looseObject({
  id: z.string(),
  body: z.string(),
  public: z.boolean(),
  /** Service Desk's UserDTO; emailAddress is left out when the author's profile hides it. */
  author: z
    .looseObject({ accountId: z.string().optional(), displayName: z.string().optional(), emailAddress: z.string().nullable().optional() })
    .optional(),
  created: z.looseObject({ epochMillis: z.number() }),
});
export type SdComment = z.infer<typeof SdComment>;

export const AssetsWorkspaces = pagedDto(z.looseObject({ workspaceId: z.string() }));

export const AssetsObjectPage = z.looseObject({
  values: z.array(z.looseObject({ id: z.string(), label: z.string(), objectKey: z.string(), workspaceId: z.string().optional() })),
  isLast: z.boolean().optional(),
  total: z.number().optional(),
});

const JiraField = z.looseObject({ id: z.string(), name: z.string(), custom: z.boolean().optional() });
export const JiraFieldList = z.array(JiraField);

const Status = z.looseObject({
  name: z.string(),
  statusCategory: z.looseObject({ key: z.string() }).optional(),
});

/** The fields the provider asks for; custom fields are read from the record by id. */
const IssueFields = z.looseObject({
  summary: z.string(),
  status: Status,
  priority: z.looseObject({ name: z.string() }).nullable().optional(),
  assignee: JiraUser.nullable().optional(),
  labels: z.array(z.string()).optional(),
  updated: z.string(),
  created: z.string().optional(),
});

export const JiraIssue = z.looseObject({ id: z.string(), key: z.string(), fields: IssueFields });
export type JiraIssue = z.infer<typeof JiraIssue>;

export const SearchResults = z.looseObject({
  issues: z.array(JiraIssue),
  nextPageToken: z.string().nullable().optional(),
  isLast: z.boolean().optional(),
});

/** A field on a transition's screen (GET …/transitions?expand=transitions.fields), e.g. resolution with its allowed values. */
const TransitionField = z.looseObject({
  required: z.boolean().optional(),
  allowedValues: z.array(z.looseObject({ id: z.string().optional(), name: z.string().optional() })).optional(),
});

export const Transitions = z.looseObject({
  transitions: z.array(
    z.looseObject({ id: z.string(), name: z.string(), to: Status, fields: z.record(z.string(), TransitionField).optional() }),
  ),
});
export type Transition = z.infer<typeof Transitions>['transitions'][number];

export const ChangelogPage = z.looseObject({
  startAt: z.number().int(),
  maxResults: z.number().int(),
  total: z.number().int().optional(),
  isLast: z.boolean().optional(),
  values: z.array(
    z.looseObject({
      id: z.string(),
      author: z.looseObject({ accountId: z.string().optional(), displayName: z.string().optional() }).optional(),
      created: z.string(),
      items: z.array(
        z.looseObject({
          field: z.string(),
          fieldId: z.string().optional(),
          from: z.string().nullable().optional(),
          fromString: z.string().nullable().optional(),
          to: z.string().nullable().optional(),
          toString: z.string().nullable().optional(),
        }),
      ),
    }),
  ),
});
export type ChangelogEntry = z.infer<typeof ChangelogPage>['values'][number];

/** Answers with no body worth reading (204). */
export const NoContent = z.unknown();

/** Custom field values as Jira sends them. */
export const TeamValue = z
  .union([z.string(), z.looseObject({ id: z.string(), name: z.string().optional(), title: z.string().optional() })])
  .nullable()
  .optional();
export const ServiceValues = z
  .array(z.looseObject({ id: z.string(), name: z.string().optional() }))
  .nullable()
  .optional();
export const AssetValues = z
  .array(z.looseObject({ id: z.string().optional(), objectId: z.string().optional(), workspaceId: z.string().optional() }))
  .nullable()
  .optional();
