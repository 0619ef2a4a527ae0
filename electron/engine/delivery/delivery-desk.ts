/**
 * Serves the delivery requests of the contract from the delivery store (filled by the
 * delivery sync): what runs where per service and its history, the compare between two
 * versions (read from the repository's host), the delivery metrics and the change audit
 * (the shared rules, fed with the store's production deployments, the change system's
 * changes and the paging platform's incidents), and "what changed" before an incident.
 */
import { ContractFailure, type RequestInput, type RequestOutput } from '../../../shared/contract';
import type { ChangeRequest } from '../../../shared/domain/change';
import type { DeliveryServiceSummary, ServiceDeployment, SourceFreshness } from '../../../shared/domain/delivery';
import type { Directory } from '../../../shared/domain/directory';
import type { Incident } from '../../../shared/domain/incident';
import { buildAuditReport, indexChanges } from '../../../shared/rules/change-audit';
import { computeDeliveryMetrics, type ProductionDeployment, type ServiceIncident } from '../../../shared/rules/delivery-metrics';
import type { IncidentTimes } from '../../../shared/rules/response-metrics';
import type { Clock } from '../ports';
import type { DeliveryStore, StoredDeployment } from './delivery-store';
import type { DeliverySync, ServiceCode } from './delivery-sync';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** "What changed" looks this far back from an incident's start. */
const WHAT_CHANGED_MS = DAY_MS;
/** A high-urgency notification says "deployed N min before" for a deployment this recent. */
const RECENT_DEPLOYMENT_MS = HOUR_MS;
/** Deployments before a metrics window are history for rollbacks and blame: this much of it. */
const METRICS_HISTORY_MS = 30 * DAY_MS;
/** A change closed in an audit's period is looked for among deployments this much around it. */
const AUDIT_MARGIN_MS = 30 * DAY_MS;

/** One service of the workspace's delivery mapping, as the desk shows it. */
export interface MappedService {
  service: string;
  /** Other names its incidents carry on the paging platforms (a Splunk On-Call routing key): they count as this service. */
  pagingNames?: readonly string[];
  repository: { provider: 'github' | 'gitlab'; name: string; url: string };
  /** What deploys it, for people. */
  pipeline: string;
  environments: readonly string[];
  production: string;
  dependsOn: readonly string[];
}

export interface DeliveryDeskOptions {
  store: DeliveryStore;
  sync: DeliverySync;
  services: readonly MappedService[];
  code: ReadonlyMap<string, ServiceCode>;
  clock: Clock;
  failureWindowHours: number;
  directory(): Promise<Directory>;
  /** The change system's changes created or updated since then; null without a change system. */
  changesSince: ((sinceMs: number) => Promise<ChangeRequest[]>) | null;
  /** The paging platform's incidents triggered since then (with their service). */
  incidentTimes(sinceMs: number): Promise<IncidentTimes[]>;
  /** An incident by id: from the queue, or read from the paging platform. */
  incident(incidentId: string): Promise<Pick<Incident, 'id' | 'service' | 'createdAt'>>;
}

export class DeliveryDesk {
  private readonly byName: Map<string, MappedService>;
  /** The changes last read, to name a deployment's change in a notification without a request. */
  private knownChanges: ((deployment: StoredDeployment['deployment'] & { service: string }) => ChangeRequest | null) | null = null;

  constructor(private readonly options: DeliveryDeskOptions) {
    // By its name and the names its incidents carry on the paging platforms, whatever the case.
    this.byName = new Map(
      options.services.flatMap((entry) =>
        [entry.service, ...(entry.pagingNames ?? [])].map((name) => [name.toLowerCase(), entry] as const),
      ),
    );
  }

  start(): void {
    this.options.sync.start();
  }

  stop(): Promise<void> {
    return this.options.sync.stop();
  }

  /** Resolves once the first read of the sources has ended. */
  ready(): Promise<void> {
    return this.options.sync.ready();
  }

  /** Reads the sources now (the refresh key). */
  syncNow(): Promise<void> {
    return this.options.sync.syncNow();
  }

  async listDeliveryServices(): Promise<RequestOutput<'listDeliveryServices'>> {
    const directory = await this.options.directory().catch(() => null);
    const match = await this.changeMatcher(this.options.clock.now() - 90 * DAY_MS).catch(() => null);
    const mapped = this.options.services.map((entry) => this.summaryOf(entry, directory, match));
    // The platform's other digital services are listed too, saying what is missing: not a blank chart.
    const unmapped = (directory?.services ?? [])
      .filter((service) => service.kind === 'digital-service' && !this.byName.has(service.name.toLowerCase()))
      .map((service) => unmappedSummary(service.name, service.id, teamsOf(directory, service.name)));
    return { services: [...mapped, ...unmapped], sources: this.sources() };
  }

  async getServiceDelivery({ service, limit }: RequestInput<'getServiceDelivery'>): Promise<RequestOutput<'getServiceDelivery'>> {
    const directory = await this.options.directory().catch(() => null);
    const entry = this.byName.get(service.toLowerCase());
    if (!entry) {
      const known = directory?.services.find((candidate) => candidate.name.toLowerCase() === service.toLowerCase());
      if (!known)
        throw new ContractFailure('not_found', `No service named ${service} in the workspace's delivery mapping or the paging platform`);
      return { summary: unmappedSummary(known.name, known.id, teamsOf(directory, known.name)), history: [], sources: this.sources() };
    }
    const match = await this.changeMatcher(this.options.clock.now() - 90 * DAY_MS).catch(() => null);
    const history = this.options.store.deploymentsOf(entry.service, { limit: limit ?? 200 }).map((stored) => view(stored, match));
    return { summary: this.summaryOf(entry, directory, match), history, sources: this.sources() };
  }

  async compareVersions({ service, from, to }: RequestInput<'compareVersions'>): Promise<RequestOutput<'compareVersions'>> {
    const entry = this.mapped(service);
    const code = this.options.code.get(entry.service);
    if (!code) throw new ContractFailure('not_found', `${entry.service}'s repository cannot be read: its connection has no credentials`);
    return code.host.compare(code.repository, from, to);
  }

  async getDeliveryMetrics({ days, team, timeZone }: RequestInput<'getDeliveryMetrics'>): Promise<RequestOutput<'getDeliveryMetrics'>> {
    const { store, clock } = this.options;
    const to = clock.now();
    const from = to - days * DAY_MS;
    const directory = await this.options.directory();
    const teamId = team ? resolveTeam(directory, team) : null;
    const owners = new Map(this.options.services.map((entry) => [entry.service, teamsOf(directory, entry.service).map((ref) => ref.id)]));
    const inScope = (service: string) => teamId === null || (owners.get(service) ?? []).includes(teamId);
    const [match, incidents] = await Promise.all([
      this.changeMatcher(from - METRICS_HISTORY_MS),
      this.options.incidentTimes(from - METRICS_HISTORY_MS),
    ]);
    const deployments: ProductionDeployment[] = [];
    for (const row of store.productionRows(from - METRICS_HISTORY_MS)) {
      if (row.state !== 'success' && row.state !== 'inactive' && row.state !== 'failure' && row.state !== 'error') continue;
      if (row.state === 'inactive' && row.succeededAt === null) continue;
      if (!inScope(row.service)) continue;
      const change =
        match?.({ service: row.service, ref: row.ref, sha: row.sha, createdAt: new Date(row.createdAt).toISOString() }) ?? null;
      deployments.push({
        id: row.key,
        service: row.service,
        teams: owners.get(row.service) ?? [],
        version: row.ref,
        at: new Date(row.succeededAt ?? row.createdAt).toISOString(),
        outcome: row.succeededAt === null ? 'failure' : 'success',
        firstCommitAt: row.firstCommitAt === null ? null : new Date(row.firstCommitAt).toISOString(),
        changeType: change?.type ?? null,
        changeClosedUnsuccessful: change?.closeCode === 'unsuccessful',
      });
    }
    const services = this.options.services.map((entry) => entry.service).filter(inScope);
    const serviceIncidents: ServiceIncident[] = incidents
      .map((times) => ({ times, entry: this.byName.get(times.service.name.toLowerCase()) }))
      .filter(({ entry }) => entry !== undefined && inScope(entry.service))
      .map(({ times, entry }) => ({
        id: times.incidentId,
        service: entry!.service,
        openedAt: new Date(times.triggeredAt).toISOString(),
        resolvedAt: times.resolvedAt === null ? null : new Date(times.resolvedAt).toISOString(),
      }));
    const teams = [...new Set(services.flatMap((service) => owners.get(service) ?? []))].filter((id) => teamId === null || id === teamId);
    const metrics = computeDeliveryMetrics({
      deployments,
      incidents: serviceIncidents,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      failureWindowHours: this.options.failureWindowHours,
      timeZone: timeZone ?? 'UTC',
      services,
      teams,
    });
    return { metrics, sources: this.sources() };
  }

  async getAuditReport({ from, to, service }: RequestInput<'getAuditReport'>): Promise<RequestOutput<'getAuditReport'>> {
    const { store, clock } = this.options;
    if (!this.options.changesSince)
      throw new ContractFailure(
        'not_found',
        'This workspace has no change system to audit against: its `ticketing:` section (ServiceNow or Jira Service Management) is where changes live',
      );
    const scope = service ? this.mapped(service).service : null;
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    const changes = await this.options.changesSince(fromMs - AUDIT_MARGIN_MS);
    const match = indexChanges(changes);
    const deployments = store
      .productionDeployments(fromMs - AUDIT_MARGIN_MS, toMs + AUDIT_MARGIN_MS)
      .filter((stored) => scope === null || stored.service === scope)
      .map((stored) => view(stored, match));
    return buildAuditReport({
      deployments,
      changes: changes.filter((change) => scope === null || change.service.name.toLowerCase() === scope.toLowerCase()),
      // As given: a date `to` includes its whole day (the rule reads it so).
      from,
      to,
      service: scope,
      services: this.options.services.map((entry) => entry.service),
      sources: this.sources(),
      now: new Date(clock.now()).toISOString(),
    });
  }

  async getIncidentChanges({ incidentId }: RequestInput<'getIncidentChanges'>): Promise<RequestOutput<'getIncidentChanges'>> {
    const incident = await this.options.incident(incidentId);
    const openedAt = Date.parse(incident.createdAt);
    const entry = this.byName.get(incident.service.name.toLowerCase());
    const base = { incidentId: incident.id, openedAt: incident.createdAt, sources: this.sources() };
    if (!entry)
      return {
        ...base,
        services: [{ service: incident.service.name, dependency: false, mapped: false }],
        deployments: [],
        problem: `${incident.service.name} has no repository mapped in the workspace's delivery section: its deployments are not known`,
      };
    const services = [
      { service: entry.service, dependency: false, mapped: true },
      ...entry.dependsOn.map((name) => ({
        service: this.byName.get(name.toLowerCase())?.service ?? name,
        dependency: true,
        mapped: this.byName.has(name.toLowerCase()),
      })),
    ];
    const match = await this.changeMatcher(openedAt - WHAT_CHANGED_MS - 7 * DAY_MS).catch(() => null);
    const found = services
      .filter((service) => service.mapped)
      .flatMap(({ service }) =>
        this.options.store.deploymentsOf(service, { fromMs: openedAt - WHAT_CHANGED_MS, toMs: openedAt, productionOnly: true }),
      );
    // What each brought is read now for those the sync has not reached yet (a deployment minutes before a page).
    const deployments = await Promise.all(
      found.map(async (stored) => view({ ...stored, range: await this.options.sync.rangeOf(stored).catch(() => null) }, match)),
    );
    deployments.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.key.localeCompare(a.key));
    return { ...base, services, deployments, problem: null };
  }

  /**
   * "deployed 12 min before (Payments API v2.14.1, CHG0030011)" for a production deployment of
   * the service in the hour before `openedAt`, from the store (no request); null when none.
   */
  recentDeployment(serviceName: string, openedAt: string): string | null {
    const entry = this.byName.get(serviceName.toLowerCase());
    const opened = Date.parse(openedAt);
    if (!entry || Number.isNaN(opened)) return null;
    const stored = this.options.store.latestProductionBefore(entry.service, opened - RECENT_DEPLOYMENT_MS, opened);
    if (!stored) return null;
    const at = Date.parse(stored.deployment.succeededAt ?? stored.deployment.createdAt);
    const minutes = Math.max(1, Math.round((opened - Math.min(at, opened)) / 60_000));
    const change = this.knownChanges?.({ ...stored.deployment, service: entry.service }) ?? null;
    const what = [`${entry.service} ${stored.deployment.ref}`, change?.record.number].filter(Boolean).join(', ');
    return `deployed ${minutes} min before (${what})`;
  }

  sources(): SourceFreshness[] {
    return this.options.sync.freshness();
  }

  private mapped(service: string): MappedService {
    const entry = this.byName.get(service.toLowerCase());
    if (!entry)
      throw new ContractFailure(
        'not_found',
        `${service} has no repository mapped in the workspace's delivery section: add it under delivery.services to see its deployments`,
      );
    return entry;
  }

  /** Matches deployments to the change system's changes since then; null without a change system. */
  private async changeMatcher(sinceMs: number): Promise<((deployment: MatchInput) => ChangeRequest | null) | null> {
    if (!this.options.changesSince) return null;
    const match = indexChanges(await this.options.changesSince(sinceMs));
    this.knownChanges = (deployment) => match(deployment);
    return match;
  }

  private summaryOf(
    entry: MappedService,
    directory: Directory | null,
    match: ((deployment: MatchInput) => ChangeRequest | null) | null,
  ): DeliveryServiceSummary {
    const { store } = this.options;
    const environments = entry.environments.map((environment) => {
      const latest = store.latestIn(entry.service, environment, false);
      const current = latest?.deployment.succeededAt ? latest : store.latestIn(entry.service, environment, true);
      return {
        environment,
        production: environment === entry.production,
        current: current ? view(current, match) : null,
        latest: latest ? view(latest, match) : null,
      };
    });
    const known = environments.some((environment) => environment.latest !== null);
    return {
      service: entry.service,
      serviceId: directory?.services.find((service) => service.name.toLowerCase() === entry.service.toLowerCase())?.id ?? null,
      teams: teamsOf(directory, entry.service),
      repository: entry.repository,
      pipeline: entry.pipeline,
      production: entry.production,
      dependsOn: [...entry.dependsOn],
      environments,
      problem: known ? null : `No deployments of ${entry.service} have been read yet from ${entry.pipeline}`,
    };
  }
}

type MatchInput = { service: string; ref: string; sha: string; createdAt: string };

function view(stored: StoredDeployment, match: ((deployment: MatchInput) => ChangeRequest | null) | null): ServiceDeployment {
  const { deployment } = stored;
  return {
    ...deployment,
    key: stored.key,
    service: stored.service,
    source: stored.source,
    change: match?.({ service: stored.service, ref: deployment.ref, sha: deployment.sha, createdAt: deployment.createdAt }) ?? null,
    range: stored.range,
  };
}

function unmappedSummary(service: string, serviceId: string | null, teams: DeliveryServiceSummary['teams']): DeliveryServiceSummary {
  return {
    service,
    serviceId,
    teams,
    repository: null,
    pipeline: null,
    production: null,
    dependsOn: [],
    environments: [],
    problem: `No repository is mapped for ${service}: add it under delivery.services in the workspace file to see what runs where and its delivery figures`,
  };
}

function teamsOf(directory: Directory | null, serviceName: string): DeliveryServiceSummary['teams'] {
  const service = directory?.services.find((candidate) => candidate.name.toLowerCase() === serviceName.toLowerCase());
  if (!directory || !service) return [];
  return service.teamIds.map((id) => ({ id, name: directory.teams.find((team) => team.id === id)?.name ?? id }));
}

/** A team named by id or name; a clear error naming the known teams when neither. */
function resolveTeam(directory: Directory, team: string): string {
  const found = directory.teams.find((candidate) => candidate.id === team || candidate.name.toLowerCase() === team.toLowerCase());
  if (!found)
    throw new ContractFailure(
      'bad_request',
      `No team ${team}: name one of ${directory.teams
        .map((candidate) => candidate.name)
        .slice(0, 12)
        .join(', ')}`,
    );
  return found.id;
}
