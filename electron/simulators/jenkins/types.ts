/**
 * The Jenkins simulator's vocabulary: its options, the jobs it holds (each declaring its
 * build parameters), and the request log.
 */
import type { RunTiming } from '../github/types';

export type { RecordedRequest, RunTiming, RunConclusion } from '../github/types';

export interface JobParameter {
  name: string;
  type: 'string' | 'text' | 'choice' | 'boolean' | 'password';
  description?: string;
  /** The default value (choice: the first choice; boolean: "false"; others: ""). */
  defaultValue?: string;
  /** For choice parameters. */
  choices?: string[];
}

export interface JobDefinition {
  /** The job's full name; folders separated by "/", e.g. network/dns-change. */
  fullName: string;
  description?: string;
  parameters: JobParameter[];
}

export interface JenkinsUser {
  user: string;
  apiToken: string;
}

export interface JenkinsSimulatorOptions {
  port?: number;
  /** Default the demo job dns-change. */
  jobs?: JobDefinition[];
  /** When set, only these user + API token pairs are accepted (others get 401); otherwise any Basic credential works. */
  validUsers?: JenkinsUser[];
  /**
   * CSRF protection (default on): POSTs need the `Jenkins-Crumb` header from
   * `GET /crumbIssuer/api/json`; off, the crumb issuer answers 404. (A real Jenkins 2.96+
   * exempts API-token requests; the simulator is stricter so a client that sends the crumb works on both.)
   */
  csrfProtection?: boolean;
  timing?: Partial<RunTiming>;
  /** How long a queue item stays readable after it left the queue, default 300,000 ms (Jenkins keeps them about 5 minutes). */
  queueItemTtlMs?: number;
  now?: () => number;
}
