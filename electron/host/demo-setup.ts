/**
 * The demo workspace: starts the simulators in-process (PagerDuty, ServiceNow, Jira
 * Service Management, all seeded from one demo organisation; Splunk On-Call, its two teams
 * paging beside PagerDuty in the same queue; GitHub Actions, GitLab and
 * Jenkins for the self-service pipelines and the product teams' delivery), writes the
 * organisation's 90 days of delivery history into them (demo-delivery-history.ts), and
 * answers a workspace pointed at them, with the service and delivery mappings and the
 * credentials the simulators know. `serve --demo`, `simulate` and the desktop app's demo
 * all start here.
 */
import { LARGE_ORG_SERVICE_COUNT, LARGE_SEED_THRESHOLD, startPagerDutySimulator, type PagerDutySimulator } from '../simulators/pagerduty';
import {
  CHANGE_MANAGER_USER_NAME,
  demoServiceNowRoutingTable,
  INTEGRATION_USER_NAME,
  startServiceNowSimulator,
} from '../simulators/servicenow';
import { DEMO_BLACKOUT_SCHEDULES, seedChangeBoard as seedServiceNowChangeBoard } from '../simulators/servicenow/change-demo-data';
import { demoJiraServiceManagementRoutingMap, startJiraServiceManagementSimulator } from '../simulators/jira-service-management';
import { seedChangeBoard as seedJiraChangeBoard } from '../simulators/jira-service-management/change-demo-data';
import { startGitHubSimulator } from '../simulators/github';
import { demoRepositories } from '../simulators/github/demo-data';
import { startGitLabSimulator } from '../simulators/gitlab';
import { startJenkinsSimulator } from '../simulators/jenkins';
import { startSplunkOnCallSimulator } from '../simulators/splunk-on-call';
import { demoClock, seedDemoDeliveryHistory } from './demo-delivery-history';
import { DEMO_DELIVERY_SERVICES } from './demo-delivery-types';
import { startDemoPipeline } from './demo-pipeline';
import { demoCatalogueFiles } from './specialists-setup';
import { createChangeSystem, type TicketingSecrets } from './ticketing-setup';
import type { SimulatorEndpoints } from './types';
import type { Workspace } from './workspace';
import type { Persona } from '../../shared/domain/specialist-request';

export type DemoTicketing = 'servicenow' | 'jira-service-management';

export interface DemoOptions {
  /** The PagerDuty simulator's port (default: any free one); the others take any free port. */
  port?: number;
  incidents: number;
  /** How often a new incident arrives; 0 = never. */
  newIncidentEveryMs: number;
  /** Which ticketing simulator the demo workspace uses (both run). */
  ticketing: DemoTicketing;
  /** The demo host runs the automations (alert fired -> ticket, and so on). */
  automations: boolean;
  /** How often the demo pipeline deploys (raising, gating and closing a change); 0 = never; default 3 minutes. */
  deployEveryMs?: number;
  /** The demo queue also shows the Splunk On-Call simulator's incidents (a second paging platform); its simulator runs either way. */
  splunkOnCall?: boolean;
  /** Where the demo pipeline says what went wrong. */
  log?: (message: string) => void;
}

export interface DemoSetup {
  workspace: Workspace;
  pagerDuty: { token: string; from: string };
  /** The credentials the Splunk On-Call simulator issues, and the username the console acts as there. */
  splunkOnCall: { apiId: string; apiKey: string; username: string };
  ticketing: TicketingSecrets;
  endpoints: SimulatorEndpoints;
  /** Where the pipeline providers point in the demo, and the credentials the simulators take. */
  pipelines: DemoPipelines;
  /** The demo catalogue's files (the repository's catalogue/dba.yaml and network.yaml), or empty when they are not there. */
  catalogueFiles: string[];
  /** Personas the demo's change system brings: its change manager, who approves normal changes and templates. */
  personas: Persona[];
  close(): Promise<void>;
}

export interface DemoPipelines {
  github: { baseUrl: string; token: string };
  gitlab: { baseUrl: string; token: string };
  jenkins: { baseUrl: string; user: string; apiToken: string };
}

/** The demo change system's change manager (the ServiceNow simulator's Grace Hopper; the Jira simulator's approver too). */
const DEMO_CHANGE_MANAGER: Persona = {
  id: 'change-manager',
  label: 'Change manager (Change Management)',
  user: { id: CHANGE_MANAGER_USER_NAME, name: 'Grace Hopper', email: 'grace.hopper@example.com' },
  triagesTeamIds: [],
};

/** The token the demo workspace uses against its own simulator. */
const DEMO_TOKEN = 'demo-token-for-the-built-in-simulator';
const SEED = 1;
/** The demo's Splunk On-Call API ID and key (the simulator refuses any other pair, as the vendor does). */
export const DEMO_SPLUNK_ON_CALL_CREDENTIALS = { apiId: 'demo-api-id', apiKey: 'demo-api-key-for-the-built-in-simulator' };
/** The demo console acts on Splunk On-Call as the same person as on PagerDuty (its demo "me"). */
const DEMO_SPLUNK_ON_CALL_USER = 'dana.developer';

export async function startDemo(options: DemoOptions): Promise<DemoSetup> {
  const serviceCount = options.incidents > LARGE_SEED_THRESHOLD ? LARGE_ORG_SERVICE_COUNT : undefined;
  const pagerDuty = await startPagerDutySimulator({
    port: options.port,
    seed: SEED,
    seedIncidents: options.incidents,
    serviceCount,
    demo: options.newIncidentEveryMs === 0 ? false : { newIncidentEveryMs: options.newIncidentEveryMs },
  });
  // The simulators that keep delivery history share one clock, which travels back while the history is written.
  const clock = demoClock();
  const serviceNow = await startServiceNowSimulator({
    seed: SEED,
    serviceCount,
    now: clock.now,
    seedChanges: false,
    blackoutSchedules: [...DEMO_BLACKOUT_SCHEDULES],
  });
  const jira = await startJiraServiceManagementSimulator({ seed: SEED, org: pagerDuty.state, now: clock.now, seedChanges: false });
  // The demo's own history replaces the GitHub simulator's default one.
  const gitHub = await startGitHubSimulator({ repositories: demoRepositories(), now: clock.now });
  const gitLab = await startGitLabSimulator({ now: clock.now });
  const jenkins = await startJenkinsSimulator({ now: clock.now });
  // Splunk On-Call keeps no delivery history: it runs on the real clock, with its demo org's open incidents.
  const splunkOnCall = await startSplunkOnCallSimulator({ seed: SEED, credentials: [DEMO_SPLUNK_ON_CALL_CREDENTIALS] });
  const me = pagerDuty.state.me;
  // The change boards' own changes first (the Jira demo's CHG-1 waits for the change manager), then the deployments'.
  seedServiceNowChangeBoard(serviceNow.state, serviceNow.changes);
  seedJiraChangeBoard(jira.state, jira.changes);
  const history = seedDemoDeliveryHistory({
    clock,
    seed: SEED,
    pagerDuty: pagerDuty.state,
    gitHub,
    gitLab,
    jenkins,
    changes:
      options.ticketing === 'servicenow'
        ? { system: 'servicenow', simulator: serviceNow }
        : { system: 'jira-service-management', simulator: jira },
  });

  const routing =
    options.ticketing === 'servicenow'
      ? Object.entries(demoServiceNowRoutingTable({ seed: SEED, serviceCount }))
      : [...demoJiraServiceManagementRoutingMap(pagerDuty.state).entries()];
  const mapping = routing.map(([pagerDutyServiceId, route]) => ({
    pagerDutyServiceId,
    assignmentGroup: route.assignmentGroupId,
    businessService: route.businessServiceId,
    configurationItem: route.configurationItemId,
  }));
  // A Splunk On-Call incident's service is its routing key. The ticketing simulators have no
  // groups for its two teams, so their tickets go to the ticketing system's default queue.
  if (options.splunkOnCall)
    for (const { routingKey } of splunkOnCall.state.routingKeys)
      mapping.push({ pagerDutyServiceId: routingKey, assignmentGroup: null, businessService: null, configurationItem: null });
  const ticketing: Workspace['ticketing'] =
    options.ticketing === 'servicenow'
      ? { provider: 'servicenow', instanceUrl: serviceNow.baseUrl, mapping, pollIntervalSeconds: 5 }
      : { provider: 'jira-service-management', siteUrl: jira.baseUrl, mapping, pollIntervalSeconds: 5 };

  const workspace = {
    name: 'Demo workspace',
    incidentManagers: { escalationPolicyIds: incidentManagerPolicyIds(pagerDuty) },
    paging: {
      provider: 'pagerduty',
      baseUrl: pagerDuty.baseUrl,
      scope: {},
      pollIntervalSeconds: 5,
      reconcileMinutes: 10,
      requestTimeoutSeconds: 10,
    },
    ...(options.splunkOnCall
      ? { morePaging: [{ provider: 'splunk-on-call', apiUrl: splunkOnCall.apiUrl, requestTimeoutSeconds: 10 }] }
      : {}),
    ticketing,
    // A large demo queue gets tickets for new alerts only: opening thousands at start would
    // spend the shared PagerDuty rate limit the console itself needs.
    automations: { enabled: options.automations, backfillHours: options.incidents > LARGE_SEED_THRESHOLD ? 0 : 24 },
    // The delivery sources (their credentials: `pipelines` below).
    github: { apiUrl: gitHub.baseUrl },
    gitlab: { baseUrl: gitLab.baseUrl },
    jenkins: { baseUrl: jenkins.baseUrl },
    delivery: {
      services: DEMO_DELIVERY_SERVICES.map((entry) => ({
        service: entry.service,
        repository: { provider: entry.codeHost, name: entry.repository },
        ...(entry.jenkinsJob ? { jenkinsJob: entry.jenkinsJob } : {}),
        environments: ['staging', 'production'],
        production: 'production',
        dependsOn: entry.dependsOn,
      })),
      failureWindowHours: 24,
      // The schema's smallest: the demo's pipeline adds a deployment every few minutes.
      pollIntervalSeconds: 10,
    },
  } as Workspace;

  // The demo console signs in to the ticketing systems as the integration account; tickets
  // are still assigned to the demo user by email.
  const ticketingSecrets: TicketingSecrets =
    options.ticketing === 'servicenow'
      ? { provider: 'servicenow', auth: { kind: 'basic', user: INTEGRATION_USER_NAME, password: 'demo' } }
      : { provider: 'jira-service-management', email: 'oncall-console@example.com', apiToken: 'demo-api-token' };
  // The demo pipeline raises its changes in the demo's change system, whichever ticketing system that is.
  const deployments =
    options.deployEveryMs === 0 || !ticketing
      ? null
      : startDemoPipeline({
          gitHub,
          changeSystem: createChangeSystem(ticketing, ticketingSecrets, { timeoutMs: 10_000 }),
          pagerDuty: { baseUrl: pagerDuty.baseUrl, token: DEMO_TOKEN, from: me.email, services: pagerDuty.state.services },
          // Change events go to each service's Events API v2 integration key in the PagerDuty simulator.
          changeEvents: {
            eventsUrl: pagerDuty.baseUrl,
            routingKeyFor: (name) => {
              const service = pagerDuty.state.services.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
              return service ? pagerDuty.state.routingKeyFor(service.id) : null;
            },
          },
          everyMs: options.deployEveryMs,
          // Each service's next release carries on from its history, with pull requests from its team.
          continueFrom: history.lastVersions,
          teamOf: history.teamOf,
          log: options.log,
        });

  return {
    workspace,
    pagerDuty: { token: DEMO_TOKEN, from: me.email },
    splunkOnCall: { ...DEMO_SPLUNK_ON_CALL_CREDENTIALS, username: DEMO_SPLUNK_ON_CALL_USER },
    ticketing: ticketingSecrets,
    endpoints: {
      pagerDutyApi: pagerDuty.baseUrl,
      pagerDutyEvents: pagerDuty.eventsUrl,
      serviceNowApi: serviceNow.baseUrl,
      jiraServiceManagementApi: jira.baseUrl,
      gitHubApi: gitHub.baseUrl,
      gitLabApi: gitLab.baseUrl,
      jenkins: jenkins.baseUrl,
      splunkOnCallApi: splunkOnCall.apiUrl,
      splunkOnCallRestEndpoint: splunkOnCall.restEndpointUrl,
    },
    catalogueFiles: demoCatalogueFiles() ?? [],
    personas: [DEMO_CHANGE_MANAGER],
    // The pipeline simulators accept any token; these are what the demo console presents.
    pipelines: {
      github: { baseUrl: gitHub.baseUrl, token: 'demo-github-token' },
      gitlab: { baseUrl: gitLab.baseUrl, token: 'demo-gitlab-token' },
      jenkins: { baseUrl: jenkins.baseUrl, user: 'oncall-console', apiToken: 'demo-jenkins-api-token' },
    },
    async close() {
      await deployments?.stop();
      await Promise.all([
        pagerDuty.close(),
        serviceNow.close(),
        jira.close(),
        gitHub.close(),
        gitLab.close(),
        jenkins.close(),
        splunkOnCall.close(),
      ]);
    },
  };
}

/**
 * The demo organisation's incident-manager escalation policies, read from the running
 * simulator: policies named for incident managers, or owned by an incident management team.
 */
function incidentManagerPolicyIds(simulator: PagerDutySimulator): string[] {
  const { state } = simulator;
  const teamIds = new Set(state.teams.filter((team) => /incident manage/i.test(team.name)).map((team) => team.id));
  return state.escalationPolicies
    .filter(
      (policy) => /incident manager/i.test(policy.name) || (policy.teamIds.length > 0 && policy.teamIds.every((id) => teamIds.has(id))),
    )
    .map((policy) => policy.id);
}
