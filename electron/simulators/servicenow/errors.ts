/**
 * ServiceNow's REST error responses: `{"error":{"message","detail"},"status":"failure"}`
 * with the status each failure gets, in one place so every route answers alike.
 */

export interface ServiceNowErrorBody {
  error: { message: string; detail: string | null };
  status: 'failure';
}

/** An error a route throws; the server turns it into the status, body and headers. */
export class SnApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ServiceNowErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.error.message);
    this.name = 'SnApiError';
  }
}

function body(message: string, detail: string | null): ServiceNowErrorBody {
  return { error: { message, detail }, status: 'failure' };
}

export const snErrors = {
  unauthenticated: () => new SnApiError(401, body('User Not Authenticated', 'Required to provide Auth information')),
  notFound: () => new SnApiError(404, body('No Record found', "Record doesn't exist or ACL restricts the record retrieval")),
  invalidTable: (table: string) => new SnApiError(400, body('Invalid table', `Invalid table ${table}`)),
  invalidQuery: (detail: string) => new SnApiError(400, body('Invalid query', detail)),
  badRequest: (message: string, detail: string | null) => new SnApiError(400, body(message, detail)),
  aclRefused: () => new SnApiError(403, body('Operation Failed', 'ACL Exception Update Failed due to security constraints')),
  dataPolicy: (labels: string[]) =>
    new SnApiError(403, body('Operation Failed', `Data Policy Exception: \n\tThe following fields are mandatory: ${labels.join(', ')}\n`)),
  invalidTransition: (from: string, to: string) =>
    new SnApiError(403, body('Operation Failed', `Invalid state transition: the incident state model does not allow ${to} from ${from}`)),
  rateLimited: (limit: number, headers: Record<string, string>) =>
    new SnApiError(429, body('Rate limit exceeded', `Rate limit of ${limit} requests per hour for Table API exceeded`), headers),
  methodNotAllowed: () => new SnApiError(405, body('Method not Supported', 'Method not supported for this API')),
  invalidPath: (path: string) =>
    new SnApiError(400, body('Requested URI does not represent any resource', `Requested URI does not represent any resource: ${path}`)),
  internal: () => new SnApiError(500, body('Internal server error', null)),
};
