/**
 * What every provider client's retry loop works with: a failure worth trying again
 * (network, timeout, 429, 5xx, a malformed body), and the JSON-and-zod reading of a
 * response body that turns a bad body into one.
 */
import type { z } from 'zod';

export class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    /** How long the server asked us to wait (Retry-After, ratelimit-reset), in ms. */
    readonly hintMs: number | null,
    /** True when the server certainly did not act on the request (429). */
    readonly notProcessed: boolean,
  ) {
    super(message);
  }
}

/**
 * Parses a response body as JSON and validates it. `subject` names the call in messages,
 * e.g. "PagerDuty GET /incidents"; an empty body reads as `empty` (default {}).
 */
export function parseJsonBody<S extends z.ZodType>(
  schema: S,
  subject: string,
  status: number,
  text: string,
  empty: unknown = {},
): z.output<S> {
  let json: unknown;
  try {
    json = text === '' ? empty : JSON.parse(text);
  } catch {
    throw new RetryableFailure(
      `${subject} answered ${status} with a body that is not JSON (starts ${JSON.stringify(text.slice(0, 40))})`,
      status,
      null,
      false,
    );
  }
  return checkBody(schema, subject, status, json);
}

/** A parsed body validated with `schema`; one that does not fit is a RetryableFailure naming its first three problems. */
export function checkBody<S extends z.ZodType>(schema: S, subject: string, status: number, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new RetryableFailure(`${subject} answered ${status} with an unexpected body: ${issues}`, status, null, false);
  }
  return parsed.data;
}

/** A text body (a job's log) checked with `schema`; a body that does not fit is a RetryableFailure that says what came. */
export function parseTextBody<S extends z.ZodType>(schema: S, subject: string, status: number, text: string): z.output<S> {
  const parsed = schema.safeParse(text);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RetryableFailure(
      `${subject} answered ${status} with an unexpected body: ${issue?.message ?? 'not the text expected'} (starts ${JSON.stringify(text.slice(0, 40))})`,
      status,
      null,
      false,
    );
  }
  return parsed.data;
}
