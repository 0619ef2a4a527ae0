/**
 * The workspace file: which paging platforms the console watches and how (YAML, no secrets).
 *
 * Parsing is strict (unknown keys are errors) and every problem is reported as
 * `file:line:column: path: what to fix`, so a typo points straight at the offending line.
 * Secrets never live in the file: headless hosts read them from the environment.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { byPosition, describeZodIssues, formatPath, formatProblem, parseYamlWithPositions, type YamlProblem } from './yaml-locate';

export { suggest } from './yaml-locate';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const idList = z.array(z.string().trim().min(1));

const PagingScope = z.strictObject({
  /** Only incidents of these teams; empty = no team filter. */
  teamIds: idList.default([]),
  /** Only incidents of these services; empty = no service filter. */
  serviceIds: idList.default([]),
  /** Only incidents assigned to the token's owner. */
  assignedToMe: z.boolean().default(false),
});

const httpUrl = z
  .string()
  .trim()
  .refine(isHttpUrl, 'must be an http(s) URL')
  .transform((url) => url.replace(/\/+$/, ''));

/** The name of an environment variable that holds a secret (never the secret: it stays out of the file). */
const SecretVariableName = z
  .string()
  .trim()
  .superRefine((name, context) => {
    if (/^(?=.*\d)(?=.*[a-z])[a-z0-9]{32}$/.test(name))
      context.addIssue({
        code: 'custom',
        message:
          'looks like an integration key: secrets never go in the workspace file; put the key in an environment variable and name the variable here',
      });
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      context.addIssue({
        code: 'custom',
        message: 'must be the name of an environment variable that holds the integration key, e.g. PAGERDUTY_ROUTING_KEY_PAYMENTS',
      });
  });

/**
 * PagerDuty change events sent by `change open|close` (optional, under `paging`): where the
 * Events API is and which environment variable holds each service's integration key. A
 * single-service pipeline needs none of it: PAGERDUTY_CHANGE_ROUTING_KEY holds its key.
 */
const ChangeEventSettings = z.strictObject({
  /** Default from paging.baseUrl: https://events.pagerduty.com beside api.pagerduty.com (events.eu. beside api.eu.), else the same server. */
  eventsUrl: httpUrl.optional(),
  /** The service (as `--service` names it) -> the environment variable holding its Events API v2 integration key. */
  routingKeyVariables: z.record(z.string().trim().min(1, 'a service name is empty'), SecretVariableName).default({}),
});

const PagingSettings = z.strictObject({
  provider: z.literal('pagerduty'),
  baseUrl: z
    .string()
    .trim()
    .refine(isHttpUrl, 'must be an http(s) URL')
    .transform((url) => url.replace(/\/+$/, '')),
  scope: PagingScope.prefault({}),
  pollIntervalSeconds: z.number().int().min(2).max(300).default(5),
  reconcileMinutes: z.number().int().min(1).max(1440).default(10),
  requestTimeoutSeconds: z.number().int().min(1).max(120).default(10),
  changeEvents: ChangeEventSettings.optional(),
});

/**
 * A Splunk On-Call (formerly VictorOps) organisation beside PagerDuty in the same queue. Its
 * incidents are polled as often as PagerDuty's (one poll interval for every platform).
 */
const SplunkOnCallPagingSettings = z.strictObject({
  provider: z.literal('splunk-on-call'),
  /** The public API's host; a simulator's URL in tests and the demo. */
  apiUrl: httpUrl.default('https://api.victorops.com'),
  /** The organisation's slug in the web app's URLs (portal.victorops.com/ui/<slug>/...); without it incidents have no link. */
  orgSlug: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]+$/, 'must be the organisation slug from the web app URL (portal.victorops.com/ui/<slug>/...)')
    .optional(),
  requestTimeoutSeconds: z.number().int().min(1).max(120).default(10),
});
type SplunkOnCallPagingSettings = z.infer<typeof SplunkOnCallPagingSettings>;

const PAGING_PROVIDERS = ['pagerduty', 'splunk-on-call'];

/**
 * `paging` as a list: several platforms in one queue. PagerDuty comes first (the console acts
 * as its user and reads the on-call panel's incident managers there); each platform at most once.
 */
const PagingPlatformList = z
  .array(
    z.discriminatedUnion('provider', [PagingSettings, SplunkOnCallPagingSettings], {
      error: `provider must be one of: ${PAGING_PROVIDERS.map((name) => `"${name}"`).join(', ')}`,
    }),
  )
  .superRefine((platforms, context) => {
    if (platforms.length === 0) context.addIssue({ code: 'custom', message: 'name at least the PagerDuty platform' });
    platforms.forEach((platform, index) => {
      if (index === 0 && platform.provider !== 'pagerduty')
        context.addIssue({
          code: 'custom',
          path: [0, 'provider'],
          message: `the first platform must be PagerDuty for now (got "${platform.provider}"): list the pagerduty platform first`,
        });
      else if (platforms.findIndex((other) => other.provider === platform.provider) < index)
        context.addIssue({
          code: 'custom',
          path: [index, 'provider'],
          message: `"${platform.provider}" is named twice: each platform at most once`,
        });
    });
  });

/** Who the organisation's incident managers are, for the on-call panel (optional). */
const IncidentManagers = z.strictObject({
  /** The incident managers' escalation policies (PagerDuty ids). */
  escalationPolicyIds: idList.default([]),
});

/** Where a PagerDuty service's tickets go in the ticketing system (the system's own ids). */
const ServiceMappingEntry = z.strictObject({
  pagerDutyServiceId: z.string().trim().min(1),
  assignmentGroup: z.string().trim().min(1).nullable().default(null),
  businessService: z.string().trim().min(1).nullable().default(null),
  configurationItem: z.string().trim().min(1).nullable().default(null),
});

const ServiceNowSettings = z.strictObject({
  provider: z.literal('servicenow'),
  instanceUrl: httpUrl,
  /** Close code set when resolving (default "Solution provided"). */
  closeCode: z.string().trim().min(1).optional(),
  /** The Service Catalog item ordered for the catalogue's specialist requests (default "Ask a specialist team"). */
  specialistCatalogItem: z.string().trim().min(1).optional(),
  mapping: z.array(ServiceMappingEntry).default([]),
  pollIntervalSeconds: z.number().int().min(2).max(300).default(10),
});

const JiraServiceManagementSettings = z.strictObject({
  provider: z.literal('jira-service-management'),
  siteUrl: httpUrl,
  projectKey: z.string().trim().min(1).optional(),
  serviceDeskId: z.string().trim().min(1).optional(),
  requestTypeName: z.string().trim().min(1).optional(),
  /** The request type of the catalogue's specialist requests (default "Ask a specialist team"). */
  specialistRequestType: z.string().trim().min(1).optional(),
  mapping: z.array(ServiceMappingEntry).default([]),
  pollIntervalSeconds: z.number().int().min(2).max(300).default(10),
});

const TicketingSettings = z.discriminatedUnion('provider', [ServiceNowSettings, JiraServiceManagementSettings], {
  error: 'ticketing.provider must be "servicenow" or "jira-service-management"',
});
export type TicketingSettings = z.infer<typeof TicketingSettings>;

/** Whether this host runs the automations (also `serve --automations`). */
const AutomationSettings = z.strictObject({
  enabled: z.boolean().default(false),
  /** Incidents older than this when first seen get no ticket (no mass backfill). */
  backfillHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
});

/** Where a service's code lives: a GitHub repository (owner/name) or a GitLab project (its full path). */
const DeliveryRepository = z.discriminatedUnion(
  'provider',
  [
    z.strictObject({
      provider: z.literal('github'),
      name: z
        .string()
        .trim()
        .regex(/^[\w.-]+\/[\w.-]+$/, 'a GitHub repository is OWNER/NAME, e.g. acme/payments-api'),
    }),
    z.strictObject({
      provider: z.literal('gitlab'),
      name: z
        .string()
        .trim()
        .regex(/^[\w.-]+(\/[\w.-]+)+$/, 'a GitLab project is its full path, e.g. payments/platform/payments-api'),
    }),
  ],
  { error: 'repository.provider must be "github" or "gitlab"' },
);

/**
 * One digital service's delivery: the paging platform's service (by name, as the change
 * system names it too), the other names the paging platforms give it (a Splunk On-Call
 * routing key, a PagerDuty service named otherwise), its repository, the Jenkins job that
 * deploys it (when Jenkins does), its environments in promotion order and which one is
 * production, and the services it depends on (their changes count in its incidents' "what
 * changed").
 */
const DeliveryService = z
  .strictObject({
    service: z.string().trim().min(1, 'name the service as the paging platform does'),
    pagingNames: z.array(z.string().trim().min(1, 'a paging name cannot be empty')).default([]),
    repository: DeliveryRepository,
    jenkinsJob: z.string().trim().min(1).optional(),
    environments: z.array(z.string().trim().min(1)).min(1, 'list at least the production environment').default(['production']),
    production: z.string().trim().min(1).default('production'),
    dependsOn: z.array(z.string().trim().min(1)).default([]),
  })
  .refine((entry) => entry.environments.includes(entry.production), {
    message: 'production must be one of the environments listed',
    path: ['production'],
  });

/** What runs where and how fast the team delivers (issue 14): the services' repositories and environments. */
const DeliverySettings = z.strictObject({
  services: z
    .array(DeliveryService)
    .min(1, 'map at least one service')
    .superRefine((services, context) => {
      // An incident's service name must lead to one mapped service.
      const seen = new Map<string, string>();
      services.forEach((entry, index) => {
        entry.pagingNames.forEach((name, nameIndex) => {
          const other =
            seen.get(name.toLowerCase()) ?? services.find((candidate) => candidate.service.toLowerCase() === name.toLowerCase())?.service;
          if (other !== undefined && other !== entry.service)
            context.addIssue({
              code: 'custom',
              path: [index, 'pagingNames', nameIndex],
              message: `"${name}" already names ${other}: each paging name leads to one service`,
            });
          seen.set(name.toLowerCase(), entry.service);
        });
      });
    }),
  /** A production deployment followed by an incident on the service within this many hours counts as failed. */
  failureWindowHours: z
    .number()
    .min(1)
    .max(24 * 7)
    .default(24),
  /** How often the delivery sources are read (one cheap request per source when nothing changed). */
  pollIntervalSeconds: z.number().int().min(10).max(3600).default(60),
});

/** The sections after `paging`, the same in a file and in memory. */
const workspaceSections = {
  incidentManagers: IncidentManagers.optional(),
  ticketing: TicketingSettings.optional(),
  automations: AutomationSettings.optional(),
  /** A GitHub connection (its token: GITHUB_TOKEN, or the keychain on the desktop). */
  github: z.strictObject({ apiUrl: httpUrl.default('https://api.github.com') }).optional(),
  /** A GitLab connection for self-service pipelines (its token: GITLAB_TOKEN). */
  gitlab: z.strictObject({ baseUrl: httpUrl }).optional(),
  /** A Jenkins connection for self-service pipelines (JENKINS_USER and JENKINS_API_TOKEN). */
  jenkins: z.strictObject({ baseUrl: httpUrl }).optional(),
  /** The service catalogue: YAML files, one per specialist team, relative to the workspace file (see catalogue/). */
  catalogue: z.strictObject({ files: z.array(z.string().trim().min(1, 'a catalogue file path is empty')).min(1) }).optional(),
  /** Each digital service's repository, deploying pipeline and environments (delivery metrics and auditing). */
  delivery: DeliverySettings.optional(),
};

const workspaceName = z.string().trim().min(1).default('Workspace');

type DeliveryConnections = Pick<z.infer<z.ZodObject<typeof workspaceSections>>, 'delivery' | 'github' | 'gitlab' | 'jenkins'>;

/** A repository is read through the workspace's connection to its host: name it, or the mapping could never be read. */
function checkDeliveryConnections(workspace: DeliveryConnections, context: z.core.$RefinementCtx): void {
  workspace.delivery?.services.forEach((entry, index) => {
    const host = entry.repository.provider;
    if (!workspace[host])
      context.addIssue({
        code: 'custom',
        path: ['delivery', 'services', index, 'repository', 'provider'],
        message: `${entry.service} is on ${host === 'github' ? 'GitHub' : 'GitLab'}: add a \`${host}:\` connection to the workspace`,
      });
    if (entry.jenkinsJob && !workspace.jenkins)
      context.addIssue({
        code: 'custom',
        path: ['delivery', 'services', index, 'jenkinsJob'],
        message: `${entry.service} deploys through Jenkins: add a \`jenkins:\` connection to the workspace`,
      });
  });
}

/**
 * A workspace in memory: `paging` is the PagerDuty platform (the console acts as its user),
 * `morePaging` the platforms beside it in the same queue. Built in code by the demo and the
 * desktop's connections, and what parsing a file gives.
 */
export const WorkspaceSchema = z
  .strictObject({
    name: workspaceName,
    paging: PagingSettings,
    /** The platforms beside PagerDuty (a file names them in the list form of `paging`). */
    morePaging: z.array(SplunkOnCallPagingSettings).optional(),
    ...workspaceSections,
  })
  .superRefine(checkDeliveryConnections);
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** A workspace file: `paging` names one PagerDuty platform, or a list of platforms with PagerDuty first. */
const WorkspaceFileSchema = z
  .strictObject({
    name: workspaceName,
    paging: z.union([PagingSettings, PagingPlatformList], {
      error: (issue) =>
        issue.input === undefined ? 'is required' : 'must be a mapping (one platform) or a list of platforms, PagerDuty first',
    }),
    ...workspaceSections,
  })
  .superRefine(checkDeliveryConnections)
  .transform(({ paging, ...rest }): Workspace => {
    if (!Array.isArray(paging)) return { ...rest, paging };
    const [first, ...others] = paging;
    const morePaging = others.filter((platform): platform is SplunkOnCallPagingSettings => platform.provider === 'splunk-on-call');
    // The list's refinement has made sure the first is PagerDuty.
    return { ...rest, paging: first as z.infer<typeof PagingSettings>, ...(morePaging.length > 0 ? { morePaging } : {}) };
  });

/** One problem in a workspace file, located as precisely as the file allows. */
export type WorkspaceProblem = YamlProblem;

/** A workspace file that cannot be used; the message names the file, line, column and problem. */
export class WorkspaceError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: WorkspaceProblem[],
  ) {
    super(problems.map((p) => formatProblem(fileName, p)).join('\n'));
    this.name = 'WorkspaceError';
  }
}

/** Parses and validates a workspace file's text; throws WorkspaceError. */
export function parseWorkspace(text: string, fileName: string): Workspace {
  const parsed = parseYamlWithPositions(text);
  if (!parsed.ok) throw new WorkspaceError(fileName, parsed.problems);
  const { data, locate } = parsed;
  if (data === null || data === undefined) {
    throw new WorkspaceError(fileName, [
      { line: 1, column: 1, problem: 'the file is empty: expected a mapping with at least a `paging` section' },
    ]);
  }

  const result = WorkspaceFileSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;

  const problems = describeZodIssues(result.error.issues, WorkspaceFileSchema, data).map(({ path, message, atKey }) => {
    const where = path.length ? `${formatPath(path)}: ` : '';
    return { ...locate(path, atKey), problem: `${where}${message}` };
  });
  problems.sort(byPosition);
  throw new WorkspaceError(fileName, problems);
}

/** Reads, parses and validates a workspace file; throws WorkspaceError. */
export function loadWorkspaceFile(path: string): Workspace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : (error as Error).message;
    throw new WorkspaceError(path, [{ line: null, column: null, problem: `cannot read the workspace file: ${why}` }]);
  }
  return parseWorkspace(text, path);
}

/** The PagerDuty credentials a headless host takes from its environment. */
export function readPagerDutySecrets(env: NodeJS.ProcessEnv): { token: string; from: string } {
  const token = env.PAGERDUTY_TOKEN?.trim();
  const from = env.PAGERDUTY_FROM?.trim();
  const missing = [
    token ? null : 'PAGERDUTY_TOKEN (a PagerDuty REST API key)',
    from ? null : 'PAGERDUTY_FROM (the email address of your PagerDuty user, sent as the From header on writes)',
  ].filter((name): name is string => name !== null);
  if (missing.length > 0 || !token || !from) {
    throw new MissingSecretError(`Set the environment variable ${missing.join(' and ')}.`);
  }
  return { token, from };
}

/** The Splunk On-Call credentials a headless host takes from its environment (when the workspace names the platform). */
export function readSplunkOnCallSecrets(env: NodeJS.ProcessEnv): { apiId: string; apiKey: string; username: string } {
  const apiId = env.SPLUNK_ONCALL_API_ID?.trim();
  const apiKey = env.SPLUNK_ONCALL_API_KEY?.trim();
  const username = env.SPLUNK_ONCALL_USER?.trim();
  const missing = [
    apiId ? null : 'SPLUNK_ONCALL_API_ID (the API ID shown on Splunk On-Call Integrations » API)',
    apiKey ? null : 'SPLUNK_ONCALL_API_KEY (an API key from Integrations » API)',
    username ? null : 'SPLUNK_ONCALL_USER (the Splunk On-Call username acknowledgements and resolutions are done as)',
  ].filter((name): name is string => name !== null);
  if (missing.length > 0 || !apiId || !apiKey || !username) {
    throw new MissingSecretError(`Set the environment variable ${missing.join(' and ')}: the workspace names Splunk On-Call.`);
  }
  return { apiId, apiKey, username };
}

/** A secret the environment should provide is missing. */
export class MissingSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingSecretError';
  }
}
