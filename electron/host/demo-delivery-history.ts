/**
 * The demo organisation's delivery history: 90 days, ending now, of the four services the
 * demo workspace maps (DEMO_DELIVERY_SERVICES), written into the simulators at start:
 * commits merged through reviewed pull requests (GitHub) and merge requests (GitLab) by
 * the owning team's people, a tag per version, staging then production deployments
 * (GitHub deployments, GitLab deployments, Jenkins builds of deploy/search-api), the
 * deploy workflow's runs, a change per production deployment in the demo's change system
 * (ServiceNow, or Jira Service Management when the demo runs with it), and the incidents
 * failed deployments caused (resolved, in PagerDuty). Deterministic from the demo seed
 * and the clock. What it plans and what goes wrong on the way: demo-delivery-plan.ts and
 * demo-delivery-scenarios.ts.
 *
 * "What changed" (the Playwright test's incident): the newest open incident the PagerDuty
 * demo seeds on DEMO_WHAT_CHANGED_SERVICE (Payments API; open incidents are seeded over the
 * 36 hours before start, demo-incidents.ts) opened DEMO_WHAT_CHANGED_MINUTES_BEFORE minutes
 * after Payments API DEMO_WHAT_CHANGED_VERSION went to production: successful, under a
 * standard change closed before the incident opened, bringing 2 to 4 commits through pull
 * requests over DEMO_WHAT_CHANGED_PREVIOUS_VERSION. It is the service's last release before
 * the demo starts (with no open Payments API incident, it goes out two hours before start).
 * The PagerDuty demo generator may resolve that incident after a while, like any other.
 */
import type { GitHubSimulator } from '../simulators/github';
import type { GitLabSimulator } from '../simulators/gitlab';
import type { JenkinsSimulator } from '../simulators/jenkins';
import { seedDeploymentIncident } from '../simulators/pagerduty/demo-deployment-incidents';
import type { SimulatorState } from '../simulators/pagerduty';
import { gitHubPerson, writeServiceCode, type WrittenRelease } from './demo-delivery-code';
import { writeDeploymentChanges, type DemoChangeSystem } from './demo-delivery-changes';
import { PAYMENTS_LAST_VERSION, planDeliveryHistory, WHAT_CHANGED_MINUTES_BEFORE } from './demo-delivery-plan';
import type { DemoPerson, PlannedIncident, PlannedRelease } from './demo-delivery-types';

export const DEMO_WHAT_CHANGED_SERVICE = 'Payments API';
export const DEMO_WHAT_CHANGED_VERSION = PAYMENTS_LAST_VERSION.join('.');
export const DEMO_WHAT_CHANGED_PREVIOUS_VERSION = [PAYMENTS_LAST_VERSION[0], PAYMENTS_LAST_VERSION[1], PAYMENTS_LAST_VERSION[2] - 1].join(
  '.',
);
export const DEMO_WHAT_CHANGED_MINUTES_BEFORE = WHAT_CHANGED_MINUTES_BEFORE;

const HOUR = 3_600_000;

/** The demo simulators' clock: now, or (while a history step is written) the moment it happened. */
export interface DemoClock {
  now(): number;
  travel<T>(at: number, step: () => T): T;
}

export function demoClock(): DemoClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    travel(at, step) {
      const before = offset;
      offset = at - Date.now();
      try {
        return step();
      } finally {
        offset = before;
      }
    },
  };
}

export interface DeliveryHistoryTargets {
  clock: DemoClock;
  seed: number;
  pagerDuty: SimulatorState;
  gitHub: GitHubSimulator;
  gitLab: GitLabSimulator;
  jenkins: JenkinsSimulator;
  /** Where the deployments' changes go; null: nowhere. */
  changes: DemoChangeSystem | null;
}

export interface DemoDeliveryHistory {
  /** Each service's last version (what the demo pipeline carries on from). */
  lastVersions: Record<string, string>;
  /** The people of the team that owns the service (who the demo pipeline's pull requests come from). */
  teamOf(service: string): { login: string; name: string; email: string }[];
}

/** Writes the history into the simulators; returns what the demo pipeline carries on from. */
export function seedDemoDeliveryHistory(targets: DeliveryHistoryTargets): DemoDeliveryHistory {
  const { clock, pagerDuty } = targets;
  const now = clock.now();
  const teamOf = (service: string) => teamPeople(pagerDuty, service);
  const whatChangedAt = whatChangedTime(pagerDuty, now);
  const plans = planDeliveryHistory({ now, seed: targets.seed, teamOf, whatChangedAt });

  // The incidents first, oldest first: the runs' logs and the changes' notes name them.
  const incidents = new Map<PlannedIncident, { id: string; number: number }>();
  const causedBy = new Map<PlannedRelease, PlannedIncident>();
  const failed: PlannedRelease[] = [];
  for (const plan of plans)
    for (const release of plan.releases) {
      const incident = release.causes ?? release.change?.fixes;
      if (incident) causedBy.set(release, incident);
      if (release.causes) failed.push(release);
    }
  for (const release of failed.sort((a, b) => a.causes!.openedAt - b.causes!.openedAt)) {
    const caused = release.causes!;
    const seeded = seedDeploymentIncident(pagerDuty, {
      serviceName: release.service.service,
      ...caused.alert,
      details: { ...caused.alert.details, release: release.version },
      dedupKey: `release-${release.service.repository}-${release.version}`,
      openedAt: caused.openedAt,
      acknowledgedAt: caused.acknowledgedAt,
      note: caused.note,
      resolvedAt: caused.resolvedAt,
    });
    incidents.set(caused, { id: seeded.id, number: seeded.number });
  }

  const records: { release: PlannedRelease; written: WrittenRelease }[] = [];
  const lastVersions: Record<string, string> = {};
  for (const plan of plans) {
    const written = writeServiceCode(plan, {
      gitHub: targets.gitHub,
      gitLab: targets.gitLab,
      jenkins: targets.jenkins,
      travel: (at, step) => clock.travel(at, step),
      incidentName: (release) => {
        const incident = causedBy.get(release);
        const seeded = incident && incidents.get(incident);
        return seeded ? `#${seeded.number}` : 'on the service';
      },
    });
    for (const release of plan.releases) records.push({ release, written: written.get(release)! });
    const last = plan.releases.filter((release) => release.kind === 'release').at(-1);
    if (last) lastVersions[plan.service.service] = last.version;
  }
  if (targets.changes) writeDeploymentChanges(targets.changes, records, incidents, (at, step) => clock.travel(at, step));
  return { lastVersions, teamOf: (service) => teamOf(service).map(gitHubPerson) };
}

/** When the newest open incident on Payments API opened; two hours ago when none is open. */
function whatChangedTime(pagerDuty: SimulatorState, now: number): number {
  const service = pagerDuty.getServiceByName(DEMO_WHAT_CHANGED_SERVICE);
  const open = service ? pagerDuty.listIncidents({ statuses: ['triggered', 'acknowledged'], serviceIds: [service.id] }) : [];
  return open.length > 0 ? Math.max(...open.map((incident) => incident.createdAt)) : now - 2 * HOUR;
}

/** The people of the teams that own the service in the PagerDuty demo organisation. */
function teamPeople(pagerDuty: SimulatorState, serviceName: string): DemoPerson[] {
  const service = pagerDuty.getServiceByName(serviceName);
  if (!service) return [];
  return pagerDuty.users
    .filter((user) => user.teamIds.some((id) => service.teamIds.includes(id)))
    .map((user) => ({
      name: user.name,
      email: user.email,
      login: user.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      username: user.email.split('@')[0] ?? user.name,
    }));
}
