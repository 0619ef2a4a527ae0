/**
 * The automation host's auto-close for the runs other than GitHub Actions runs that a
 * change can name, over real HTTP against the ServiceNow, GitLab, Jenkins and GitHub
 * simulators, through one locator over the three providers (runLocatorFor): a GitLab
 * pipeline (by its page, in a subgroup), a Jenkins build (by its page, in a folder; read by
 * its number) and a GitHub deployment (by its API URL; done by its latest status). Each one
 * that ends gets its change closed once with the right code; one still going (or a
 * deployment without a status) is left alone until it ends; a build or a
 * deployment that does not exist is said and tried again next round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/domain/action';
import { ChangeAutoClose } from '../../../electron/engine/changes/auto-close';
import { runLocatorFor } from '../../../electron/engine/changes/run-locator';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import type { ChangeSystem } from '../../../electron/engine/ports/change-system';
import { createGitHubActionsProvider } from '../../../electron/providers/github';
import { createGitLabProvider } from '../../../electron/providers/gitlab';
import { createJenkinsProvider } from '../../../electron/providers/jenkins';
import { createServiceNowChangeSystem } from '../../../electron/providers/servicenow';
import { startGitHubSimulator, type GitHubSimulator } from '../../../electron/simulators/github';
import { startGitLabSimulator, type GitLabSimulator } from '../../../electron/simulators/gitlab';
import { startJenkinsSimulator, type JenkinsSimulator } from '../../../electron/simulators/jenkins';
import { startServiceNowSimulator, type ServiceNowSimulator } from '../../../electron/simulators/servicenow';
import { raiseStandardChange } from '../../support/standard-change';

const PROJECT = 'payments/platform/payments-api';
const JOB = 'payments/deploy payments-api';
/** Runs stay running until a test ends them. */
const UNTIL_ENDED = { queuedMs: 0, runningMs: 24 * 3_600_000 };

let root: string;
let serviceNow: ServiceNowSimulator;
let gitHub: GitHubSimulator;
let gitLab: GitLabSimulator;
let jenkins: JenkinsSimulator;
let changeSystem: ChangeSystem;
let outbox: Outbox;
let autoClose: ChangeAutoClose;
const log: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'change-auto-close-pipelines-'));
  [serviceNow, gitHub, gitLab, jenkins] = await Promise.all([
    startServiceNowSimulator({ seedChanges: false, seedIncidents: 0 }),
    startGitHubSimulator(),
    startGitLabSimulator({ projects: [{ id: 4301, path: PROJECT, name: 'payments-api' }], timing: UNTIL_ENDED }),
    startJenkinsSimulator({
      jobs: [{ fullName: JOB, parameters: [{ name: 'VERSION', type: 'string' }] }],
      validUsers: [{ user: 'automation-host', apiToken: 'jenkins-token' }],
      timing: UNTIL_ENDED,
    }),
  ]);
  changeSystem = createServiceNowChangeSystem({
    instanceUrl: serviceNow.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
  });
  outbox = new Outbox(join(root, 'outbox.db'), systemClock);
  const pipelines = {
    'github-actions': createGitHubActionsProvider({ baseUrl: gitHub.baseUrl, token: 'automation-host-token', maxRetries: 0 }),
    gitlab: createGitLabProvider({ baseUrl: gitLab.baseUrl, token: 'automation-host-token', maxRetries: 0 }),
    jenkins: createJenkinsProvider({ baseUrl: jenkins.baseUrl, user: 'automation-host', apiToken: 'jenkins-token', maxRetries: 0 }),
  };
  const runs = runLocatorFor(pipelines, { github: gitHub.baseUrl, gitlab: gitLab.baseUrl, jenkins: jenkins.baseUrl });
  autoClose = new ChangeAutoClose({
    changeSystem,
    pipelines: runs!,
    clock: systemClock,
    enqueue: (request, dedupeKey) => void outbox.enqueueOnce(request, dedupeKey),
    log: (message) => log.push(message),
  });
});

afterAll(async () => {
  await autoClose.stop();
  outbox.close();
  await Promise.all([serviceNow.close(), gitHub.close(), gitLab.close(), jenkins.close()]);
  rmSync(root, { recursive: true, force: true });
});

/** A deployment pipeline on GitLab, running, and its page (the pipeline's web_url, CI_PIPELINE_URL). */
function gitLabPipeline(): { id: number; url: string } {
  const project = gitLab.state.project(PROJECT)!;
  const pipeline = gitLab.state.createPipeline(project, 'main', [], 'release-bot');
  return { id: pipeline.id, url: `${gitLab.baseUrl}/${PROJECT}/-/pipelines/${pipeline.id}` };
}

/** A deployment build on Jenkins, running, and its page (BUILD_URL). */
function jenkinsBuild(version: string): { queueId: number; url: string } {
  const item = jenkins.state.enqueue(jenkins.state.job(JOB)!, new Map([['VERSION', version]]), 'release-bot');
  const jobPath = JOB.split('/')
    .map((name) => `/job/${encodeURIComponent(name)}`)
    .join('');
  return { queueId: item.id, url: `${jenkins.baseUrl}${jobPath}/${item.buildNumber}/` };
}

/** A deployment on GitHub, without a status yet, and its API URL. */
function gitHubDeployment(environment = 'production'): { id: number; url: string } {
  const deployment = gitHub.deployments.create('acme', 'payments-api', { ref: 'main', environment });
  return { id: deployment.id, url: `${gitHub.baseUrl}/repos/acme/payments-api/deployments/${deployment.id}` };
}

/** The standard change for a deployment (test/support/standard-change.ts). */
const raise = (version: string, runUrl: string) => raiseStandardChange(changeSystem, version, runUrl);

/** The closings recorded so far: change number -> code. */
function closings(): Record<string, string> {
  const pending = outbox.listVisible(0).filter((record: ActionRecord) => record.state === 'pending');
  return Object.fromEntries(
    pending.flatMap(({ request }) => (request.kind === 'closeChange' ? [[request.changeNumber, request.code] as const] : [])),
  );
}

const leftOpen = (number: string) => log.filter((message) => message.startsWith(`${number} `) || message.startsWith(`${number}:`));

describe('ChangeAutoClose over GitLab, Jenkins and GitHub deployments', () => {
  it('closes the changes of ended pipelines, builds and deployments once with their result, and leaves the rest open', async () => {
    const passed = gitLabPipeline();
    const failed = gitLabPipeline();
    const stillRunning = gitLabPipeline();
    const built = jenkinsBuild('2.0.1');
    const broken = jenkinsBuild('2.0.2');
    const building = jenkinsBuild('2.0.3');
    const deployed = gitHubDeployment();
    const errored = gitHubDeployment();
    const deploying = gitHubDeployment();
    const waiting = gitHubDeployment();
    const superseded = gitHubDeployment('staging');
    const newer = gitHubDeployment('staging');
    const missingBuild = `${jenkins.baseUrl}/job/payments/job/deploy%20payments-api/999/`;
    const missingDeployment = `${gitHub.baseUrl}/repos/acme/payments-api/deployments/77`;

    const change = {
      passed: await raise('2.1.0', passed.url),
      failed: await raise('2.1.1', failed.url),
      stillRunning: await raise('2.1.2', stillRunning.url),
      built: await raise('2.2.0', built.url),
      broken: await raise('2.2.1', broken.url),
      building: await raise('2.2.2', building.url),
      deployed: await raise('2.3.0', deployed.url),
      errored: await raise('2.3.1', errored.url),
      deploying: await raise('2.3.2', deploying.url),
      waiting: await raise('2.3.3', waiting.url),
      superseded: await raise('2.3.4', superseded.url),
      newer: await raise('2.3.5', newer.url),
      missingBuild: await raise('2.4.0', missingBuild),
      missingDeployment: await raise('2.4.1', missingDeployment),
    };
    const number = (key: keyof typeof change) => change[key].record.number;

    gitLab.state.finishPipeline(passed.id, 'success');
    gitLab.state.finishPipeline(failed.id, 'failure');
    jenkins.state.finish(built.queueId, 'success');
    jenkins.state.finish(broken.queueId, 'failure');
    gitHub.deployments.addStatus(deployed.id, 'in_progress');
    gitHub.deployments.addStatus(deployed.id, 'success');
    gitHub.deployments.addStatus(errored.id, 'in_progress');
    gitHub.deployments.addStatus(errored.id, 'error', { description: 'Helm upgrade timed out' });
    gitHub.deployments.addStatus(deploying.id, 'queued');
    gitHub.deployments.addStatus(deploying.id, 'in_progress');
    gitHub.deployments.addStatus(superseded.id, 'success');
    // The newer deployment to staging succeeds: GitHub makes the earlier one inactive; it had succeeded, and closes so.
    gitHub.deployments.addStatus(newer.id, 'success');

    await autoClose.pollOnce();
    await autoClose.pollOnce();
    expect(closings()).toEqual({
      [number('passed')]: 'successful',
      [number('failed')]: 'unsuccessful',
      [number('built')]: 'successful',
      [number('broken')]: 'unsuccessful',
      [number('deployed')]: 'successful',
      [number('errored')]: 'unsuccessful',
      [number('newer')]: 'successful',
      [number('superseded')]: 'successful',
    });
    const notes = outbox
      .listVisible(0)
      .flatMap(({ request }) => (request.kind === 'closeChange' && request.changeNumber === number('broken') ? [request.notes] : []));
    expect(notes).toEqual([
      `Closed by the On-Call Console's automation host: pipeline run ${broken.url} completed (failure) and the pipeline did not close the change.`,
    ]);

    // Each left open said so once over the two rounds, in the vendor's words.
    expect(leftOpen(number('stillRunning'))).toEqual([
      `${number('stillRunning')} is left open while its pipeline run ${stillRunning.url} is running`,
    ]);
    expect(leftOpen(number('building'))).toEqual([`${number('building')} is left open while its pipeline run ${building.url} is building`]);
    expect(leftOpen(number('deploying'))).toEqual([
      `${number('deploying')} is left open while its pipeline run ${deploying.url} is in_progress`,
    ]);
    expect(leftOpen(number('waiting'))).toEqual([
      `${number('waiting')} is left open while its pipeline run ${waiting.url} is pending (no status yet)`,
    ]);
    expect(leftOpen(number('superseded'))).toEqual([]);
    expect(leftOpen(number('missingBuild'))).toEqual([
      `${number('missingBuild')}: its pipeline run could not be read (Build #999 of the Jenkins job ${JOB} was not found: it may have been deleted or discarded (the job keeps only so many builds), or the Jenkins user cannot see the job); trying again next round`,
    ]);
    expect(leftOpen(number('missingDeployment'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${number('missingDeployment')}: its pipeline run could not be read \\(The deployment 77 was not found in acme/payments-api`,
        ),
      ),
    ]);

    // The build was read by its number, as its page names it; the pipeline and the deployment by their ids.
    const paths = (requests: ReadonlyArray<{ method: string; path: string }>) => requests.map(({ method, path }) => `${method} ${path}`);
    expect(paths(jenkins.requests)).toContain(`GET /job/payments/job/deploy%20payments-api/${broken.url.split('/').at(-2)}/api/json`);
    expect(paths(jenkins.requests).some((request) => request.includes('/queue/'))).toBe(false);
    expect(paths(gitLab.requests)).toContain(`GET /api/v4/projects/payments%2Fplatform%2Fpayments-api/pipelines/${failed.id}`);
    expect(paths(gitHub.requests)).toContain(`GET /repos/acme/payments-api/deployments/${errored.id}/statuses`);

    // Once they end, the rest close too; those closed already are not recorded again.
    gitLab.state.finishPipeline(stillRunning.id, 'cancelled');
    jenkins.state.finish(building.queueId, 'success');
    gitHub.deployments.addStatus(deploying.id, 'failure');
    gitHub.deployments.addStatus(waiting.id, 'success');
    await autoClose.pollOnce();
    expect(closings()).toMatchObject({
      [number('stillRunning')]: 'unsuccessful',
      [number('building')]: 'successful',
      [number('deploying')]: 'unsuccessful',
      [number('waiting')]: 'successful',
    });
    expect(Object.keys(closings())).toHaveLength(12);
  });
});
