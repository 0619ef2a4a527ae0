/**
 * The parts of a vendor connection's configuration that every provider shares: the zod
 * fields of its request tuning (ClientTuning in transport.ts), the checks its own fields
 * are made of (a URL, a required secret), and the validation that reports a mistake as one
 * line naming the fields to fix (never echoing a secret).
 */
import { z } from 'zod';

/** The data fields of ClientTuning (its functions are not validated). */
export const tuningFields = {
  timeoutMs: z.number().int().positive('timeoutMs must be a positive number of milliseconds').optional(),
  maxRetries: z.number().int().min(0, 'maxRetries must be 0 or more').max(10, 'maxRetries must be 10 or fewer').optional(),
  maxRetryWaitMs: z.number().int().min(0).optional(),
};

/** How far back a pipeline provider's findRunByKey looks for a run carrying the key (GitHub, GitLab), default 24 hours. */
export const lookbackHoursField = z
  .number()
  .positive('lookbackHours must be more than 0')
  .max(24 * 30, 'lookbackHours must be at most 720')
  .optional();

/** A required string that is not blank: "<what> is required" / "<what> is empty". */
export function nonEmpty(what: string) {
  return z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is empty`);
}

/** An http(s) URL, e.g. httpUrl('baseUrl', 'https://gitlab.com'). */
export function httpUrl(field: string, example: string) {
  return z.url({ protocol: /^https?$/, error: `${field} must be an http(s) URL such as ${example}` });
}

/** An environment variable, trimmed (credentials for headless hosts); null when it is not set or blank. */
export function fromEnv(env: Record<string, string | undefined>, name: string): string | null {
  return env[name]?.trim() || null;
}

/** Throws "<vendor> configuration is invalid: <field>: <problem>; ..." when the configuration's data does not fit `schema`. */
export function checkConfig(vendor: string, schema: z.ZodType, config: object): void {
  // Fields the schema does not name (fetch, sleep, onRequest and the other functions) are left out of the check.
  const result = schema.safeParse(config);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new Error(`${vendor} configuration is invalid: ${problems.join('; ')}`);
  }
}
