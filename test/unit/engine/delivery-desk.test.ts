/**
 * The delivery desk over a real (in-memory) delivery store: the "deployed 12 min before"
 * a high-urgency notification carries (with the change the deployment went out under,
 * once changes were read), "what changed" for an incident on a service the workspace does
 * not map, a team the metrics cannot name, and the audit refused without a change system.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Directory } from '../../../shared/domain/directory';
import type { Deployment } from '../../../shared/domain/delivery';
import { DeliveryDesk, type DeliveryDeskOptions } from '../../../electron/engine/delivery/delivery-desk';
import { DeliveryStore } from '../../../electron/engine/delivery/delivery-store';
import { DeliverySync } from '../../../electron/engine/delivery/delivery-sync';
import { sampleChange } from '../../support/sample-change';

const NOW = Date.parse('2026-12-06T14:00:00Z');
const stores: DeliveryStore[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

const directory = Directory.parse({
  users: [],
  teams: [{ id: 'T1', name: 'Payments' }],
  services: [{ id: 'PSVC1', name: 'Payments API', kind: 'digital-service', teamIds: ['T1'], escalationPolicyId: null }],
  escalationPolicies: [],
  priorities: [],
});

function deployment(overrides: Partial<Deployment>): Deployment {
  return {
    id: '1',
    repository: 'acme/payments-api',
    environment: 'production',
    production: true,
    ref: 'v1.4.2',
    sha: 'a1b2c3d',
    description: '',
    creator: 'dana-developer',
    createdAt: '2026-12-06T13:40:00Z',
    state: 'success',
    vendorState: 'success',
    stateAt: '2026-12-06T13:48:00Z',
    succeededAt: '2026-12-06T13:48:00Z',
    logUrl: null,
    environmentUrl: null,
    ...overrides,
  };
}

function desk(options: Partial<DeliveryDeskOptions> = {}) {
  const store = new DeliveryStore(':memory:');
  stores.push(store);
  const clock = { now: () => NOW };
  const sync = new DeliverySync({ store, feeds: [], code: new Map(), clock, pollIntervalMs: 60_000, onChange: () => {} });
  return {
    store,
    desk: new DeliveryDesk({
      store,
      sync,
      services: [
        {
          service: 'Payments API',
          repository: { provider: 'github', name: 'acme/payments-api', url: 'https://github.com/acme/payments-api' },
          pipeline: 'GitHub deployments',
          environments: ['production'],
          production: 'production',
          dependsOn: [],
        },
      ],
      code: new Map(),
      clock,
      failureWindowHours: 24,
      directory: async () => directory,
      changesSince: async () => [sampleChange({ deployment: { version: 'v1.4.2', commit: 'a1b2c3d', runUrl: null } })],
      incidentTimes: async () => [],
      incident: async (incidentId) => ({
        id: incidentId,
        service: { id: 'PX', name: 'Ledger' },
        createdAt: '2026-12-06T13:59:00Z',
      }),
      ...options,
    }),
  };
}

describe('the delivery desk', () => {
  it('says a production deployment came 12 minutes before an incident, naming its change once changes were read', async () => {
    const { store, desk: d } = desk();
    store.upsert('Payments API', 'github', [deployment({})]);
    expect(d.recentDeployment('payments api', '2026-12-06T14:00:00Z')).toBe('deployed 12 min before (Payments API v1.4.2)');
    await d.getServiceDelivery({ service: 'Payments API', limit: 10 });
    expect(d.recentDeployment('Payments API', '2026-12-06T14:00:00Z')).toBe('deployed 12 min before (Payments API v1.4.2, CHG0030001)');
    // Over an hour before, a failed deployment, another service: nothing to say.
    expect(d.recentDeployment('Payments API', '2026-12-06T15:00:00Z')).toBeNull();
    store.upsert('Payments API', 'github', [
      deployment({ id: '2', createdAt: '2026-12-06T14:30:00Z', state: 'failure', succeededAt: null }),
    ]);
    expect(d.recentDeployment('Payments API', '2026-12-06T14:40:00Z')).toBe('deployed 52 min before (Payments API v1.4.2, CHG0030001)');
    expect(d.recentDeployment('Ledger', '2026-12-06T14:00:00Z')).toBeNull();
  });

  it('says what is missing for an incident on a service with no repository mapped, and names the teams it knows', async () => {
    const { desk: d } = desk();
    const changes = await d.getIncidentChanges({ incidentId: 'Q1' });
    expect(changes.deployments).toEqual([]);
    expect(changes.problem).toBe("Ledger has no repository mapped in the workspace's delivery section: its deployments are not known");
    await expect(d.getDeliveryMetrics({ days: 7, team: 'Nobody' })).rejects.toThrow('No team Nobody: name one of Payments');
    await expect(d.getDeliveryMetrics({ days: 7, team: 'payments' })).resolves.toMatchObject({ metrics: { teams: [{ id: 'T1' }] } });
  });

  it("counts an incident under another name the paging platform gives the service (a Splunk On-Call routing key) as that service's", async () => {
    const mapped = {
      service: 'Payments API',
      pagingNames: ['payments-routing'],
      repository: { provider: 'github' as const, name: 'acme/payments-api', url: 'https://github.com/acme/payments-api' },
      pipeline: 'GitHub deployments',
      environments: ['production'],
      production: 'production',
      dependsOn: [],
    };
    const { store, desk: d } = desk({
      services: [mapped],
      incident: async (incidentId) => ({
        id: incidentId,
        service: { id: 'payments-routing', name: 'payments-routing' },
        createdAt: '2026-12-06T14:00:00Z',
      }),
      incidentTimes: async () => [
        {
          incidentId: 'splunk-on-call:41',
          number: 41,
          title: 'Checkout errors',
          htmlUrl: '',
          service: { id: 'payments-routing', name: 'Payments-Routing' },
          team: null,
          triggeredAt: Date.parse('2026-12-06T14:00:00Z'),
          acknowledgedAt: null,
          resolvedAt: Date.parse('2026-12-06T14:30:00Z'),
        },
      ],
    });
    store.upsert('Payments API', 'github', [deployment({})]);
    expect(d.recentDeployment('payments-routing', '2026-12-06T14:00:00Z')).toBe('deployed 12 min before (Payments API v1.4.2)');
    const changes = await d.getIncidentChanges({ incidentId: 'splunk-on-call:41' });
    expect(changes.problem).toBeNull();
    expect(changes.services).toEqual([{ service: 'Payments API', dependency: false, mapped: true }]);
    expect(changes.deployments.map((found) => found.ref)).toEqual(['v1.4.2']);
    // The delivery figures count it as the service's incident, after its deployment: a failed change.
    const { metrics } = await d.getDeliveryMetrics({ days: 7 });
    expect(metrics.incidents).toEqual([
      {
        id: 'splunk-on-call:41',
        service: 'Payments API',
        openedAt: '2026-12-06T14:00:00.000Z',
        deploymentId: 'github:1',
        finding: 'followed-deployment',
      },
    ]);
    expect(metrics.overall.all.changeFailureRate).toMatchObject({ failed: 1 });
  });

  it('refuses an audit without a change system to audit against, saying where changes live', async () => {
    const { desk: d } = desk({ changesSince: null });
    await expect(d.getAuditReport({ from: '2026-12-01', to: '2026-12-06' })).rejects.toThrow(
      /no change system to audit against: its `ticketing:` section/,
    );
  });
});
