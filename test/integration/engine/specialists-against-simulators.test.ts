/**
 * Specialists as a service end to end over real HTTP: the engine with the real PagerDuty,
 * ServiceNow / Jira Service Management and GitHub Actions providers against their
 * simulators, the demo catalogue plus a few offerings that point at pipelines GitHub
 * refuses. Expertise requests land in the team's queue and claim / comment / resolve show
 * in the ticket; a restore with approval runs on GitHub Actions with the inputs given;
 * refused dispatches (404 workflow, 422 inputs) and a rejected approval leave a clear
 * message and an honest history.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpecialistRequest } from '../../../shared/domain/specialist-request';
import { type Engine } from '../../../electron/engine/engine';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { SpecialistRequestStore } from '../../../electron/engine/specialists/request-store';
import type { TicketingProvider } from '../../../electron/engine/ports/ticketing';
import { TicketMapping } from '../../../electron/engine/ticketing/ticket-mapping';
import { parseCatalogue, validateFormData } from '../../../electron/host/catalogue-loader';
import { createGitHubActionsProvider } from '../../../electron/providers/github';
import { createJiraServiceManagementProvider } from '../../../electron/providers/jira-service-management';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { createServiceNowProvider } from '../../../electron/providers/servicenow';
import { startGitHubSimulator, type GitHubSimulator } from '../../../electron/simulators/github';
import {
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
} from '../../../electron/simulators/jira-service-management';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { startSplunkOnCallSimulator, type SplunkOnCallSimulator } from '../../../electron/simulators/splunk-on-call';
import { createSplunkOnCallProvider } from '../../../electron/providers/splunk-on-call';
import { waitFor } from '../../support/wait-for';

const repo = join(import.meta.dirname, '../../..');
const REFUSED_OFFERINGS = `
team:
  id: database-tooling
  name: Database Tooling
  assignmentGroup: Database Administration
offerings:
  - id: missing-workflow
    title: Run a workflow that does not exist
    kind: self-service
    risk: low
    description: Points at a workflow file the repository does not have.
    sla: { response: 15m, resolution: 1h }
    form:
      type: object
      required: [database]
      properties:
        database: { type: string, title: Database }
    pipeline:
      kind: github-actions
      repository: acme/db-ops
      workflow: no-such-workflow.yml
      inputs:
        database: "{{form.database}}"
  - id: unexpected-inputs
    title: Run a workflow with an input it does not take
    kind: self-service
    risk: low
    description: Sends an input the workflow does not declare.
    sla: { response: 15m, resolution: 1h }
    form:
      type: object
      required: [database]
      properties:
        database: { type: string, title: Database }
    pipeline:
      kind: github-actions
      repository: acme/db-ops
      workflow: grant-read-access.yml
      inputs:
        database: "{{form.database}}"
        grantee: nobody@example.com
        requested_by: "{{requester.email}}"
        colour: blue
`;

interface Stack {
  engine: Engine;
  pagerDuty: PagerDutySimulator;
  gitHub: GitHubSimulator;
  serviceNow: ServiceNowSimulator | null;
  jira: JiraServiceManagementSimulator | null;
  /** Splunk On-Call beside PagerDuty, when asked for. */
  splunkOnCall: SplunkOnCallSimulator | null;
  requests(): Promise<SpecialistRequest[]>;
  /** Waits until the request satisfies `done` (the outbox and the run poller work in the background). */
  until(requestId: string, done: (request: SpecialistRequest) => boolean, what: string): Promise<SpecialistRequest>;
}

/** The states a request went through, each once (entries that did not change the state, such as the ticket being raised, left out). */
function stateChanges(request: SpecialistRequest): string[] {
  return request.history.map((entry) => entry.state).filter((state, index, all) => state !== all[index - 1]);
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startStack(
  ticketingKind: 'servicenow' | 'jira-service-management',
  options: { splunkOnCall?: boolean } = {},
): Promise<Stack> {
  const pagerDuty = await startPagerDutySimulator({ seed: 1, seedIncidents: 5, demo: false });
  cleanups.push(() => pagerDuty.close());
  const gitHub = await startGitHubSimulator({ timing: { queuedMs: 100, runningMs: 200 } });
  cleanups.push(() => gitHub.close());
  let serviceNow: ServiceNowSimulator | null = null;
  let jira: JiraServiceManagementSimulator | null = null;
  let ticketing: TicketingProvider;
  if (ticketingKind === 'servicenow') {
    serviceNow = await startServiceNowSimulator({ seed: 1 });
    cleanups.push(() => serviceNow?.close());
    ticketing = createServiceNowProvider({
      instanceUrl: serviceNow.baseUrl,
      auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
      timeoutMs: 2_000,
    });
  } else {
    jira = await startJiraServiceManagementSimulator({ org: pagerDuty.state });
    cleanups.push(() => jira?.close());
    ticketing = createJiraServiceManagementProvider({
      siteUrl: jira.baseUrl,
      email: 'oncall-console@example.com',
      apiToken: 'token',
      timeoutMs: 2_000,
    });
  }
  const dir = mkdtempSync(join(tmpdir(), 'specialists-sim-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'outbox.sqlite');
  const outbox = new Outbox(file, systemClock);
  const store = new SpecialistRequestStore(file);
  cleanups.push(() => {
    outbox.close();
    store.close();
  });
  const paging = createPagerDutyProvider({
    baseUrl: pagerDuty.baseUrl,
    token: 'token',
    from: pagerDuty.state.me.email,
    scope: {},
    timeoutMs: 2_000,
  });
  const catalogue = parseCatalogue([
    { file: 'catalogue/dba.yaml', text: readFileSync(join(repo, 'catalogue/dba.yaml'), 'utf8') },
    { file: 'catalogue/network.yaml', text: readFileSync(join(repo, 'catalogue/network.yaml'), 'utf8') },
    { file: 'test/refused.yaml', text: REFUSED_OFFERINGS },
  ]);
  const me = await paging.whoAmI();
  const splunkOnCall = options.splunkOnCall
    ? await startSplunkOnCallSimulator({ credentials: [{ apiId: 'acme-api-id', apiKey: 'acme-key-0123456789' }] })
    : null;
  if (splunkOnCall) cleanups.push(() => splunkOnCall.close());
  const morePaging = splunkOnCall
    ? [
        createSplunkOnCallProvider({
          apiUrl: splunkOnCall.apiUrl,
          apiId: 'acme-api-id',
          apiKey: 'acme-key-0123456789',
          username: splunkOnCall.state.users[0]!.username,
          timeoutMs: 2_000,
        }),
      ]
    : [];
  const engine = createEngine({
    paging,
    morePaging,
    outbox,
    clock: systemClock,
    workspace: { name: 'Specialists', demo: true, me, pollIntervalMs: 60_000 },
    reconcileIntervalMs: 600_000,
    actionBackoff: { baseMs: 50, capMs: 200 },
    ticketing: { provider: ticketing, mapping: new TicketMapping([]), hostId: 'h1', automations: false },
    specialists: {
      catalogue,
      store,
      pipelines: { 'github-actions': createGitHubActionsProvider({ baseUrl: gitHub.baseUrl, token: 'gh-token', timeoutMs: 2_000 }) },
      validateForm: validateFormData,
      runPollIntervalMs: 100,
    },
  }).start();
  cleanups.push(() => engine.stop());
  const requests = async () => (await engine.listSpecialistRequests({ scope: 'all' })).requests;
  return {
    engine,
    pagerDuty,
    gitHub,
    serviceNow,
    jira,
    splunkOnCall,
    requests,
    async until(requestId, done, what) {
      const request = await waitFor(
        `${requestId} to get ${what}`,
        async () => (await requests()).find((candidate) => candidate.id === requestId),
        {
          until: (candidate) => candidate !== undefined && done(candidate),
          timeoutMs: 7_500,
          everyMs: 50,
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

describe('expertise requests in the ticketing simulators', () => {
  it('ServiceNow: lands as a requested item of Database Administration, linked to the incident; claim, comment and resolve show in it', async () => {
    const stack = await startStack('servicenow');
    const sn = stack.serviceNow!;
    await stack.engine.ready();
    const incidentId = (await stack.engine.getSnapshot()).incidents[0]!.id;
    const submitted = await stack.engine.submitSpecialistRequest({
      offeringId: 'query-performance-review',
      inputs: queryReview,
      incidentId,
    });
    const raised = await stack.until(
      submitted.id,
      (request) => request.ticket !== null && request.history.some((entry) => entry.summary.startsWith('Linked to incident')),
      'its ticket',
    );

    const item = sn.state.rows('sc_req_item').find((row) => row.number === raised.ticket?.number)!;
    const group = sn.state.rows('sys_user_group').find((row) => row.name === 'Database Administration')!;
    expect(item.assignment_group).toBe(group.sys_id);
    expect(item.correlation_id).toBe(submitted.id);
    expect(
      sn.state
        .journal(item.sys_id!, 'comments')
        .map((entry) => entry.value)
        .join('\n'),
    ).toContain('Raised from paging incident');
    const { notes } = await stack.engine.getIncidentDetail({ incidentId });
    expect(notes.map((note) => note.content)).toContain(
      `Asked Database Administration for Query performance review: ${raised.ticket?.number} (${raised.ticket?.url})`,
    );

    await stack.engine.switchPersona({ personaId: 'dba' });
    const { personas } = await stack.engine.getPersonas();
    const dba = personas.find((persona) => persona.id === 'dba')!;
    await stack.engine.actOnSpecialistRequest({ requestId: submitted.id, action: 'claim', text: '' });
    await stack.engine.actOnSpecialistRequest({ requestId: submitted.id, action: 'comment', text: 'Looking at the plan now' });
    await stack.engine.actOnSpecialistRequest({ requestId: submitted.id, action: 'resolve', text: 'Recreated the dropped index' });
    await stack.until(submitted.id, (request) => request.ticket?.state === 'Closed Complete', 'its ticket closed');

    expect(sn.state.get('sc_req_item', item.sys_id!)?.assigned_to).toBe(sn.state.userByEmail(dba.user.email)?.sys_id);
    expect(
      sn.state.journal(item.sys_id!, 'comments').some((entry) => (entry.value ?? '').includes(`${dba.user.name}: Looking at the plan now`)),
    ).toBe(true);
    expect(sn.state.get('sc_req_item', item.sys_id!)?.close_notes).toContain('Recreated the dropped index');
    expect(sn.state.get('sc_req_item', item.sys_id!)?.state).toBe('3');
  });

  it('raised from a Splunk On-Call incident: lands in ServiceNow linked to the incident, without a note Splunk On-Call cannot keep', async () => {
    const stack = await startStack('servicenow', { splunkOnCall: true });
    const sn = stack.serviceNow!;
    await stack.engine.ready();
    const incident = await waitFor('a Splunk On-Call incident in the queue', async () =>
      (await stack.engine.getSnapshot()).incidents.find((candidate) => candidate.provider === 'splunk-on-call'),
    );
    stack.splunkOnCall!.resetRequestLog();
    const submitted = await stack.engine.submitSpecialistRequest({
      offeringId: 'query-performance-review',
      inputs: queryReview,
      incidentId: incident!.id,
    });
    const raised = await stack.until(
      submitted.id,
      (request) => request.ticket !== null && request.history.some((entry) => entry.summary.startsWith('Linked to incident')),
      'its ticket',
    );
    expect(raised.state).not.toBe('failed');
    expect(raised.lastError).toBeNull();
    const item = sn.state.rows('sc_req_item').find((row) => row.number === raised.ticket?.number)!;
    expect(
      sn.state
        .journal(item.sys_id!, 'comments')
        .map((entry) => entry.value)
        .join('\n'),
    ).toContain(`Raised from paging incident #${incident!.number} "${incident!.title}"`);
    // The history says why there is no note on the incident; Splunk On-Call got no write.
    expect(raised.history.map((entry) => entry.summary)).toContain(
      `Linked to incident #${incident!.number}: a comment on ${raised.ticket?.number} (Splunk On-Call has no incident notes or responder requests in its public API: the request is raised in the ticketing system, without a note on the incident or a page)`,
    );
    expect(stack.splunkOnCall!.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('Jira Service Management: lands as a request of the specialist type with the team set; claim and resolve show in it', async () => {
    const stack = await startStack('jira-service-management');
    const jira = stack.jira!;
    const submitted = await stack.engine.submitSpecialistRequest({
      offeringId: 'investigate-latency',
      inputs: { source: 'payments pods', destination: 'ora-ledger', region: 'EU', symptoms: 'p99 connect time went from 2 ms to 300 ms' },
    });
    const raised = await stack.until(submitted.id, (request) => request.ticket !== null, 'its ticket');
    const issue = jira.state.getIssue(raised.ticket!.number)!;
    expect(jira.state.getTeam(issue.teamId ?? '')?.name).toBe('Network Engineering');
    expect(issue.requestTypeId).toBe('12');

    await stack.engine.switchPersona({ personaId: 'network-engineer' });
    await stack.engine.actOnSpecialistRequest({ requestId: submitted.id, action: 'claim', text: '' });
    await stack.engine.actOnSpecialistRequest({
      requestId: submitted.id,
      action: 'resolve',
      text: 'A flapping link in DC2, taken out of service',
    });
    await stack.until(submitted.id, (request) => request.ticket?.state === 'Resolved', 'its ticket resolved');
    expect(jira.state.getIssue(issue.key)?.assigneeId).not.toBeNull();
    expect(jira.state.commentsOf(issue).some((comment) => comment.body.includes('flapping link'))).toBe(true);
  });
});

describe('self-service runs on the GitHub Actions simulator', () => {
  const restore = {
    database: 'pg-payments',
    backup_id: '20261126-0200',
    target_environment: 'staging',
    reason: 'Rows deleted by the 09:12 batch job',
  };

  it('restore-database-backup: approved by a DBA, the run succeeds with the inputs given', async () => {
    const stack = await startStack('servicenow');
    const submitted = await stack.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    expect(submitted.state).toBe('awaiting-approval');
    expect(stack.gitHub.state.allRuns()).toHaveLength(0);
    await stack.engine.switchPersona({ personaId: 'dba' });
    await stack.engine.actOnSpecialistRequest({ requestId: submitted.id, action: 'approve', text: 'Staging, fine' });
    const done = await stack.until(submitted.id, (request) => request.state === 'succeeded', 'success');

    const [run] = stack.gitHub.state.allRuns();
    expect(run?.inputs).toMatchObject({
      database: 'pg-payments',
      backup_id: '20261126-0200',
      target_environment: 'staging',
      console_request_id: `${submitted.id}-1`,
    });
    expect(done.runs[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(done.runs[0]?.url).toContain(`/actions/runs/${done.runs[0]?.id}`);
    expect(stateChanges(done)).toEqual(['awaiting-approval', 'approved', 'dispatched', 'running', 'succeeded']);
    expect(done.history.find((entry) => entry.state === 'approved')?.actor?.name).toBeTruthy();
    // Its record in the team's queue (what approvers elsewhere read), closed complete when the run succeeded.
    const closed = await stack.until(submitted.id, (request) => request.ticket?.state === 'Closed Complete', 'its record closed');
    expect(closed.ticket?.number).toMatch(/^RITM/);
  });

  it('a workflow GitHub does not have (404) fails the request with what to fix, and the history says so', async () => {
    const stack = await startStack('servicenow');
    const submitted = await stack.engine.submitSpecialistRequest({ offeringId: 'missing-workflow', inputs: { database: 'pg-payments' } });
    const failed = await stack.until(submitted.id, (request) => request.state === 'failed', 'failed');
    expect(failed.lastError).toMatch(/The workflow no-such-workflow.yml was not found in acme\/db-ops/);
    expect(failed.history.at(-1)).toMatchObject({
      state: 'failed',
      summary: expect.stringMatching(/^Run 1 was not started: acme\/db-ops no-such-workflow.yml refused the dispatch/),
    });
    expect(failed.runs).toHaveLength(0);
    expect(stack.gitHub.state.allRuns()).toHaveLength(0);
  });

  it("inputs the workflow refuses (422) fail the request with GitHub's reason", async () => {
    const stack = await startStack('servicenow');
    const submitted = await stack.engine.submitSpecialistRequest({ offeringId: 'unexpected-inputs', inputs: { database: 'pg-payments' } });
    const failed = await stack.until(submitted.id, (request) => request.state === 'failed', 'failed');
    expect(failed.lastError).toMatch(/GitHub refused the inputs: Unexpected inputs provided: \["colour"\]/);
    expect(stateChanges(failed)).toEqual(['approved', 'failed']);
  });

  it('a rejected approval ends the request with the comment in its history; GitHub sees nothing', async () => {
    const stack = await startStack('servicenow');
    const submitted = await stack.engine.submitSpecialistRequest({ offeringId: 'restore-database-backup', inputs: restore });
    await stack.engine.switchPersona({ personaId: 'dba' });
    const rejected = await stack.engine.actOnSpecialistRequest({
      requestId: submitted.id,
      action: 'reject',
      text: 'Use point-in-time recovery instead',
    });
    expect(rejected.state).toBe('rejected');
    expect(rejected.history.at(-1)?.summary).toMatch(/rejected it: Use point-in-time recovery instead\. Nothing was run\./);
    expect(rejected.lastError).toMatch(/Use point-in-time recovery instead/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stack.gitHub.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  describe('a failed run: its log, and running it again with the inputs fixed', () => {
    const grant = {
      database: 'pg-search',
      grantee: 'simulate-failure@example.com',
      duration_days: '7',
      justification: 'The reporting job needs read access',
    };

    /** Submits a grant as the developer, approves it as a DBA, and waits for its run to fail. */
    async function failedGrant(stack: Stack): Promise<SpecialistRequest> {
      await stack.engine.switchPersona({ personaId: 'developer' });
      const submitted = await stack.engine.submitSpecialistRequest({ offeringId: 'grant-read-access', inputs: grant });
      await stack.engine.switchPersona({ personaId: 'dba' });
      await stack.engine.actOnSpecialistRequest({ requestId: submitted.id, action: 'approve', text: '' });
      await stack.engine.switchPersona({ personaId: 'developer' });
      return stack.until(submitted.id, (request) => request.state === 'failed', 'its run failed');
    }

    it("shows the end of the failed job's log, read from GitHub through the contract", async () => {
      const stack = await startStack('servicenow');
      const failed = await failedGrant(stack);
      const runId = failed.runs[0]!.id;
      stack.gitHub.resetRequestLog();
      const log = await stack.engine.getSpecialistRunLog({ requestId: failed.id, runId });
      expect(stack.gitHub.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        `GET /repos/acme/db-ops/actions/runs/${runId}/jobs`,
        `GET /repos/acme/db-ops/actions/jobs/${stack.gitHub.state.jobIdOf(stack.gitHub.state.allRuns()[0]!)}/logs`,
      ]);
      expect(log).toMatchObject({ runId, provider: 'github-actions', source: 'job "grant-read-access" (failure)' });
      expect(log.lines.length).toBeGreaterThanOrEqual(40);
      expect(log.lines.length).toBeLessThanOrEqual(60);
      expect(log.lines).toContain(
        'ERROR: chunk 18/24 refused: the input grantee="simulate-failure@example.com" asks this demo pipeline to fail',
      );
      expect(log.lines).toContain('Error: Process completed with exit code 1.');
      await expect(stack.engine.getSpecialistRunLog({ requestId: failed.id, runId: '1' })).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(/has no run 1$/),
      });
    });

    it('the same inputs retry on the request under the approval it had', async () => {
      const stack = await startStack('servicenow');
      const failed = await failedGrant(stack);
      const retried = await stack.engine.retrySpecialistRequest({ requestId: failed.id, inputs: { ...grant } });
      expect(retried.id).toBe(failed.id);
      const again = await stack.until(
        failed.id,
        (request) => request.runs.length === 2 && request.state === 'failed',
        'its second run failed',
      );
      expect(stack.gitHub.state.allRuns().map((run) => run.inputs.console_request_id)).toEqual([`${failed.id}-1`, `${failed.id}-2`]);
      expect(again.approvals).toHaveLength(1);
    });

    it("changed inputs are a new request that waits for a DBA's approval; nothing runs until then, and then it runs what was approved", async () => {
      const stack = await startStack('servicenow');
      const failed = await failedGrant(stack);
      const fixed = { ...grant, grantee: 'priya.patel@example.com' };

      // Only the requester may change what runs.
      await stack.engine.switchPersona({ personaId: 'dba' });
      await expect(stack.engine.retrySpecialistRequest({ requestId: failed.id, inputs: fixed })).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringMatching(/^Only .+, who asked for it, can run it again with other inputs/),
      });
      // Inputs the form refuses are refused in its words.
      await stack.engine.switchPersona({ personaId: 'developer' });
      await expect(
        stack.engine.retrySpecialistRequest({ requestId: failed.id, inputs: { ...fixed, grantee: 'priya' } }),
      ).rejects.toMatchObject({
        code: 'bad_request',
        message: 'Grant read access to a database: Who gets access must be an email address, e.g. priya.patel@example.com',
      });

      const replacement = await stack.engine.retrySpecialistRequest({ requestId: failed.id, inputs: fixed });
      expect(replacement.id).not.toBe(failed.id);
      expect(replacement).toMatchObject({ state: 'awaiting-approval', retryOf: failed.id, inputs: fixed, approvals: [] });
      expect(replacement.history[0]?.summary).toMatch(
        /asked to run Grant read access to a database again with changed inputs, after run 1 of SR-\w+ failed \(Who gets access: simulate-failure@example\.com → priya\.patel@example\.com\) \(Database: search \(PostgreSQL Platform\), Who gets access: priya\.patel@example\.com, For how long: 7 days, Why: /,
      );
      const replaced = await stack.until(failed.id, (request) => request.state === 'cancelled', 'replaced');
      expect(replaced.history.at(-1)?.summary).toMatch(
        new RegExp(
          `ran it again with changed inputs as ${replacement.id} \\(Who gets access: .*\\), which needs approval from any one member of Database Administration again`,
        ),
      );
      // The failed request cannot be run again a second time.
      await expect(stack.engine.retrySpecialistRequest({ requestId: failed.id, inputs: fixed })).rejects.toMatchObject({
        code: 'bad_request',
      });

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stack.gitHub.state.allRuns()).toHaveLength(1);

      await stack.engine.switchPersona({ personaId: 'dba' });
      await stack.engine.actOnSpecialistRequest({ requestId: replacement.id, action: 'approve', text: 'Read only, 7 days: fine' });
      const done = await stack.until(replacement.id, (request) => request.state === 'succeeded', 'success');
      const runs = stack.gitHub.state.allRuns();
      expect(runs).toHaveLength(2);
      expect(runs[1]!.inputs).toMatchObject({ grantee: 'priya.patel@example.com', console_request_id: `${replacement.id}-1` });
      expect(stateChanges(done)).toEqual(['awaiting-approval', 'approved', 'dispatched', 'running', 'succeeded']);
    });
  });
});
