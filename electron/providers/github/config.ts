/**
 * The GitHub Actions provider's configuration and its validation (one line naming the
 * field to fix, never echoing the token), and the token from the environment for
 * headless hosts: `GITHUB_TOKEN` (a fine-grained token with Actions: read and write on
 * the catalogue's repositories, or a classic token with the repo scope).
 */
import { z } from 'zod';

export const GITHUB_API_URL = 'https://api.github.com';

interface GitHubRequestInfo {
  method: string;
  /** The path without origin or query, e.g. /repos/acme/db-ops/actions/runs/1. */
  path: string;
  status: number | 'network-error';
  durationMs: number;
}

export interface GitHubActionsConfig {
  /** REST API base URL: https://api.github.com, https://HOST/api/v3 (GitHub Enterprise Server), or a simulator. */
  baseUrl?: string;
  token: string;
  /** Per request, default 10,000 ms. */
  timeoutMs?: number;
  /** Retries of transient failures (network, 5xx, rate limits), default 4. */
  maxRetries?: number;
  /** How far back findRunByKey looks for a run carrying the key, default 24 hours. */
  lookbackHours?: number;
  /** When a dispatch answers 204 without run details (older GitHub Enterprise Server): how many times to look for the run, default 5. */
  findAfterDispatchAttempts?: number;
  /** Longest single retry wait, whatever the server hinted, default 60,000 ms. */
  maxRetryWaitMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Called after every HTTP exchange, for metrics; carries no headers or secrets. */
  onRequest?: (info: GitHubRequestInfo) => void;
}

const ConfigData = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as https://api.github.com' }).optional(),
  token: z.string({ error: 'token (GITHUB_TOKEN) is required' }).trim().min(1, 'token (GITHUB_TOKEN) is empty'),
  timeoutMs: z.number().int().positive('timeoutMs must be a positive number of milliseconds').optional(),
  maxRetries: z.number().int().min(0, 'maxRetries must be 0 or more').max(10, 'maxRetries must be 10 or fewer').optional(),
  lookbackHours: z
    .number()
    .positive('lookbackHours must be more than 0')
    .max(24 * 30, 'lookbackHours must be at most 720')
    .optional(),
  findAfterDispatchAttempts: z.number().int().min(0).max(30, 'findAfterDispatchAttempts must be at most 30').optional(),
  maxRetryWaitMs: z.number().int().min(0).optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateGitHubConfig(config: GitHubActionsConfig): void {
  const { fetch: _f, sleep: _s, random: _r, now: _n, onRequest: _o, ...data } = config;
  const result = ConfigData.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new Error(`GitHub configuration is invalid: ${problems.join('; ')}`);
  }
}

/** The token from GITHUB_TOKEN, or null when it is not set. */
export function gitHubTokenFromEnv(env: Record<string, string | undefined>): string | null {
  const token = env.GITHUB_TOKEN?.trim();
  return token ? token : null;
}
