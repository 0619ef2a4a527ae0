/**
 * The Delivery area's answers for the component tests, each parsed through the contract's
 * output schema (so a fixture cannot drift from what the engine may send): Payments API
 * with staging and production, a failed deployment and its changes; Checkout Web; a
 * service with no repository mapped; GitHub read a minute ago and Jenkins failing; a
 * compare with commits and pull requests; and delivery metrics worked out by the shared rule.
 */
import { requests, type RequestOutput } from '../../../../../shared/contract';
import { computeDeliveryMetrics, type ProductionDeployment } from '../../../../../shared/rules/delivery-metrics';

const NOW = Date.now();
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const hoursAgo = (hours: number) => minutesAgo(hours * 60);

function change(number: string, type: 'standard' | 'normal' | 'emergency', version: string) {
  return {
    id: `sys-${number}`,
    type,
    service: { id: 'PSVC1', name: 'Payments API' },
    templateId: null,
    state: 'closed' as const,
    vendorState: 'Closed',
    shortDescription: `Deploy Payments API ${version}`,
    risk: 'low' as const,
    approval: 'approved' as const,
    approvals: [],
    plannedStart: null,
    plannedEnd: null,
    deployment: { version, commit: `sha-${version}`, runUrl: null },
    closeCode: 'successful' as const,
    closeNotes: '',
    incidentId: null,
    record: {
      system: 'servicenow',
      id: `sys-${number}`,
      number,
      url: `https://acme.service-now.com/change_request.do?sys_id=sys-${number}`,
    },
    createdAt: hoursAgo(30),
    updatedAt: hoursAgo(2),
  };
}

interface DeploymentSpec {
  id: string;
  environment: 'staging' | 'production';
  ref: string;
  at: string;
  state?: 'success' | 'failure' | 'inactive';
  creator?: string;
  changeNumber?: [string, 'standard' | 'normal' | 'emergency'];
  commits?: number;
}

function deployment(spec: DeploymentSpec) {
  const state = spec.state ?? 'success';
  return {
    id: spec.id,
    repository: 'acme/payments-api',
    environment: spec.environment,
    production: spec.environment === 'production',
    ref: spec.ref,
    sha: `sha-${spec.ref}`,
    description: `Deploy ${spec.ref}`,
    creator: spec.creator ?? 'ada',
    createdAt: spec.at,
    state,
    vendorState: state,
    stateAt: spec.at,
    succeededAt: state === 'failure' ? null : spec.at,
    logUrl: null,
    environmentUrl: null,
    key: `github:${spec.id}`,
    service: 'Payments API',
    source: 'github' as const,
    change: spec.changeNumber ? change(spec.changeNumber[0], spec.changeNumber[1], spec.ref) : null,
    range:
      spec.environment === 'production' && spec.commits !== undefined
        ? {
            from: null,
            traceable: true,
            reason: null,
            relation: 'ahead' as const,
            totalCommits: spec.commits,
            commits: [],
            firstCommitAt: hoursAgo(48),
          }
        : null,
  };
}

const current = deployment({
  id: '105',
  environment: 'production',
  ref: 'v2.14.1',
  at: hoursAgo(3),
  creator: 'grace',
  changeNumber: ['CHG0030042', 'normal'],
  commits: 2,
});
const failed = deployment({
  id: '104',
  environment: 'production',
  ref: 'v2.14.0',
  at: hoursAgo(5),
  state: 'failure',
  creator: 'grace',
  changeNumber: ['CHG0030041', 'standard'],
});
const previous = deployment({
  id: '102',
  environment: 'production',
  ref: 'v2.13.0',
  at: hoursAgo(50),
  state: 'inactive',
  changeNumber: ['CHG0030030', 'standard'],
  commits: 4,
});
const staging = deployment({ id: '106', environment: 'staging', ref: 'v2.15.0', at: minutesAgo(40), creator: 'ada' });
const stagingBefore = deployment({ id: '103', environment: 'staging', ref: 'v2.14.1', at: hoursAgo(4), state: 'inactive' });

const github = { source: 'github' as const, label: 'GitHub', state: 'ok' as const, readAt: minutesAgo(2), error: null };
const jenkins = {
  source: 'jenkins' as const,
  label: 'Jenkins',
  state: 'error' as const,
  readAt: minutesAgo(12),
  error: 'HTTP 503 from Jenkins: Service Unavailable',
};

const payments = {
  service: 'Payments API',
  serviceId: 'PSVC1',
  teams: [{ id: 'PTEAM1', name: 'Payments' }],
  repository: { provider: 'github' as const, name: 'acme/payments-api', url: 'https://github.com/acme/payments-api' },
  pipeline: 'GitHub deployments',
  production: 'production',
  dependsOn: [],
  environments: [
    { environment: 'staging', production: false, current: staging, latest: staging },
    { environment: 'production', production: true, current, latest: current },
  ],
  problem: null,
};

const checkout = {
  ...payments,
  service: 'Checkout Web',
  serviceId: 'PSVC2',
  teams: [{ id: 'PTEAM2', name: 'Storefront' }],
  repository: { provider: 'github' as const, name: 'acme/checkout-web', url: 'https://github.com/acme/checkout-web' },
  dependsOn: ['Payments API'],
  environments: [{ environment: 'production', production: true, current: null, latest: null }],
};

const billing = {
  service: 'Billing Batch',
  serviceId: 'PSVC9',
  teams: [],
  repository: null,
  pipeline: null,
  production: null,
  dependsOn: [],
  environments: [],
  problem: "No repository is mapped for this service in the workspace's delivery section",
};

export function deliveryServices(): RequestOutput<'listDeliveryServices'> {
  return requests.listDeliveryServices.output.parse({ services: [payments, checkout, billing], sources: [github, jenkins] });
}

export function paymentsDelivery(): RequestOutput<'getServiceDelivery'> {
  return requests.getServiceDelivery.output.parse({
    summary: payments,
    history: [staging, current, failed, stagingBefore, previous],
    sources: [github],
  });
}

export function paymentsCompare(from: string, to: string): RequestOutput<'compareVersions'> {
  return requests.compareVersions.output.parse({
    repository: 'acme/payments-api',
    from,
    to,
    traceable: true,
    relation: 'ahead',
    commits: [
      {
        sha: 'a1b2c3d4e5f6',
        message: 'Retry card authorisations once on a gateway timeout',
        author: 'Ada Lovelace',
        authorLogin: 'ada',
        authoredAt: hoursAgo(30),
        committedAt: hoursAgo(30),
        url: 'https://github.com/acme/payments-api/commit/a1b2c3d4e5f6',
      },
      {
        sha: 'b2c3d4e5f6a7',
        message: 'Log the gateway request id',
        author: 'Grace Hopper',
        authorLogin: null,
        authoredAt: hoursAgo(20),
        committedAt: hoursAgo(20),
        url: 'https://github.com/acme/payments-api/commit/b2c3d4e5f6a7',
      },
    ],
    totalCommits: 2,
    removedCommits: [],
    pullRequests: [
      {
        number: 812,
        title: 'Gateway timeouts: retry once',
        author: 'ada',
        state: 'merged',
        createdAt: hoursAgo(32),
        mergedAt: hoursAgo(18),
        reviewers: [
          { login: 'grace', verdict: 'approved', at: hoursAgo(19) },
          { login: 'linus', verdict: 'changes_requested', at: hoursAgo(25) },
        ],
        url: 'https://github.com/acme/payments-api/pull/812',
        commitShas: ['a1b2c3d4e5f6', 'b2c3d4e5f6a7'],
      },
    ],
  });
}

export function untraceableCompare(from: string, to: string): RequestOutput<'compareVersions'> {
  return requests.compareVersions.output.parse({
    repository: 'acme/payments-api',
    from,
    to,
    traceable: false,
    reason: `${from} is no longer in acme/payments-api: it was force-pushed away or deleted`,
  });
}

const DAY = 24;

/** Production deployments over the last 30 days, through the shared rule: standard ones fast and safe, normal ones slower, one failed. */
export function deliveryMetrics(): RequestOutput<'getDeliveryMetrics'> {
  const production = (
    id: string,
    service: string,
    teams: string[],
    ageHours: number,
    leadHours: number,
    changeType: ProductionDeployment['changeType'],
    outcome: 'success' | 'failure' = 'success',
  ): ProductionDeployment => ({
    id,
    service,
    teams,
    version: `v${id}`,
    at: hoursAgo(ageHours),
    outcome,
    firstCommitAt: hoursAgo(ageHours + leadHours),
    changeType,
    changeClosedUnsuccessful: false,
  });
  const deployments = [
    production('1', 'Payments API', ['PTEAM1'], 20 * DAY, 5, 'standard'),
    production('2', 'Payments API', ['PTEAM1'], 15 * DAY, 6, 'standard'),
    production('3', 'Payments API', ['PTEAM1'], 10 * DAY, 4 * DAY, 'normal'),
    production('4', 'Payments API', ['PTEAM1'], 5 * DAY, 3 * DAY, 'normal', 'failure'),
    production('5', 'Payments API', ['PTEAM1'], 4 * DAY, 2 * DAY, 'normal'),
    production('6', 'Payments API', ['PTEAM1'], 2 * DAY, 3, 'emergency'),
  ];
  const metrics = computeDeliveryMetrics({
    deployments,
    incidents: [],
    from: hoursAgo(30 * DAY),
    to: new Date(NOW).toISOString(),
    failureWindowHours: 24,
    timeZone: 'UTC',
    services: ['Payments API', 'Checkout Web'],
    teams: ['PTEAM1', 'PTEAM2'],
  });
  return requests.getDeliveryMetrics.output.parse({ metrics, sources: [github] });
}
