/**
 * The demo organisation's 90 days of delivery history, read over real HTTP from the demo's
 * simulators as the console reads them (the GitHub, GitLab and Jenkins delivery readers,
 * the ServiceNow change system, the PagerDuty provider): consecutive versions compare to
 * the commits merged through reviewed pull requests, the force-pushed version answers 404,
 * the Jenkins job's builds carry VERSION and ENVIRONMENT, every production deployment has
 * its change carrying its version and commit (but the one deployed by hand), the failed
 * deployments' incidents are resolved in PagerDuty, the "what changed" deployment went out
 * 12 minutes before the newest open Payments API incident, and the engine's audit of the
 * 90 days finds exactly the planned exceptions, one of each kind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../shared/domain/change';
import type { Deployment } from '../../../shared/domain/delivery';
import { DeliveryDesk } from '../../../electron/engine/delivery/delivery-desk';
import { DeliveryStore } from '../../../electron/engine/delivery/delivery-store';
import { DeliverySync } from '../../../electron/engine/delivery/delivery-sync';
import { systemClock } from '../../../electron/engine/ports';
import type { ChangeSystem } from '../../../electron/engine/ports/change-system';
import {
  DEMO_WHAT_CHANGED_MINUTES_BEFORE,
  DEMO_WHAT_CHANGED_PREVIOUS_VERSION,
  DEMO_WHAT_CHANGED_SERVICE,
  DEMO_WHAT_CHANGED_VERSION,
} from '../../../electron/host/demo-delivery-history';
import { planDeliveryHistory } from '../../../electron/host/demo-delivery-plan';
import { startDemo, type DemoSetup } from '../../../electron/host/demo-setup';
import { deliveryOptions } from '../../../electron/host/delivery-setup';
import { createChangeSystem } from '../../../electron/host/ticketing-setup';
import { createGitHubDeliveryReader } from '../../../electron/providers/github/delivery-reader';
import { createGitLabDeliveryReader } from '../../../electron/providers/gitlab/delivery-reader';
import { createJenkinsDeliveryReader } from '../../../electron/providers/jenkins/delivery-reader';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const TEAMS: Record<string, string[]> = {
  'Payments API': ['dana-developer', 'priya-patel', 'marcus-chen'],
  'Checkout Web': ['olivia-martin', 'sam-okafor'],
};

let demo: DemoSetup;
let changeSystem: ChangeSystem;
let changes: ChangeRequest[];
let github: ReturnType<typeof createGitHubDeliveryReader>;
const dirs: string[] = [];

beforeAll(async () => {
  demo = await startDemo({ incidents: 25, newIncidentEveryMs: 0, ticketing: 'servicenow', automations: false, deployEveryMs: 0 });
  changeSystem = createChangeSystem(demo.workspace.ticketing!, demo.ticketing, { timeoutMs: 10_000 });
  changes = await changeSystem.findChanges({ since: new Date(Date.now() - 91 * DAY).toISOString() });
  github = createGitHubDeliveryReader({ baseUrl: demo.pipelines.github.baseUrl, token: 'demo-github-token', timeoutMs: 10_000 });
});

afterAll(async () => {
  await demo.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A repository's production deployments, oldest first. */
async function production(repository: string): Promise<Deployment[]> {
  const { deployments } = await github.deploymentsSince(repository, 'production', null);
  return deployments.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

function changeOf(service: string, deployment: Deployment): ChangeRequest | undefined {
  return changes
    .filter((change) => change.service.name === service && change.deployment.version === deployment.ref)
    .filter((change) => Date.parse(change.createdAt) <= Date.parse(deployment.createdAt))
    .at(-1);
}

describe("the demo's delivery history", () => {
  it('is planned the same way from the same seed, clock, teams and incident time', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const team = [
      { name: 'Ada One', email: 'ada.one@example.com', login: 'ada-one', username: 'ada.one' },
      { name: 'Bo Two', email: 'bo.two@example.com', login: 'bo-two', username: 'bo.two' },
    ];
    const plan = () => planDeliveryHistory({ now, seed: 1, teamOf: () => team, whatChangedAt: now - 20 * MINUTE });
    expect(plan()).toEqual(plan());
    const payments = plan().find((entry) => entry.service.service === 'Payments API')!;
    expect(payments.releases.at(-1)).toMatchObject({ version: DEMO_WHAT_CHANGED_VERSION, production: { at: now - 32 * MINUTE } });
    expect(Math.min(...payments.releases.map((release) => release.production?.at ?? Infinity))).toBeGreaterThan(now - 90 * DAY);
  });

  it('compares two consecutive Payments API versions to the commits merged through pull requests a teammate reviewed', async () => {
    const deployments = (await production('acme/payments-api')).filter((deployment) => deployment.state !== 'failure');
    expect(deployments.length).toBeGreaterThan(60);
    const [from, to] = deployments.slice(-12, -10);
    const range = await github.compare('acme/payments-api', from!.ref, to!.ref);
    if (!range.traceable) throw new Error(`Not traceable: ${range.reason}`);
    expect(range.relation).toBe('ahead');
    expect(range.commits.length).toBeGreaterThanOrEqual(1);
    expect(range.commits.length).toBeLessThanOrEqual(6);
    expect(
      range.pullRequests
        .map((pull) => pull.commitShas)
        .flat()
        .sort(),
    ).toEqual(range.commits.map((commit) => commit.sha).sort());
    for (const pull of range.pullRequests) {
      expect(pull.state).toBe('merged');
      expect(TEAMS['Payments API']).toContain(pull.author);
      const approvedBy = pull.reviewers.filter((reviewer) => reviewer.verdict === 'approved').map((reviewer) => reviewer.login);
      expect(approvedBy.length).toBe(1);
      expect(TEAMS['Payments API']).toContain(approvedBy[0]);
      expect(approvedBy[0]).not.toBe(pull.author);
    }
    for (const commit of range.commits) {
      // Written before it merged, merged before the version went to production.
      expect(Date.parse(commit.authoredAt)).toBeLessThan(Date.parse(commit.committedAt));
      expect(Date.parse(commit.committedAt)).toBeLessThan(Date.parse(to!.createdAt));
    }
    // Staging first, shortly before production.
    const { deployments: staging } = await github.deploymentsSince('acme/payments-api', 'staging', null);
    const staged = staging.find((deployment) => deployment.ref === to!.ref)!;
    expect(Date.parse(to!.createdAt) - Date.parse(staged.createdAt)).toBeGreaterThan(0);
    expect(Date.parse(to!.createdAt) - Date.parse(staged.createdAt)).toBeLessThan(4 * 60 * MINUTE);
  });

  it('answers 404 on compare for the one Checkout Web version whose commit a force push removed', async () => {
    const deployments = await production('acme/checkout-web');
    const base = `${demo.pipelines.github.baseUrl}/repos/acme/checkout-web/compare`;
    const missing: string[][] = [];
    for (let index = 1; index < deployments.length; index += 1) {
      const [from, to] = [deployments[index - 1]!.ref, deployments[index]!.ref];
      if (from === to) continue;
      const answer = await fetch(`${base}/${from}...${to}`, { headers: { Authorization: 'Bearer demo-github-token' } });
      if (answer.status === 404) missing.push([from, to]);
      else expect(answer.status).toBe(200);
    }
    // The pair ending at the force-pushed version and the one starting from it.
    expect(missing).toHaveLength(2);
    expect(missing[0]![1]).toBe(missing[1]![0]);
    const range = await github.compare('acme/checkout-web', missing[0]![0]!, missing[0]![1]!);
    expect(range).toMatchObject({ traceable: false, reason: expect.stringMatching(/force-pushed away or deleted/) });
  });

  it('lists the Jenkins deployment job builds with their VERSION and ENVIRONMENT, staging before production, one production build failed', async () => {
    const jenkins = createJenkinsDeliveryReader({ ...demo.pipelines.jenkins, timeoutMs: 10_000 });
    const { deployments, withoutParameters } = await jenkins.deploymentsSince(
      { job: 'deploy/search-api', repository: 'acme/search-api' },
      null,
    );
    expect(withoutParameters).toEqual([]);
    const productionBuilds = deployments.filter((deployment) => deployment.production);
    expect(productionBuilds.length).toBeGreaterThanOrEqual(10);
    expect(productionBuilds.filter((deployment) => deployment.state === 'failure')).toHaveLength(1);
    for (const build of productionBuilds) {
      const staged = deployments.find((deployment) => deployment.environment === 'staging' && deployment.ref === build.ref);
      expect(staged, build.ref).toBeDefined();
      expect(Date.parse(staged!.createdAt)).toBeLessThan(Date.parse(build.createdAt));
      // The build names the tagged commit, which GitHub holds.
      expect(build.sha).toMatch(/^[0-9a-f]{40}$/);
    }
    const [older, newer] = productionBuilds.filter((build) => build.state === 'success').slice(-2);
    expect(await github.compare('acme/search-api', older!.ref, newer!.ref)).toMatchObject({ traceable: true, relation: 'ahead' });
  });

  it('has a change per production deployment carrying its version and commit, standard or approved by the change manager', async () => {
    const gitlab = createGitLabDeliveryReader({ ...demo.pipelines.gitlab, timeoutMs: 10_000 });
    const identity = (await gitlab.deploymentsSince('identity/identity-service', 'production', null)).deployments;
    const byService: [string, Deployment[]][] = [
      ['Payments API', await production('acme/payments-api')],
      ['Checkout Web', await production('acme/checkout-web')],
      ['Identity Service', identity],
    ];
    const withoutChange: string[] = [];
    for (const [service, deployments] of byService) {
      for (const deployment of deployments) {
        const change = changeOf(service, deployment);
        if (!change) {
          withoutChange.push(`${service} ${deployment.ref} by ${deployment.creator} (${deployment.description})`);
          continue;
        }
        expect(change.deployment.commit, `${service} ${deployment.ref}`).toBe(deployment.sha);
        expect(change.state).toBe('closed');
        if (change.type !== 'standard') {
          expect(change.approvals.length === 0 || change.approvals.every((approval) => approval.approver.name === 'Grace Hopper')).toBe(
            true,
          );
          expect(change.approval).toBe('approved');
        }
      }
    }
    expect(withoutChange).toEqual([expect.stringMatching(/^Checkout Web \S+ by (olivia-martin|sam-okafor) \(Hotfix deployed by hand\)$/)]);
    const paymentsChanges = changes.filter((change) => change.service.name === 'Payments API');
    expect(paymentsChanges.filter((change) => change.type === 'standard').length).toBeGreaterThan(50);
    expect(paymentsChanges.filter((change) => change.type === 'normal').length).toBeGreaterThan(3);
    // Each rollback went out under an emergency change naming the incident it fixed.
    expect(paymentsChanges.filter((change) => change.type === 'emergency' && change.incidentId)).toHaveLength(2);
    expect(changes.filter((change) => change.closeCode === 'unsuccessful').length).toBeGreaterThanOrEqual(4);
  });

  it("keeps the failed deployments' incidents in PagerDuty, resolved, with acknowledge and resolve times", async () => {
    const paging = createPagerDutyProvider({ ...demo.pagerDuty, baseUrl: demo.workspace.paging.baseUrl, scope: {}, timeoutMs: 10_000 });
    const times = await paging.listIncidentTimes(Date.now() - 91 * DAY);
    const caused = times.filter((incident) =>
      [
        'Payments API: card authorisation error rate 7.9% (threshold 2%)',
        'Payments API: p99 latency 2,340 ms on POST /v1/charges (SLO 800 ms)',
        'Identity Service: login failure rate 9.2% (threshold 5%)',
      ].includes(incident.title),
    );
    expect(caused.map((incident) => incident.service.name).sort()).toEqual(['Identity Service', 'Payments API', 'Payments API']);
    for (const incident of caused) {
      expect(incident.acknowledgedAt! - incident.triggeredAt).toBeGreaterThan(MINUTE);
      expect(incident.resolvedAt! - incident.acknowledgedAt!).toBeGreaterThan(10 * MINUTE);
      expect(incident.resolvedAt! - incident.triggeredAt).toBeLessThan(3 * 60 * MINUTE);
    }
  });

  it('has Payments API deployed 12 minutes before the newest open incident on it, under a standard change, with 2-4 commits', async () => {
    const paging = createPagerDutyProvider({ ...demo.pagerDuty, baseUrl: demo.workspace.paging.baseUrl, scope: {}, timeoutMs: 10_000 });
    const open = (await paging.listOpenIncidents()).incidents
      .filter((incident) => incident.service.name === DEMO_WHAT_CHANGED_SERVICE)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const newest = open.at(-1)!;
    const deployed = (await production('acme/payments-api')).filter(
      (deployment) => Date.parse(deployment.createdAt) < Date.parse(newest.createdAt),
    );
    const last = deployed.at(-1)!;
    expect(last).toMatchObject({ ref: DEMO_WHAT_CHANGED_VERSION, state: 'success' });
    expect(Date.parse(newest.createdAt) - Date.parse(last.createdAt)).toBe(DEMO_WHAT_CHANGED_MINUTES_BEFORE * MINUTE);
    expect(deployed.at(-2)!.ref).toBe(DEMO_WHAT_CHANGED_PREVIOUS_VERSION);
    const range = await github.compare('acme/payments-api', DEMO_WHAT_CHANGED_PREVIOUS_VERSION, DEMO_WHAT_CHANGED_VERSION);
    if (!range.traceable) throw new Error(`Not traceable: ${range.reason}`);
    expect(range.commits.length).toBeGreaterThanOrEqual(2);
    expect(range.commits.length).toBeLessThanOrEqual(4);
    expect(range.pullRequests).toHaveLength(range.commits.length);
    expect(changeOf(DEMO_WHAT_CHANGED_SERVICE, last)).toMatchObject({ type: 'standard', state: 'closed', closeCode: 'successful' });
  });

  it("reads, through the engine's delivery sync, into an audit with exactly one exception of each kind over the 90 days", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-delivery-'));
    dirs.push(dir);
    const store = new DeliveryStore(join(dir, 'delivery.db'));
    const { pipelines } = demo;
    const options = deliveryOptions(
      demo.workspace.delivery!,
      { github: pipelines.github, gitlab: pipelines.gitlab, jenkins: pipelines.jenkins },
      store,
      10_000,
      () => {},
    );
    const sync = new DeliverySync({
      store,
      feeds: options.feeds,
      code: options.code,
      clock: systemClock,
      pollIntervalMs: 60_000,
      rangesPerRound: 500,
      onChange: () => {},
    });
    const paging = createPagerDutyProvider({ ...demo.pagerDuty, baseUrl: demo.workspace.paging.baseUrl, scope: {}, timeoutMs: 10_000 });
    const desk = new DeliveryDesk({
      store,
      sync,
      services: options.services,
      code: options.code,
      clock: systemClock,
      failureWindowHours: demo.workspace.delivery!.failureWindowHours,
      directory: () => paging.getDirectory(),
      changesSince: (sinceMs) => changeSystem.findChanges({ since: new Date(sinceMs).toISOString() }),
      incidentTimes: (sinceMs) => paging.listIncidentTimes(sinceMs),
      incident: async (incidentId) => (await paging.getIncidentDetail(incidentId)).incident,
    });
    try {
      await desk.syncNow();
      await desk.syncNow();
      const now = Date.now();
      const report = await desk.getAuditReport({ from: new Date(now - 90 * DAY).toISOString(), to: new Date(now).toISOString() });
      expect(report.counts.byKind).toEqual({
        'no-approved-change': 1,
        'outside-window': 1,
        untraceable: 1,
        'closed-without-deployment': 1,
      });
      const flagged = report.rows.filter((row) => row.exceptions.length > 0);
      expect(flagged.map((row) => [row.service, row.exceptions.map((exception) => exception.kind)]).sort()).toEqual([
        ['Checkout Web', ['no-approved-change']],
        ['Checkout Web', ['untraceable']],
        ['Payments API', ['outside-window']],
      ]);
      expect(report.changesWithoutDeployment.map((entry) => entry.service)).toEqual(['Identity Service']);
      expect(report.counts.deployments).toBeGreaterThan(150);
    } finally {
      await desk.stop();
      store.close();
    }
  });
});

describe("the demo's delivery history with Jira Service Management as the change system", () => {
  it('raises the deployment changes in the Jira change project after its own changes, with their versions and commits', async () => {
    const jiraDemo = await startDemo({
      incidents: 5,
      newIncidentEveryMs: 0,
      ticketing: 'jira-service-management',
      automations: false,
      deployEveryMs: 0,
    });
    try {
      const system = createChangeSystem(jiraDemo.workspace.ticketing!, jiraDemo.ticketing, { timeoutMs: 10_000 });
      // The change board's own changes keep their keys: CHG-1 still waits for the change manager.
      expect(await system.getChange('CHG-1')).toMatchObject({
        type: 'normal',
        state: 'authorize',
        shortDescription: expect.stringMatching(/card network SDK/),
      });
      const payments = await system.findChanges({ serviceName: 'Payments API', since: new Date(Date.now() - 91 * DAY).toISOString() });
      const deployments = payments.filter((change) => change.deployment.version !== 'unknown');
      expect(deployments.length).toBeGreaterThan(60);
      for (const change of deployments) expect(change.deployment.commit).toMatch(/^[0-9a-f]{40}$/);
      const last = deployments.find((change) => change.deployment.version === DEMO_WHAT_CHANGED_VERSION);
      expect(last).toMatchObject({ type: 'standard', state: 'closed', closeCode: 'successful' });
      expect(deployments.filter((change) => change.closeCode === 'unsuccessful')).toHaveLength(2);
    } finally {
      await jiraDemo.close();
    }
  });
});
