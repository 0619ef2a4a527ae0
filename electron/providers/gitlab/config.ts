/**
 * The GitLab provider's configuration and its validation (one line naming the field to
 * fix, never echoing the token), and the token from the environment for headless hosts:
 * `GITLAB_TOKEN` (a project, group or personal access token with the `api` scope, for a
 * user with at least the Developer role), sent in the PRIVATE-TOKEN header.
 */
import { z } from 'zod';
import { checkConfig, fromEnv, httpUrl, lookbackHoursField, nonEmpty, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';

export interface GitLabConfig extends ClientTuning {
  /** The instance URL, e.g. https://gitlab.com or https://gitlab.acme.example (the API is under /api/v4), or a simulator. */
  baseUrl: string;
  token: string;
  /** How far back findRunByKey looks, default 24 hours. */
  lookbackHours?: number;
  /** How many recent pipelines findRunByKey reads the variables of, default 20. */
  findScanLimit?: number;
}

const ConfigData = z.object({
  baseUrl: httpUrl('baseUrl', 'https://gitlab.com'),
  token: nonEmpty('token (GITLAB_TOKEN)'),
  ...tuningFields,
  lookbackHours: lookbackHoursField,
  findScanLimit: z.number().int().min(1).max(100, 'findScanLimit must be between 1 and 100').optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateGitLabConfig(config: GitLabConfig): void {
  checkConfig('GitLab', ConfigData, config);
}

/** The token from GITLAB_TOKEN, or null when it is not set. */
export function gitLabTokenFromEnv(env: Record<string, string | undefined>): string | null {
  return fromEnv(env, 'GITLAB_TOKEN');
}
