/**
 * The engine's delivery over real HTTP: the delivery sync reads a service's GitHub
 * deployments (staging and production) into the store with each production version's
 * commits, a second round with nothing new costs one request per feed (answered 304), and
 * the desk answers what runs where, the history, the compare between two versions with
 * their pull requests, the metrics (deployments and lead time counted by hand), the change
 * audit against the ServiceNow simulator's changes (a deployment without a change, a change
 * closed without a deployment, a force-pushed version that cannot be traced) and "what
 * changed" before a PagerDuty incident, on its service and on a service it depends on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryStore } from '../../../electron/engine/delivery/delivery-store';
import { closeDeploymentChange } from '../../../electron/engine/changes/deployment-change';
import { deliveryOptions } from '../../../electron/host/delivery-setup';
import { WorkspaceSchema } from '../../../electron/host/workspace';
import { createServiceNowChangeSystem } from '../../../electron/providers/servicenow';
import type { GitHubSimulator } from '../../../electron/simulators/github';
import { startGitHubWithPaymentsHistory } from '../../support/payments-history';
import { requestsDuring } from '../../support/request-log';
import { raiseStandardChange } from '../../support/standard-change';
import { startHarness, type Harness } from './engine-harness';

const TOKEN = 'ghp_delivery-engine-test';
/** A squash commit's title without the pull request number GitHub appends. */
const titleOf = (message: string) => message.replace(/ \(#\d+\)$/, '');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let harness: Harness | null = null;
let gitHub: GitHubSimulator | null = null;
let store: DeliveryStore | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await harness?.close();
  await gitHub?.close();
  store?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  harness = gitHub = store = dataDir = null;
});

async function start() {
  gitHub = await startGitHubWithPaymentsHistory(TOKEN);
  const workspace = WorkspaceSchema.parse({
    paging: { provider: 'pagerduty', baseUrl: 'http://127.0.0.1:1' },
    github: { apiUrl: gitHub.baseUrl },
    delivery: {
      services: [
        { service: 'Payments API', repository: { provider: 'github', name: 'acme/payments-api' }, environments: ['staging', 'production'] },
        {
          service: 'Checkout Web',
          repository: { provider: 'github', name: 'acme/checkout-web' },
          environments: ['production'],
          dependsOn: ['Payments API'],
        },
      ],
    },
  });
  dataDir = mkdtempSync(join(tmpdir(), 'delivery-engine-'));
  store = new DeliveryStore(join(dataDir, 'console.sqlite'));
  const logged: string[] = [];
  const delivery = deliveryOptions(workspace.delivery!, { github: { baseUrl: gitHub.baseUrl, token: TOKEN } }, store, 2_000, (line) =>
    logged.push(line),
  );
  harness = await startHarness({ serviceNow: true, changes: { watchIntervalMs: 60_000 }, engine: { delivery } });
  const changeSystem = createServiceNowChangeSystem({
    instanceUrl: harness.serviceNow!.baseUrl,
    auth: { kind: 'basic', user: 'admin', password: 'x' },
    timeoutMs: 2_000,
  });
  return { h: harness, sim: gitHub, changeSystem, logged };
}

describe('delivery against the simulators', () => {
  it('reads what runs where and what each production version brought, then polls one request per feed when nothing changed', async () => {
    const { h, sim } = await start();
    await h.engine.refreshNow();

    const { services, sources } = await h.engine.listDeliveryServices();
    expect(sources).toEqual([expect.objectContaining({ source: 'github', label: 'GitHub', state: 'ok', error: null })]);
    const payments = services.find((service) => service.service === 'Payments API')!;
    expect(payments.problem).toBeNull();
    expect(payments.repository).toMatchObject({ provider: 'github', name: 'acme/payments-api' });
    const environments = Object.fromEntries(payments.environments.map((environment) => [environment.environment, environment]));
    expect(environments.production!.current).toMatchObject({
      ref: 'v1.2.1',
      creator: 'dana-developer',
      state: 'success',
      production: true,
    });
    expect(environments.staging!.current).toMatchObject({ ref: 'v1.1.0', production: false });
    // Another digital service the platform knows, with no repository mapped, says so.
    const unmapped = services.find((service) => service.service === 'Identity Service');
    expect(unmapped?.problem).toMatch(/No repository is mapped for Identity Service/);

    const { history } = await h.engine.getServiceDelivery({ service: 'payments api', limit: 50 });
    expect(history.map((deployment) => `${deployment.environment} ${deployment.ref} ${deployment.state}`)).toEqual([
      'production v1.2.1 success',
      'production v1.3.0 success',
      'production v1.2.0 success',
      'production v1.2.0 failure',
      'production v1.1.0 success',
      'staging v1.1.0 success',
      'production v1.0.0 success',
    ]);
    const byRef = (ref: string) => history.find((deployment) => deployment.ref === ref && deployment.production && deployment.succeededAt)!;
    expect(byRef('v1.0.0').range).toMatchObject({ from: null, traceable: true, totalCommits: 0, firstCommitAt: null });
    expect(byRef('v1.1.0').range).toMatchObject({ from: 'v1.0.0', traceable: true, relation: 'ahead', totalCommits: 2 });
    expect(byRef('v1.1.0').range!.commits.map((commit) => titleOf(commit.message))).toEqual(['Add refunds', 'Refund limits']);
    expect(byRef('v1.3.0').range).toMatchObject({ from: 'v1.2.0', traceable: false });
    expect(byRef('v1.3.0').range!.reason).toMatch(/./);

    // Nothing new: one conditional request per feed (Payments API staging and production, Checkout Web production), each a 304.
    const idle = await requestsDuring(sim, () => h.engine.refreshNow());
    expect(idle.sort()).toEqual([
      '304 /repos/acme/checkout-web/deployments',
      '304 /repos/acme/payments-api/deployments',
      '304 /repos/acme/payments-api/deployments',
    ]);
  });

  it('keeps what it read while GitHub is down, says how old the figures are, and catches up when it is back', async () => {
    const { h, sim } = await start();
    await h.engine.refreshNow();
    const before = (await h.engine.listDeliveryServices()).sources[0]!;
    expect(before.state).toBe('ok');

    sim.faults.inject({ kind: 'server-error', status: 503, count: 50 });
    const hotfix = sim.deployments.create('acme', 'payments-api', { ref: 'v1.2.0', environment: 'production', creator: 'priya-patel' });
    sim.deployments.addStatus(hotfix.id, 'success');
    await h.engine.refreshNow();
    const down = await h.engine.listDeliveryServices();
    expect(down.sources[0]).toMatchObject({ state: 'error', readAt: before.readAt });
    expect(down.sources[0]!.error).toMatch(/503/);
    // What was read stays: production still shows v1.2.1.
    const production = down.services.find((service) => service.service === 'Payments API')!.environments.find((each) => each.production)!;
    expect(production.current?.ref).toBe('v1.2.1');

    sim.faults.clear();
    await h.engine.refreshNow();
    const back = await h.engine.listDeliveryServices();
    expect(back.sources[0]).toMatchObject({ state: 'ok', error: null });
    expect(Date.parse(back.sources[0]!.readAt!)).toBeGreaterThan(Date.parse(before.readAt!));
    const caughtUp = back.services.find((service) => service.service === 'Payments API')!.environments.find((each) => each.production)!;
    expect(caughtUp.current).toMatchObject({ id: String(hotfix.id), ref: 'v1.2.0', creator: 'priya-patel' });
  });

  it('compares two versions with the pull requests behind the commits, and says why a force-pushed one cannot be traced', async () => {
    const { h } = await start();
    const range = await h.engine.compareVersions({ service: 'Payments API', from: 'v1.0.0', to: 'v1.2.0' });
    expect(range).toMatchObject({ traceable: true, relation: 'ahead', totalCommits: 3 });
    if (!range.traceable) throw new Error('traceable expected');
    expect(
      range.pullRequests.map((pull) => [pull.title, pull.reviewers.map((reviewer) => `${reviewer.login} ${reviewer.verdict}`)]),
    ).toEqual([
      ['Add refunds', ['sam-okafor approved']],
      ['Refund limits', ['sam-okafor approved']],
      ['New fraud rules', ['sam-okafor approved']],
    ]);
    const rollback = await h.engine.compareVersions({ service: 'Payments API', from: 'v1.2.0', to: 'v1.1.0' });
    expect(rollback).toMatchObject({ traceable: true, relation: 'behind' });
    await expect(h.engine.compareVersions({ service: 'Payments API', from: 'v1.2.0', to: 'v1.3.0' })).resolves.toMatchObject({
      traceable: false,
    });
    await expect(h.engine.compareVersions({ service: 'Search API', from: 'a', to: 'b' })).rejects.toThrow(/no repository mapped/);
  });

  it('counts the production deployments of the week and their lead times', async () => {
    const { h } = await start();
    await h.engine.refreshNow();
    const { metrics } = await h.engine.getDeliveryMetrics({ days: 7 });
    const payments = metrics.services.find((service) => service.id === 'Payments API')!;
    // v1.0.0, v1.1.0, v1.2.0 (failed), v1.2.0, v1.3.0, v1.2.1: six deployments, five successful.
    expect(payments.all.deployments).toBe(6);
    expect(payments.all.successful).toBe(5);
    const verdict = metrics.deployments.find((deployment) => deployment.version === 'v1.1.0')!;
    // First commit authored 5 h before staging's deployment started; production succeeded 10 minutes after that start.
    expect(verdict.leadTimeMs).toBe(5 * HOUR + 10 * 60_000);
    expect(metrics.deployments.find((deployment) => deployment.version === 'v1.3.0')!.leadTimeLeftOut).toBe('untraceable');
  });

  it('audits the period against the change system: deployments without a change, a change closed without a deployment, an untraceable version', async () => {
    const { h, changeSystem } = await start();
    await h.engine.refreshNow();
    await raiseStandardChange(changeSystem, 'v1.2.1', 'https://github.example/acme/payments-api/actions/runs/1');
    const orphan = await raiseStandardChange(changeSystem, 'v9.9.9', 'https://github.example/acme/payments-api/actions/runs/2');
    await closeDeploymentChange(changeSystem, { change: orphan.record.number, result: 'success', notes: null, causedIncident: null });

    const from = new Date(Date.now() - 5 * DAY).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const report = await h.engine.getAuditReport({ from, to, service: 'Payments API' });
    expect(report.rows.map((row) => row.version)).toEqual(['v1.2.1', 'v1.3.0', 'v1.2.0', 'v1.2.0', 'v1.1.0', 'v1.0.0']);
    const recent = report.rows[0]!;
    expect(recent.change).toMatchObject({ type: 'standard' });
    expect(recent.exceptions).toEqual([]);
    expect(recent.commits?.map((commit) => titleOf(commit.message))).toEqual(['Fix rounding', 'Log refunds']);
    expect(report.rows[1]!.exceptions.map((exception) => exception.kind).sort()).toEqual(['no-approved-change', 'untraceable']);
    expect(report.rows[4]!.exceptions.map((exception) => exception.kind)).toEqual(['no-approved-change']);
    // The simulator's own demo changes of Payments API were never deployed in this GitHub either: flagged alike.
    const closedWithout = report.changesWithoutDeployment.map((entry) => [entry.version, entry.exceptions[0]!.kind]);
    expect(closedWithout).toContainEqual(['v9.9.9', 'closed-without-deployment']);
    expect(closedWithout).not.toContainEqual(['v1.2.1', 'closed-without-deployment']);
    expect(report.counts.byKind).toMatchObject({
      'no-approved-change': 5,
      untraceable: 1,
      'closed-without-deployment': closedWithout.length,
      'outside-window': 0,
    });
  });

  it("says what changed before an incident: its service's deployment 12 minutes before with its commits, and the same on a service that depends on it", async () => {
    const { h } = await start();
    const state = h.pagerDuty.state;
    const agent = { type: 'user' as const, id: state.me.id };
    const create = (serviceName: string) =>
      state.createIncident({
        serviceId: state.getServiceByName(serviceName)!.id,
        title: `${serviceName} errors`,
        agent,
        channel: { type: 'api' },
      });
    const payments = create('Payments API');
    const checkout = create('Checkout Web');

    const onPayments = await h.engine.getIncidentChanges({ incidentId: payments.id });
    expect(onPayments.problem).toBeNull();
    expect(onPayments.services).toEqual([{ service: 'Payments API', dependency: false, mapped: true }]);
    expect(onPayments.deployments.map((deployment) => deployment.ref)).toEqual(['v1.2.1']);
    expect(onPayments.deployments[0]!.range?.commits.map((commit) => titleOf(commit.message))).toEqual(['Fix rounding', 'Log refunds']);

    const onCheckout = await h.engine.getIncidentChanges({ incidentId: checkout.id });
    expect(onCheckout.services).toEqual([
      { service: 'Checkout Web', dependency: false, mapped: true },
      { service: 'Payments API', dependency: true, mapped: true },
    ]);
    expect(onCheckout.deployments.map((deployment) => `${deployment.service} ${deployment.ref}`)).toEqual(['Payments API v1.2.1']);
  });
});
