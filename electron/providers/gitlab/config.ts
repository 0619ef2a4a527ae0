/**
 * The GitLab provider's configuration and its validation (one line naming the field to
 * fix, never echoing the token), and the token from the environment for headless hosts:
 * `GITLAB_TOKEN` (a project, group or personal access token with the `api` scope, for a
 * user with at least the Developer role), sent in the PRIVATE-TOKEN header.
 */
import { z } from 'zod';

interface GitLabRequestInfo {
  method: string;
  path: string;
  status: number | 'network-error';
  durationMs: number;
}

export interface GitLabConfig {
  /** The instance URL, e.g. https://gitlab.com or https://gitlab.acme.example (the API is under /api/v4), or a simulator. */
  baseUrl: string;
  token: string;
  /** Per request, default 10,000 ms. */
  timeoutMs?: number;
  /** Retries of transient failures, default 4. */
  maxRetries?: number;
  /** How far back findRunByKey looks, default 24 hours. */
  lookbackHours?: number;
  /** How many recent pipelines findRunByKey reads the variables of, default 20. */
  findScanLimit?: number;
  maxRetryWaitMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRequest?: (info: GitLabRequestInfo) => void;
}

const ConfigData = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as https://gitlab.com' }),
  token: z.string({ error: 'token (GITLAB_TOKEN) is required' }).trim().min(1, 'token (GITLAB_TOKEN) is empty'),
  timeoutMs: z.number().int().positive('timeoutMs must be a positive number of milliseconds').optional(),
  maxRetries: z.number().int().min(0, 'maxRetries must be 0 or more').max(10, 'maxRetries must be 10 or fewer').optional(),
  lookbackHours: z
    .number()
    .positive('lookbackHours must be more than 0')
    .max(24 * 30, 'lookbackHours must be at most 720')
    .optional(),
  findScanLimit: z.number().int().min(1).max(100, 'findScanLimit must be between 1 and 100').optional(),
  maxRetryWaitMs: z.number().int().min(0).optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateGitLabConfig(config: GitLabConfig): void {
  const { fetch: _f, sleep: _s, random: _r, now: _n, onRequest: _o, ...data } = config;
  const result = ConfigData.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new Error(`GitLab configuration is invalid: ${problems.join('; ')}`);
  }
}

/** The token from GITLAB_TOKEN, or null when it is not set. */
export function gitLabTokenFromEnv(env: Record<string, string | undefined>): string | null {
  const token = env.GITLAB_TOKEN?.trim();
  return token ? token : null;
}
