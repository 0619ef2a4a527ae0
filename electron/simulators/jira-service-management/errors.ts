/**
 * Jira's error responses: `{"errorMessages": [...], "errors": {field: message}}` with the
 * status each failure gets, in one place so every route answers alike.
 */

export interface JiraErrorBody {
  errorMessages: string[];
  errors: Record<string, string>;
}

/** An error a route throws; the server turns it into the status and body. */
export class JiraApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: JiraErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.errorMessages[0] ?? Object.values(body.errors)[0] ?? `HTTP ${status}`);
    this.name = 'JiraApiError';
  }
}

/** Characters (UTF-16 code units, as Java counts them) a comment or description may hold. */
export const TEXT_LIMIT = 32_767;

const body = (errorMessages: string[], errors: Record<string, string> = {}): JiraErrorBody => ({ errorMessages, errors });

export const jiraErrors = {
  issueNotFound: () => new JiraApiError(404, body(['Issue does not exist or you do not have permission to see it.'])),
  notFound: (what: string) => new JiraApiError(404, body([what])),
  badRequest: (messages: string[], errors: Record<string, string> = {}) => new JiraApiError(400, body(messages, errors)),
  fieldErrors: (errors: Record<string, string>) => new JiraApiError(400, body([], errors)),
  invalidTransition: (transitionId: string) =>
    new JiraApiError(400, body([`Transition id '${transitionId}' is not valid for this issue.`])),
  cannotEdit: () => new JiraApiError(403, body(['You do not have permission to edit this issue.'])),
  cannotTransition: () => new JiraApiError(403, body(['You do not have permission to transition this issue.'])),
  cannotComment: () => new JiraApiError(403, body(['You do not have permission to comment on this issue.'])),
  notEditable: (statusName: string) =>
    new JiraApiError(400, body([`This issue can't be edited because it's in a status (${statusName}) that doesn't allow editing.`])),
  searchRemoved: () =>
    new JiraApiError(
      410,
      body([
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ]),
    ),
  /** Jira's limit on multi-line text (jira.text.field.character.limit), as Jira Cloud answers a longer comment. */
  textTooLong: (field: string) =>
    new JiraApiError(400, body([], { [field]: 'The entered text is too long. It exceeds the allowed limit of 32,767 characters.' })),
  rateLimited: () => new JiraApiError(429, body(['Rate limit exceeded.'])),
  methodNotAllowed: () => new JiraApiError(405, body(['Method Not Allowed'])),
  internal: () => new JiraApiError(500, body(['Internal server error'])),
};
