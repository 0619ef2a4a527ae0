/**
 * Answers for the change audit's and "what changed"'s component tests, each parsed through
 * the contract's output schema so a fixture cannot drift from what the engine may send: a
 * period with a deployment under an approved normal change, one without any change, one
 * outside its change's window, and a change closed without a deployment; an incident's
 * deployments (its service's and a dependency's) with their commits and changes; the
 * change system's changes; and a catalogue with a rollback offering.
 */
import { requests, type RequestOutput } from '../../../../../shared/contract';
import type { ChangeRequest } from '../../../../../shared/domain/change';
import { Offering } from '../../../../../shared/domain/catalogue';

const NOW = Date.now();
export const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const hoursAgo = (hours: number) => minutesAgo(hours * 60);

const github = { source: 'github' as const, label: 'GitHub', state: 'ok' as const, readAt: minutesAgo(2), error: null };
const jenkins = {
  source: 'jenkins' as const,
  label: 'Jenkins',
  state: 'error' as const,
  readAt: minutesAgo(12),
  error: 'HTTP 503 from Jenkins: Service Unavailable',
};

function commit(sha: string, message: string, author: string) {
  return {
    sha,
    message,
    author,
    authorLogin: null,
    authoredAt: hoursAgo(30),
    committedAt: hoursAgo(30),
    url: `https://github.com/acme/payments-api/commit/${sha}`,
  };
}

const normalChange = {
  id: 'sys-42',
  number: 'CHG0030042',
  url: 'https://acme.service-now.com/change_request.do?sys_id=sys-42',
  type: 'normal' as const,
  vendorState: 'Closed',
  templateId: null,
  approvedBy: [{ name: 'Grace Hopper', at: '2026-11-03T08:30:00.000Z' }],
  plannedStart: '2026-11-03T09:00:00.000Z',
  plannedEnd: '2026-11-03T11:00:00.000Z',
  closeCode: 'successful' as const,
};

export function auditReport(overrides: { service?: string | null } = {}): RequestOutput<'getAuditReport'> {
  return requests.getAuditReport.output.parse({
    from: '2026-10-05T00:00:00.000Z',
    to: '2026-11-03T23:59:59.999Z',
    service: overrides.service ?? null,
    generatedAt: minutesAgo(1),
    rows: [
      {
        deploymentKey: 'github:301',
        service: 'Checkout Web',
        environment: 'production',
        source: 'github',
        version: 'v5.2.0',
        sha: 'c0ffee5',
        deployedAt: '2026-11-03T14:00:00.000Z',
        deployer: 'olivia',
        state: 'success',
        change: null,
        commits: [commit('aaa1111', 'Hotfix the basket total', 'Olivia Martin')],
        totalCommits: 1,
        exceptions: [{ kind: 'no-approved-change', message: 'Deployed to production without a change request' }],
      },
      {
        deploymentKey: 'github:300',
        service: 'Payments API',
        environment: 'production',
        source: 'github',
        version: 'v2.14.1',
        sha: 'b16b00b',
        deployedAt: '2026-11-03T10:00:00.000Z',
        deployer: 'grace',
        state: 'success',
        change: normalChange,
        commits: [
          commit('bbb2222', 'Retry card captures once on a timeout', 'Priya Patel'),
          commit('ccc3333', 'Log the acquirer response code', 'Marcus Chen'),
        ],
        totalCommits: 2,
        exceptions: [],
      },
      {
        deploymentKey: 'jenkins:search-api#812',
        service: 'Search API',
        environment: 'production',
        source: 'jenkins',
        version: '812',
        sha: 'd00d812',
        deployedAt: '2026-10-20T22:10:00.000Z',
        deployer: 'ravi',
        state: 'success',
        change: { ...normalChange, id: 'sys-43', number: 'CHG0030043', url: 'javascript:alert(1)' },
        commits: null,
        totalCommits: null,
        exceptions: [{ kind: 'outside-window', message: "Deployed 11 h 10 min after its change's window ended" }],
      },
    ],
    changesWithoutDeployment: [
      {
        service: 'Identity Service',
        version: 'v9.0.0',
        closedAt: '2026-10-28T16:00:00.000Z',
        change: {
          ...normalChange,
          id: 'sys-50',
          number: 'CHG0030050',
          type: 'standard',
          approvedBy: [],
          url: 'https://acme.service-now.com/change_request.do?sys_id=sys-50',
        },
        exceptions: [{ kind: 'closed-without-deployment', message: 'Closed as implemented; no production deployment of v9.0.0' }],
      },
    ],
    counts: {
      deployments: 3,
      withExceptions: 3,
      byKind: { 'no-approved-change': 1, 'outside-window': 1, untraceable: 0, 'closed-without-deployment': 1 },
    },
    sources: [github, jenkins],
  });
}

export function deliveryServiceList(): RequestOutput<'listDeliveryServices'> {
  const summary = (service: string, problem: string | null = null) => ({
    service,
    serviceId: null,
    teams: [],
    repository: problem ? null : { provider: 'github' as const, name: `acme/${service}`, url: `https://github.com/acme/${service}` },
    pipeline: problem ? null : 'GitHub deployments',
    production: problem ? null : 'production',
    dependsOn: [],
    environments: [],
    problem,
  });
  return requests.listDeliveryServices.output.parse({
    services: [summary('Payments API'), summary('Checkout Web'), summary('Billing Batch', 'No repository is mapped for this service')],
    sources: [github],
  });
}

// --- "what changed" ----------------------------------------------------------------------

export function changeRequest(number: string, version: string, createdAt: string, overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: `sys-${number}`,
    type: 'standard',
    service: { id: 'PSVC1', name: 'Payments API' },
    templateId: 'tmpl-1',
    state: 'closed',
    vendorState: 'Closed',
    shortDescription: `Deploy Payments API ${version}`,
    risk: 'low',
    approval: 'approved',
    approvals: [],
    plannedStart: null,
    plannedEnd: null,
    deployment: { version, commit: `sha-${version}-0000000`, runUrl: null },
    closeCode: 'successful',
    closeNotes: '',
    incidentId: null,
    record: {
      system: 'servicenow',
      id: `sys-${number}`,
      number,
      url: `https://acme.service-now.com/change_request.do?sys_id=sys-${number}`,
    },
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

interface DeploymentSpec {
  key: string;
  service: string;
  ref: string;
  from: string | null;
  at: string;
  commits: number;
  change?: ChangeRequest | null;
  creator?: string;
}

function serviceDeployment(spec: DeploymentSpec) {
  const commits = Array.from({ length: spec.commits }, (_, index) =>
    commit(`${spec.ref}-${index}`.padEnd(7, '0'), `${spec.service} change ${index + 1}`, `Author ${index + 1}`),
  );
  return {
    id: spec.key.split(':')[1] ?? spec.key,
    repository: 'acme/payments-api',
    environment: 'production',
    production: true,
    ref: spec.ref,
    sha: `sha-${spec.ref}`,
    description: `Deploy ${spec.ref}`,
    creator: spec.creator ?? 'grace',
    createdAt: spec.at,
    state: 'success' as const,
    vendorState: 'success',
    stateAt: spec.at,
    succeededAt: spec.at,
    logUrl: null,
    environmentUrl: null,
    key: spec.key,
    service: spec.service,
    source: 'github' as const,
    change: spec.change ?? null,
    range: {
      from: spec.from,
      traceable: true,
      reason: null,
      relation: 'ahead' as const,
      totalCommits: spec.commits,
      commits,
      firstCommitAt: commits.length ? hoursAgo(30) : null,
    },
  };
}

/**
 * An incident on Checkout Web opened `openedAt`: its own deployment 12 minutes before (under
 * `matched`, if given), one of Payments API (a dependency) 3 h before under a normal change,
 * and a dependency the delivery mapping lacks.
 */
export function incidentChanges(openedAt: string, matched: ChangeRequest | null): RequestOutput<'getIncidentChanges'> {
  const opened = Date.parse(openedAt);
  const at = (minutes: number) => new Date(opened - minutes * 60_000).toISOString();
  return requests.getIncidentChanges.output.parse({
    incidentId: 'Q1CHK',
    openedAt,
    services: [
      { service: 'Checkout Web', dependency: false, mapped: true },
      { service: 'Payments API', dependency: true, mapped: true },
      { service: 'Ledger Database', dependency: true, mapped: false },
    ],
    deployments: [
      serviceDeployment({
        key: 'github:501',
        service: 'Checkout Web',
        ref: 'v5.2.0',
        from: 'v5.1.9',
        at: at(12),
        commits: 5,
        creator: 'olivia',
        change: matched,
      }),
      serviceDeployment({
        key: 'github:401',
        service: 'Payments API',
        ref: 'v2.14.1',
        from: 'v2.14.0',
        at: at(180),
        commits: 2,
        change: changeRequest('CHG0030041', 'v2.14.1', at(200), { type: 'normal', vendorState: 'Implement', state: 'implement' }),
      }),
    ],
    problem: null,
    sources: [github],
  });
}

export function changesList(changes: ChangeRequest[]): RequestOutput<'listChanges'> {
  return requests.listChanges.output.parse({
    system: { label: 'ServiceNow', system: 'servicenow' },
    changes,
    me: null,
    readAt: minutesAgo(1),
  });
}

export function catalogueWithRollback(services: string[]): RequestOutput<'getCatalogue'> {
  const team = {
    id: 'platform-engineering',
    name: 'Platform Engineering',
    assignmentGroup: 'Platform Engineering',
    escalationPolicy: null,
  };
  const rollback = Offering.parse({
    id: 'roll-back-service',
    title: 'Roll back a service',
    description: 'Puts a previous version back.',
    teamId: team.id,
    kind: 'self-service',
    keywords: [],
    form: {
      type: 'object',
      required: ['service', 'version', 'reason'],
      properties: {
        service: { type: 'string', title: 'Service', enum: ['Payments API', 'Checkout Web'] },
        version: { type: 'string', title: 'Roll back to version' },
        reason: { type: 'string', title: 'Why', minLength: 10 },
      },
    },
    uiSchema: { 'ui:order': ['service', 'version', 'reason'], service: { 'ui:widget': 'select' } },
    sla: { responseMs: 15 * 60_000, resolutionMs: 3_600_000 },
    risk: 'medium',
    approval: 'none',
    pipeline: { kind: 'github-actions', repository: 'acme/platform-ops', workflow: 'rollback.yml', ref: 'main', inputs: {} },
    appliesTo: { services },
    fromIncident: { reason: 'Incident #{{incident.number}}: {{incident.title}}' },
    rollback: { services, serviceField: 'service', versionField: 'version' },
    source: { file: 'catalogue/platform.yaml', line: 17 },
  });
  return requests.getCatalogue.output.parse({ catalogue: { teams: [team], offerings: [rollback] }, onCallByTeam: {} });
}
