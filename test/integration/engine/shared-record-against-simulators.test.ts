/**
 * Two consoles on two machines, over real HTTP: each its own database, both with the real
 * PagerDuty, ticketing (ServiceNow or Jira Service Management) and GitHub Actions
 * providers against one set of simulators. The developer's console and the specialist's
 * share nothing but the ticketing system: a DBA elsewhere sees the developer's ask, works
 * it, and the developer sees each step; an approver elsewhere approves a restore, their
 * console runs it, and the requester sees it succeed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Persona, SpecialistRequest } from '../../../shared/domain/specialist-request';
import { type Engine } from '../../../electron/engine/engine';
import { wireEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { SpecialistRequestStore } from '../../../electron/engine/specialists/request-store';
import type { TicketingProvider } from '../../../electron/engine/ports/ticketing';
import { TicketMapping } from '../../../electron/engine/ticketing/ticket-mapping';
import { loadCatalogue, validateFormData } from '../../../electron/host/catalogue-loader';
import { createGitHubActionsProvider } from '../../../electron/providers/github';
import { createJiraServiceManagementProvider } from '../../../electron/providers/jira-service-management';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { createServiceNowProvider } from '../../../electron/providers/servicenow';
import { startGitHubSimulator, type GitHubSimulator } from '../../../electron/simulators/github';
import { startJiraServiceManagementSimulator } from '../../../electron/simulators/jira-service-management';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { startServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { waitFor } from '../../support/wait-for';

const repo = join(import.meta.dirname, '../../..');
const catalogue = loadCatalogue([join(repo, 'catalogue/dba.yaml'), join(repo, 'catalogue/network.yaml')]);
type TicketingKind = 'servicenow' | 'jira-service-management';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Simulators {
  pagerDuty: PagerDutySimulator;
  gitHub: GitHubSimulator;
  /** A new provider for the ticketing simulator (each console has its own). */
  ticketing(): TicketingProvider;
}

async function startSimulators(kind: TicketingKind): Promise<Simulators> {
  const pagerDuty = await startPagerDutySimulator({ seed: 1, seedIncidents: 3, demo: false });
  cleanups.push(() => pagerDuty.close());
  const gitHub = await startGitHubSimulator({ timing: { queuedMs: 100, runningMs: 200 } });
  cleanups.push(() => gitHub.close());
  if (kind === 'servicenow') {
    const serviceNow = await startServiceNowSimulator({ seed: 1 });
    cleanups.push(() => serviceNow.close());
    return {
      pagerDuty,
      gitHub,
      ticketing: () =>
        createServiceNowProvider({
          instanceUrl: serviceNow.baseUrl,
          auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
          timeoutMs: 2_000,
        }),
    };
  }
  const jira = await startJiraServiceManagementSimulator({ org: pagerDuty.state });
  cleanups.push(() => jira.close());
  return {
    pagerDuty,
    gitHub,
    ticketing: () =>
      createJiraServiceManagementProvider({
        siteUrl: jira.baseUrl,
        email: 'oncall-console@example.com',
        apiToken: 'token',
        timeoutMs: 2_000,
      }),
  };
}

interface Console {
  engine: Engine;
  /** Reads the ticketing system until the request satisfies `done`. */
  until(requestId: string, done: (request: SpecialistRequest) => boolean, what: string): Promise<SpecialistRequest>;
}

/** A console on its own machine: its own database and host id, acting as `persona` (the demo's persona switch). */
async function startConsole(simulators: Simulators, hostId: string, persona: Persona['id']): Promise<Console> {
  const dir = mkdtempSync(join(tmpdir(), `shared-record-${hostId}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'outbox.sqlite');
  const outbox = new Outbox(file, systemClock);
  const store = new SpecialistRequestStore(file);
  cleanups.push(() => {
    outbox.close();
    store.close();
  });
  const paging = createPagerDutyProvider({
    baseUrl: simulators.pagerDuty.baseUrl,
    token: 'token',
    from: simulators.pagerDuty.state.me.email,
    scope: {},
    timeoutMs: 2_000,
  });
  const { engine, parts } = wireEngine({
    paging,
    outbox,
    clock: systemClock,
    workspace: { name: hostId, demo: true, me: await paging.whoAmI(), pollIntervalMs: 60_000 },
    reconcileIntervalMs: 600_000,
    actionBackoff: { baseMs: 50, capMs: 200 },
    ticketing: { provider: simulators.ticketing(), mapping: new TicketMapping([]), hostId, automations: false },
    specialists: {
      catalogue,
      store,
      pipelines: {
        'github-actions': createGitHubActionsProvider({ baseUrl: simulators.gitHub.baseUrl, token: 'gh-token', timeoutMs: 2_000 }),
      },
      validateForm: validateFormData,
      runPollIntervalMs: 100,
      // The test reads the ticketing system itself, so that each step is seen to come through it.
      sharedRecordPollIntervalMs: 600_000,
    },
  });
  engine.start();
  cleanups.push(() => engine.stop());
  await engine.switchPersona({ personaId: persona });
  const find = async (requestId: string) =>
    (await engine.listSpecialistRequests({ scope: 'all' })).requests.find((candidate) => candidate.id === requestId);
  return {
    engine,
    async until(requestId, done, what) {
      const request = await waitFor(
        `${hostId} to see ${requestId} get ${what}`,
        async () => {
          await parts.specialists?.readSharedRecord();
          return find(requestId);
        },
        {
          until: (candidate) => candidate !== undefined && done(candidate),
          timeoutMs: 10_000,
          everyMs: 100,
          describe: (last) =>
            JSON.stringify({ state: last?.state, lastError: last?.lastError, history: last?.history.map((entry) => entry.summary) }),
        },
      );
      return request!;
    },
  };
}

const queryReview = {
  database: 'pg-payments',
  environment: 'production',
  query: 'SELECT * FROM payments WHERE created_at > now() - interval 1 day',
  symptoms: 'p95 went from 40 ms to 2 s after the 14:00 deploy',
};
const restore = {
  database: 'pg-payments',
  backup_id: '20261126-0200',
  target_environment: 'staging',
  reason: 'Rows deleted by the 09:12 batch job',
};

describe.each<TicketingKind>(['servicenow', 'jira-service-management'])('the ticket as the shared record in %s', (kind) => {
  it('a DBA elsewhere sees the ask in their queue, claims, comments and resolves it; the developer sees each step', async () => {
    const simulators = await startSimulators(kind);
    const developer = await startConsole(simulators, 'laptop-dana', 'developer');
    const dba = await startConsole(simulators, 'laptop-victor', 'dba');

    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'query-performance-review', inputs: queryReview });
    const seen = await dba.until(asked.id, (request) => request.ticket !== null, 'the ask');
    expect(seen).toMatchObject({ state: 'new', requester: { email: simulators.pagerDuty.state.me.email }, inputs: queryReview });
    expect((await dba.engine.listSpecialistRequests({ scope: 'my-teams' })).requests.map((request) => request.id)).toEqual([asked.id]);

    await dba.engine.actOnSpecialistRequest({ requestId: asked.id, action: 'claim', text: '' });
    await dba.engine.actOnSpecialistRequest({ requestId: asked.id, action: 'comment', text: 'Looking at the plan now' });
    const claimed = await developer.until(asked.id, (request) => request.state === 'in-progress', 'claimed and started');
    expect(claimed.assignee?.email).toBe((await dba.engine.getPersonas()).personas.find((persona) => persona.id === 'dba')?.user.email);
    expect(claimed.comments.map((comment) => comment.text)).toEqual(['Looking at the plan now']);

    await dba.engine.actOnSpecialistRequest({ requestId: asked.id, action: 'resolve', text: 'Recreated the dropped index' });
    const resolved = await developer.until(asked.id, (request) => request.state === 'resolved', 'resolved');
    expect(resolved.history.map((entry) => entry.summary)).toContain(`${claimed.assignee?.name} resolved it: Recreated the dropped index`);
    // The ticket itself was worked, not only the notes: closed in the ticketing system.
    await developer.until(
      asked.id,
      (request) => request.ticket?.state === (kind === 'servicenow' ? 'Closed Complete' : 'Resolved'),
      'its ticket closed',
    );
  });

  it('an approver elsewhere approves a restore; their console runs it on GitHub Actions and the requester sees it succeed', async () => {
    const simulators = await startSimulators(kind);
    const developer = await startConsole(simulators, 'laptop-dana', 'developer');
    const dba = await startConsole(simulators, 'laptop-victor', 'dba');

    const asked = await developer.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    const waiting = await dba.until(asked.id, (request) => request.state === 'awaiting-approval', 'the approval to give');
    expect(waiting.approvalStillNeeded).toEqual(['any one member of Database Administration']);

    await dba.engine.actOnSpecialistRequest({ requestId: asked.id, action: 'approve', text: 'Staging, fine' });
    const done = await developer.until(asked.id, (request) => request.state === 'succeeded', 'success');
    expect(done.approvals).toMatchObject([{ decision: 'approve', comment: 'Staging, fine' }]);
    expect(done.runs[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    const runs = simulators.gitHub.state.allRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]?.inputs).toMatchObject({ database: 'pg-payments', backup_id: '20261126-0200', console_request_id: `${asked.id}-1` });
  });
});
