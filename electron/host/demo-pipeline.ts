/**
 * The demo's deployment pipeline: every few minutes a push to a product's repository
 * starts its "Deploy" workflow in the GitHub Actions simulator, and this module is that
 * run's runner. It does what a real pipeline's change steps do, through the same code as
 * `oncall-console change open|gate|close` (engine/changes/deployment-change.ts) over real
 * HTTP to the ServiceNow and PagerDuty simulators: opens a standard change from the
 * service's approved template with the run's URL, passes the gate, deploys, closes the
 * change successful, marking each step of the run done as it goes (queued steps, then
 * in progress, then completed with a conclusion, as GitHub shows them). Every few cycles
 * it deploys a riskier version of another service under a normal change, whose run waits
 * at the gate until the change manager (Grace Hopper) decides in the console; approved,
 * it deploys and closes; rejected, it fails. One standard run in every few completes
 * without closing its change (as a pipeline without a close step would), so the
 * automation host's auto-close has something to close. A failure of a step fails the run,
 * with the reason in its log, as CI shows it. Opening and closing send PagerDuty change
 * events to the service, as `change open|close` do, when the demo gives its routing keys.
 *
 * Each run adds to the repository's delivery history as a real one would: the push that
 * starts it merges one to three pull requests (a teammate reviewed each) and tags the
 * version (the change's version string), the build deploys it to staging, and the deploy
 * step records a GitHub deployment to production (in_progress, then success; failure when
 * the deploy step fails).
 */
import { errorText } from '../../shared/error-text';
import type { GateDecision } from '../../shared/rules/change-gate';
import {
  askGate,
  closeDeploymentChange,
  openDeploymentChange,
  type ChangeEventSink,
  type GateSources,
} from '../engine/changes/deployment-change';
import type { ChangeRequest } from '../../shared/domain/change';
import { createPagerDutyProvider } from '../providers/pagerduty';
import type { ChangeSystem } from '../engine/ports/change-system';
import type { GitHubSimulator } from '../simulators/github';
import { DEMO_DEPLOY_PIPELINES } from '../simulators/github/demo-data';
import type { SimPerson } from '../simulators/github/history';
import { Random } from '../simulators/pagerduty/random';
import { pagerDutyChangeEvents } from './change-setup';
import { ChangeTitles } from './demo-delivery-words';

type DeployPipeline = (typeof DEMO_DEPLOY_PIPELINES)[number];

export interface DemoPipelineOptions {
  gitHub: GitHubSimulator;
  /** The demo's change system (its ticketing system's), signed in as the account the pipeline raises changes as. */
  changeSystem: ChangeSystem;
  /** The PagerDuty API the gate reads a freeze from, and its services (to ask about one service only). */
  pagerDuty: { baseUrl: string; token: string; from: string; services: readonly { id: string; name: string }[] };
  /** Where the runs' change events go (PagerDuty's Events API) and each service's routing key; no events without it. */
  changeEvents?: { eventsUrl: string; routingKeyFor(serviceName: string): string | null };
  /** Between deployments; default 3 minutes. */
  everyMs?: number;
  /** Until the first deployment; default 5 seconds. */
  firstAfterMs?: number;
  /** Between a run's steps, so people see it in progress; default 3 seconds. */
  stepMs?: number;
  /** How often a run waiting at the gate asks it again; default 15 seconds. */
  gatePollMs?: number;
  /** How long a run waits at the gate before it fails; default 6 hours (GitHub's job time limit). */
  gateTimeoutMs?: number;
  /** A normal change every this many cycles (the first cycle raises one), when none is waiting; default 4. */
  normalEvery?: number;
  /** Every this many standard runs, one completes without closing its change; default 5. */
  unclosedEvery?: number;
  /** Each service's last version, which its next release carries on from; default 2.14.0 and 5.3.0. */
  continueFrom?: Partial<Record<DeployPipeline['service'], string>>;
  /** The people of the team that owns the service: they write and review the pull requests a release merges; default a release bot. */
  teamOf?(service: string): SimPerson[];
  log?(message: string): void;
}

export interface DemoPipeline {
  /** Stops starting runs and waits for the step in progress; runs left open stay as they are. */
  stop(): Promise<void>;
}

/** The first version each service's pipeline deploys; each standard release bumps the patch, a riskier one the minor. */
const FIRST_VERSION: Record<DeployPipeline['service'], [number, number, number]> = {
  'Payments API': [2, 14, 0],
  'Checkout Web': [5, 3, 0],
};

/** A run at the gate (waiting there for its change's approval while the gate says so). */
interface GatedRun {
  runId: number;
  runUrl: string;
  pipeline: DeployPipeline;
  version: string;
  change: ChangeRequest;
  /** When it first asked the gate. */
  since: number;
  /** False for the run that leaves its change open (no close step). */
  closes: boolean;
}

/** Starts the demo pipeline: the first deployment soon, then one every `everyMs`. */
export function startDemoPipeline(options: DemoPipelineOptions): DemoPipeline {
  return new DeployLoop(options);
}

/** What `change gate` prints for a decision (its one line). */
function gateLine(decision: GateDecision, unreachable: boolean): string {
  if (decision.outcome === 'allowed') return `Deployment permitted: ${decision.reason}`;
  if (unreachable) return decision.reason;
  return `${decision.outcome === 'waiting' ? 'Deployment not permitted yet' : 'Deployment not permitted'}: ${decision.reason}`;
}

class DeployLoop implements DemoPipeline {
  private readonly gate: GateSources;
  private readonly changeEvents: ChangeEventSink | undefined;
  private readonly versions = new Map<string, [number, number, number]>();
  private readonly random = new Random(20_260_214);
  private readonly titles = new Map<string, ChangeTitles>();
  private readonly waiting: GatedRun[] = [];
  private readonly paging = new Map<string, ReturnType<typeof createPagerDutyProvider>>();
  private cycle = 0;
  private standardRuns = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakers = new Set<() => void>();
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly options: DemoPipelineOptions) {
    this.gate = { changeSystem: options.changeSystem, majorIncidents: (name) => this.majorIncidents(name), now: () => Date.now() };
    this.changeEvents = options.changeEvents && {
      ...pagerDutyChangeEvents(options.changeEvents),
      undelivered: (warning) => this.say(warning),
    };
    this.later(options.firstAfterMs ?? 5_000, () => this.runCycle());
    this.every(options.gatePollMs ?? 15_000, () => this.followWaiting());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.wakers) wake();
    await this.work;
  }

  // ---- scheduling ------------------------------------------------------------------------

  /** Runs `task` after `ms`, once whatever the pipeline is doing is done (one thing at a time, like one runner). */
  private later(ms: number, task: () => Promise<void>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.work = this.work.then(() => (this.stopped ? undefined : task())).catch((error: unknown) => this.say(errorText(error)));
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  private every(ms: number, task: () => Promise<void>): void {
    this.later(ms, async () => {
      try {
        await task();
      } finally {
        this.every(ms, task);
      }
    });
  }

  /** Waits between steps; ends early when the pipeline stops. */
  private pause(): Promise<void> {
    const ms = this.options.stepMs ?? 3_000;
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      this.wakers.add(wake);
    });
  }

  private say(message: string): void {
    this.options.log?.(`Demo pipeline: ${message}`);
  }

  // ---- one cycle ---------------------------------------------------------------------------

  private async runCycle(): Promise<void> {
    const cycle = this.cycle++;
    const pipelines = DEMO_DEPLOY_PIPELINES;
    try {
      await this.deployStandard(pipelines[cycle % pipelines.length]!);
      const normalEvery = this.options.normalEvery ?? 4;
      if (cycle % normalEvery === 0 && this.waiting.length === 0) await this.deployNormal(pipelines[(cycle + 1) % pipelines.length]!);
    } finally {
      this.later(this.options.everyMs ?? 180_000, () => this.runCycle());
    }
  }

  private nextVersion(pipeline: DeployPipeline, bump: 'patch' | 'minor'): string {
    const [major, minor, patch] = this.versions.get(pipeline.service) ?? this.startingVersion(pipeline.service);
    const next: [number, number, number] = bump === 'minor' ? [major, minor + 1, 0] : [major, minor, patch + 1];
    this.versions.set(pipeline.service, next);
    return next.join('.');
  }

  private startingVersion(service: DeployPipeline['service']): [number, number, number] {
    const given = this.options.continueFrom?.[service]?.split('.').map(Number);
    return given?.length === 3 && given.every(Number.isInteger) ? (given as [number, number, number]) : FIRST_VERSION[service];
  }

  /** What the push brings: one to three pull requests merged into main (each reviewed by a teammate), then the version tagged; answers the tagged commit. */
  private merge(pipeline: DeployPipeline, version: string): string {
    const { history } = this.options.gitHub;
    const team = this.options.teamOf?.(pipeline.service) ?? [];
    const people: SimPerson[] = team.length > 0 ? team : [{ login: 'release-bot', name: 'release-bot', email: 'release-bot@acme.example' }];
    let titles = this.titles.get(pipeline.service);
    if (!titles) this.titles.set(pipeline.service, (titles = new ChangeTitles(pipeline.service, this.random)));
    const count = this.random.int(1, 3);
    const now = Date.now();
    for (let index = 0; index < count; index++) {
      const author = this.random.pick(people);
      const reviewer = this.random.pick(people.filter((person) => person !== author).concat(people.length > 1 ? [] : [author]));
      const title = titles.next();
      const mergedAt = now - (count - 1 - index) * 90_000;
      history.commit(pipeline.owner, pipeline.repo, {
        message: title,
        author,
        authoredAt: mergedAt - this.random.int(1, 30) * 3_600_000,
        at: mergedAt,
        pullRequest: { body: `${title}.\n\nTested in staging.`, reviews: [{ by: reviewer, state: 'APPROVED' }] },
      });
    }
    return history.tag(pipeline.owner, pipeline.repo, version).sha;
  }

  /** A push starts the workflow: the run and its URL as the change step links it (.../attempts/1). */
  private startRun(pipeline: DeployPipeline, version: string, title: string): { runId: number; runUrl: string; commit: string } {
    const sha = this.merge(pipeline, version);
    const run = this.options.gitHub.state.startRun(pipeline.owner, pipeline.repo, pipeline.workflow, { title, sha });
    const runUrl = `${this.options.gitHub.baseUrl}/${pipeline.owner}/${pipeline.repo}/actions/runs/${run.id}/attempts/1`;
    return { runId: run.id, runUrl, commit: run.headSha };
  }

  /** A GitHub deployment of the version to the environment, in progress (its log: the run). */
  private startDeployment(pipeline: DeployPipeline, version: string, environment: string, runUrl: string): number {
    const { deployments } = this.options.gitHub;
    const deployment = deployments.create(pipeline.owner, pipeline.repo, { ref: version, environment, description: `Release ${version}` });
    deployments.addStatus(deployment.id, 'in_progress', { logUrl: runUrl });
    return deployment.id;
  }

  private endDeployment(id: number, state: 'success' | 'failure', description = ''): void {
    this.options.gitHub.deployments.addStatus(id, state, { description });
  }

  private step(runId: number, output: string[]): void {
    this.options.gitHub.state.completeStep(runId, output);
  }

  private fail(runId: number, output: string[]): void {
    this.options.gitHub.state.finishRun(runId, 'failure', output);
  }

  /** Builds and tests, and deploys the build to staging. */
  private async build(runId: number, pipeline: DeployPipeline, version: string, runUrl: string): Promise<void> {
    await this.pause();
    const staging = this.startDeployment(pipeline, version, 'staging', runUrl);
    this.endDeployment(staging, 'success', `${version} is live`);
    this.step(runId, [
      `npm ci && npm test`,
      `Tests: ${180 + (version.length % 7) * 13} passed`,
      `Built ${pipeline.repo} ${version}`,
      `Deployed ${version} to staging`,
    ]);
    await this.pause();
  }

  /** Opens the change as `change open` does, and marks the step done with its output line. */
  private async open(
    runId: number,
    pipeline: DeployPipeline,
    deployment: { version: string; commit: string; runUrl: string },
    normal: boolean,
  ) {
    const { change, service, reason } = await openDeploymentChange(
      this.gate.changeSystem,
      {
        serviceName: pipeline.service,
        version: deployment.version,
        commit: deployment.commit,
        runUrl: deployment.runUrl,
        templateName: `${pipeline.service} - routine deployment`,
        normal,
        emergencyFor: null,
      },
      { changeEvents: this.changeEvents },
    );
    this.step(runId, [
      `${change.record.number} ${change.type} change for ${service.name} ${deployment.version} (${reason}): ${change.record.url}`,
    ]);
    await this.pause();
    return change;
  }

  private async deployStandard(pipeline: DeployPipeline): Promise<void> {
    const version = this.nextVersion(pipeline, 'patch');
    const closes = this.standardRuns++ % (this.options.unclosedEvery ?? 5) !== (this.options.unclosedEvery ?? 5) - 1;
    const { runId, runUrl, commit } = this.startRun(pipeline, version, `Release ${version}`);
    try {
      await this.build(runId, pipeline, version, runUrl);
      const change = await this.open(runId, pipeline, { version, commit, runUrl }, false);
      await this.passGate({ runId, runUrl, pipeline, version, change, since: Date.now(), closes });
    } catch (error) {
      this.fail(runId, [`Error: ${errorText(error)}`]);
      this.say(`${pipeline.service} ${version}: ${errorText(error)}`);
    }
  }

  private async deployNormal(pipeline: DeployPipeline): Promise<void> {
    const version = this.nextVersion(pipeline, 'minor');
    const { runId, runUrl, commit } = this.startRun(pipeline, version, `Release ${version}: schema migration`);
    try {
      await this.build(runId, pipeline, version, runUrl);
      const change = await this.open(runId, pipeline, { version, commit, runUrl }, true);
      await this.passGate({ runId, runUrl, pipeline, version, change, since: Date.now(), closes: true });
    } catch (error) {
      this.fail(runId, [`Error: ${errorText(error)}`]);
      this.say(`${pipeline.service} ${version}: ${errorText(error)}`);
    }
  }

  /** Asks the gate: permitted, the run deploys (and closes); waiting, it waits at the gate; refused, it fails. */
  private async passGate(run: GatedRun): Promise<void> {
    const { decision, unreachable } = await askGate(this.gate, {
      serviceName: run.pipeline.service,
      version: run.version,
      changeNumber: run.change.record.number,
    });
    const line = gateLine(decision, unreachable);
    if (decision.outcome === 'allowed') {
      this.forget(run);
      this.step(run.runId, [line]);
      await this.pause();
      await this.deploy(run);
      return;
    }
    const patience = this.options.gateTimeoutMs ?? 6 * 3_600_000;
    if (decision.outcome === 'waiting' && !unreachable && Date.now() - run.since < patience) {
      if (!this.waiting.includes(run)) this.waiting.push(run);
      return;
    }
    this.forget(run);
    this.fail(run.runId, decision.outcome === 'waiting' ? [`${line}; gave up waiting`] : [line]);
  }

  private forget(run: GatedRun): void {
    const at = this.waiting.indexOf(run);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  private async deploy(run: GatedRun): Promise<void> {
    const { service } = run.pipeline;
    const deployment = this.startDeployment(run.pipeline, run.version, 'production', run.runUrl);
    try {
      this.step(run.runId, [
        `Rolling out ${service} ${run.version}: canary (10%)... healthy`,
        `Rolling out ${service} ${run.version}: all instances... done`,
        `${service} ${run.version} is live`,
      ]);
    } catch (error) {
      this.endDeployment(deployment, 'failure', errorText(error));
      throw error;
    }
    this.endDeployment(deployment, 'success', `${run.version} is live`);
    await this.pause();
    if (!run.closes) {
      // This pipeline forgot its close step: the run ends, the change stays open for the automation host.
      this.options.gitHub.state.finishRun(run.runId, 'success');
      return;
    }
    const closed = await closeDeploymentChange(
      this.gate.changeSystem,
      { change: run.change.record.number, result: 'success', notes: null, causedIncident: null },
      { changeEvents: this.changeEvents },
    );
    this.step(run.runId, [`${closed.record.number} closed successful: ${closed.record.url}`]);
    this.options.gitHub.state.finishRun(run.runId, 'success');
  }

  /** The runs waiting at the gate ask it again. */
  private async followWaiting(): Promise<void> {
    for (const run of [...this.waiting]) {
      if (this.stopped) return;
      await this.passGate(run).catch((error: unknown) => {
        this.forget(run);
        this.fail(run.runId, [`Error: ${errorText(error)}`]);
        this.say(`${run.pipeline.service} ${run.version}: ${errorText(error)}`);
      });
    }
  }

  // ---- the freeze ------------------------------------------------------------------------

  /** Major incidents open on the service, read from PagerDuty as `change gate` reads them (scoped to the service). */
  private async majorIncidents(serviceName: string): Promise<{ id: string; number: number; title: string }[]> {
    const { pagerDuty } = this.options;
    const key = serviceName.toLowerCase();
    let paging = this.paging.get(key);
    if (!paging) {
      const service = pagerDuty.services.find((candidate) => candidate.name.toLowerCase() === key);
      paging = createPagerDutyProvider({
        baseUrl: pagerDuty.baseUrl,
        token: pagerDuty.token,
        from: pagerDuty.from,
        scope: service ? { serviceIds: [service.id] } : {},
        timeoutMs: 10_000,
      });
      this.paging.set(key, paging);
    }
    const { incidents } = await paging.listOpenIncidents();
    return incidents
      .filter((incident) => incident.declaredMajor != null && incident.service.name.toLowerCase() === serviceName.toLowerCase())
      .map((incident) => ({ id: incident.id, number: incident.number, title: incident.title }));
  }
}
