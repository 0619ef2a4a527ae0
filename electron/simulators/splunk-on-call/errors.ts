/**
 * Splunk On-Call's error answers in one place. The SPEC declares the statuses (400, 401
 * "Authentication parameters missing", 403 "Authentication failed or rate-limit reached",
 * 404 "Path not found" / "Team not found" / "User not found", 500) but no error body. The
 * one real body on record is a rate-limit refusal, {"message":"Too Many Requests"} (the
 * research note's S11), so every error here is a {"message": ...} object carrying the SPEC's
 * own description, and an auth failure never says "Too Many Requests" (a client tells the
 * two 403s apart by the message).
 */

interface VictorOpsErrorBody {
  message: string;
}

/** An error a route throws; the server turns it into the status and body. */
export class VoApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: VictorOpsErrorBody,
  ) {
    super(body.message);
    this.name = 'VoApiError';
  }
}

const error = (status: number, message: string) => new VoApiError(status, { message });

const RATE_LIMIT_MESSAGE = 'Too Many Requests';

export const voErrors = {
  /** One of X-VO-Api-Id / X-VO-Api-Key is missing. */
  credentialsMissing: () => error(401, 'Authentication parameters missing'),
  /** The pair is not one the org issued. */
  authenticationFailed: () => error(403, 'Authentication failed'),
  /** A read-only key on a write (S7: "Read-only" keys can perform only GET requests). The wording is not documented. */
  readOnlyKey: () => error(403, 'Authentication failed: this API key is read-only'),
  rateLimited: (status: 403 | 429) => error(status, RATE_LIMIT_MESSAGE),
  badRequest: (message: string) => error(400, message),
  pathNotFound: () => error(404, 'Path not found'),
  teamNotFound: () => error(404, 'Team not found'),
  userNotFound: () => error(404, 'User not found'),
  /** GET /alerts/{uuid} with an unknown uuid (the SPEC points its 404 at "User not found", a copy slip). */
  alertNotFound: () => error(404, 'Alert not found'),
  internal: () => error(500, 'Internal Server Error'),
};
