/**
 * PagerDuty's REST v2 error responses: the status and the {"error":{message, code,
 * errors}} body each failure gets, in one place so every route answers alike.
 */

export interface PagerDutyErrorBody {
  error: { message: string; code: number; errors?: string[] };
}

/** An error a route throws; the server turns it into the status and body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: PagerDutyErrorBody,
  ) {
    super(body.error.message);
    this.name = 'ApiError';
  }
}

export const errors = {
  unauthorized: () => new ApiError(401, { error: { message: 'Unauthorized', code: 2006 } }),
  notFound: () => new ApiError(404, { error: { message: 'Not Found', code: 2100 } }),
  forbidden: (details: string[]) => new ApiError(403, { error: { message: 'Access Denied', code: 2010, errors: details } }),
  rateLimited: () => new ApiError(429, { error: { message: 'Rate Limit Exceeded', code: 2020 } }),
  invalidInput: (details: string[]) => new ApiError(400, { error: { message: 'Invalid Input Provided', code: 2001, errors: details } }),
  invalidDateRange: (details: string[]) =>
    new ApiError(400, { error: { message: "Invalid 'since' or 'until' Parameter Values", code: 2004, errors: details } }),
  fromHeaderMissing: () =>
    new ApiError(400, {
      error: { message: 'You must specify a user\'s email address in the "From" header to perform this action', code: 2016 },
    }),
  requesterNotFound: () =>
    new ApiError(400, {
      error: {
        message: 'Requester User Not Found',
        code: 1008,
        errors: ['The email address in the "From" header does not belong to a user of this account'],
      },
    }),
  alreadyResolved: (ids: string[]) =>
    new ApiError(400, {
      error: { message: 'Incident Already Resolved', code: 2001, errors: ids.map((id) => `Incident ${id} is already resolved`) },
    }),
  tooLarge: (details: string[]) => new ApiError(413, { error: { message: 'Request Entity Too Large', code: 2001, errors: details } }),
  methodNotAllowed: () => new ApiError(405, { error: { message: 'Method Not Allowed', code: 2100 } }),
  internal: () => new ApiError(500, { error: { message: 'Internal Server Error', code: 2000 } }),
};
