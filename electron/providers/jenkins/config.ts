/**
 * The Jenkins provider's configuration and its validation (one line naming the field to
 * fix, never echoing the token), and credentials from the environment for headless
 * hosts: `JENKINS_USER` + `JENKINS_API_TOKEN` (an API token from the user's
 * Security page, sent with HTTP Basic auth).
 */
import { z } from 'zod';

interface JenkinsRequestInfo {
  method: string;
  path: string;
  status: number | 'network-error';
  durationMs: number;
}

export interface JenkinsConfig {
  /** The Jenkins root URL, e.g. https://jenkins.acme.example, or a simulator. */
  baseUrl: string;
  user: string;
  apiToken: string;
  /** Per request, default 10,000 ms. */
  timeoutMs?: number;
  /** Retries of transient failures, default 4. */
  maxRetries?: number;
  /** How many recent builds findRunByKey and getRun read, default 50. */
  recentBuilds?: number;
  maxRetryWaitMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRequest?: (info: JenkinsRequestInfo) => void;
}

const nonEmpty = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is empty`);

const ConfigData = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as https://jenkins.acme.example' }),
  user: nonEmpty('user (JENKINS_USER)'),
  apiToken: nonEmpty('apiToken (JENKINS_API_TOKEN)'),
  timeoutMs: z.number().int().positive('timeoutMs must be a positive number of milliseconds').optional(),
  maxRetries: z.number().int().min(0, 'maxRetries must be 0 or more').max(10, 'maxRetries must be 10 or fewer').optional(),
  recentBuilds: z.number().int().min(1).max(500, 'recentBuilds must be between 1 and 500').optional(),
  maxRetryWaitMs: z.number().int().min(0).optional(),
});

/** Throws an Error naming the wrong field when the configuration's data is invalid. */
export function validateJenkinsConfig(config: JenkinsConfig): void {
  const { fetch: _f, sleep: _s, random: _r, now: _n, onRequest: _o, ...data } = config;
  const result = ConfigData.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new Error(`Jenkins configuration is invalid: ${problems.join('; ')}`);
  }
}

/** Credentials from JENKINS_USER and JENKINS_API_TOKEN, or null when neither is set; throws when only one is. */
export function jenkinsCredentialsFromEnv(env: Record<string, string | undefined>): { user: string; apiToken: string } | null {
  const user = env.JENKINS_USER?.trim();
  const apiToken = env.JENKINS_API_TOKEN?.trim();
  if (!user && !apiToken) return null;
  if (!user) throw new Error('JENKINS_API_TOKEN is set but JENKINS_USER is not: set both (the token belongs to that user)');
  if (!apiToken) throw new Error("JENKINS_USER is set but JENKINS_API_TOKEN is not: set both (create a token on the user's Security page)");
  return { user, apiToken };
}
