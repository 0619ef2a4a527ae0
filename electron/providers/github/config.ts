/**
 * The GitHub Actions provider's configuration and its validation (one line naming the
 * field to fix, never echoing the token), and the token from the environment for
 * headless hosts: `GITHUB_TOKEN` (a fine-grained token with Actions: read and write on
 * the catalogue's repositories, or a classic token with the repo scope).
 */
import { z } from 'zod';
import { checkConfig, fromEnv, httpUrl, lookbackHoursField, nonEmpty, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';

export const GITHUB_API_URL = 'https://api.github.com';

export interface GitHubActionsConfig extends ClientTuning {
  /** REST API base URL: https://api.github.com, https://HOST/api/v3 (GitHub Enterprise Server), or a simulator. */
  baseUrl?: string;
  token: string;
  /** How far back findRunByKey looks for a run carrying the key, default 24 hours. */
  lookbackHours?: number;
  /** When a dispatch answers 204 without run details (older GitHub Enterprise Server): how many times to look for the run, default 5. */
  findAfterDispatchAttempts?: number;
}

const ConfigData = z.object({
  baseUrl: httpUrl('baseUrl', GITHUB_API_URL).optional(),
  token: nonEmpty('token (GITHUB_TOKEN)'),
  ...tuningFields,
  lookbackHours: lookbackHoursField,
  findAfterDispatchAttempts: z.number().int().min(0).max(30, 'findAfterDispatchAttempts must be at most 30').optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateGitHubConfig(config: GitHubActionsConfig): void {
  checkConfig('GitHub', ConfigData, config);
}

/** The token from GITHUB_TOKEN, or null when it is not set. */
export function gitHubTokenFromEnv(env: Record<string, string | undefined>): string | null {
  return fromEnv(env, 'GITHUB_TOKEN');
}
