/**
 * The Jenkins provider's configuration and its validation (one line naming the field to
 * fix, never echoing the token), and credentials from the environment for headless
 * hosts: `JENKINS_USER` + `JENKINS_API_TOKEN` (an API token from the user's
 * Security page, sent with HTTP Basic auth).
 */
import { z } from 'zod';
import { checkConfig, fromEnv, httpUrl, nonEmpty, tuningFields } from '../http/client-config';
import type { ClientTuning } from '../http/transport';

export interface JenkinsConfig extends ClientTuning {
  /** The Jenkins root URL, e.g. https://jenkins.acme.example, or a simulator. */
  baseUrl: string;
  user: string;
  apiToken: string;
  /** How many recent builds findRunByKey and getRun read, default 50. */
  recentBuilds?: number;
}

const ConfigData = z.object({
  baseUrl: httpUrl('baseUrl', 'https://jenkins.acme.example'),
  user: nonEmpty('user (JENKINS_USER)'),
  apiToken: nonEmpty('apiToken (JENKINS_API_TOKEN)'),
  ...tuningFields,
  recentBuilds: z.number().int().min(1).max(500, 'recentBuilds must be between 1 and 500').optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateJenkinsConfig(config: JenkinsConfig): void {
  checkConfig('Jenkins', ConfigData, config);
}

/** Credentials from JENKINS_USER and JENKINS_API_TOKEN, or null when neither is set; throws when only one is. */
export function jenkinsCredentialsFromEnv(env: Record<string, string | undefined>): { user: string; apiToken: string } | null {
  const user = fromEnv(env, 'JENKINS_USER');
  const apiToken = fromEnv(env, 'JENKINS_API_TOKEN');
  if (!user && !apiToken) return null;
  if (!user) throw new Error('JENKINS_API_TOKEN is set but JENKINS_USER is not: set both (the token belongs to that user)');
  if (!apiToken) throw new Error("JENKINS_USER is set but JENKINS_API_TOKEN is not: set both (create a token on the user's Security page)");
  return { user, apiToken };
}
