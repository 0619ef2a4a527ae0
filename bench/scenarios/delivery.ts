/**
 * Delivery: what the delivery figures cost the engine and the sources (issue 14).
 * - Metrics: a delivery store seeded with 200 services' deployments (90 days, and the 30 days
 *   before that the desk reads as history), with each production deployment's commit range,
 *   a few thousand changes and incidents on the same services; getDeliveryMetrics timed over
 *   90, 30 and 7 days and its memory measured, in a child process (delivery-metrics-child.ts).
 * - Idle polls: the real readers and the delivery sync against the GitHub, GitLab and Jenkins
 *   simulators over HTTP, one feed each; once caught up, the requests per poll with nothing new.
 * - First load: 90 days of history through the same wiring, one service per source, and a
 *   subset of GitHub services (statuses are one request per deployment there), with the
 *   rounds it takes the sync to read every production range; extrapolated to 200 services.
 */
import { accessSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasuringChild } from '../measuring-child';
import { DeliveryStore } from '../../electron/engine/delivery/delivery-store';
import { DeliverySync } from '../../electron/engine/delivery/delivery-sync';
import { systemClock } from '../../electron/engine/ports';
import { deliveryOptions, type DeliveryCredentials } from '../../electron/host/delivery-setup';
import { WorkspaceSchema } from '../../electron/host/workspace';
import { startGitHubSimulator, type GitHubSimulator } from '../../electron/simulators/github';
import { startGitLabSimulator, type GitLabSimulator } from '../../electron/simulators/gitlab';
import type { LoggedRequest } from '../../electron/simulators/http/request-log';
import { startJenkinsSimulator, type JenkinsSimulator } from '../../electron/simulators/jenkins';
import {
  deliveryCompanions,
  historyServices,
  seedGitHub,
  seedGitHubHistory,
  seedGitLab,
  seedJenkins,
  seedStore,
  type HistoryShape,
  type SetClock,
} from '../delivery-history';
import { formatValue, makeRow, type MetricRow, type ScenarioResult, type Target } from '../report';
import { summarize, type Summary } from '../stats';
import type { DeliveryMetricsChildArgs, DeliveryMetricsChildResult } from './delivery-metrics-child';

export interface DeliveryScenarioOptions {
  /** Timed metrics computations per window (after a warm-up). */
  samples: number;
  /** Idle polls counted once caught up. */
  idlePolls: number;
  /** GitHub services whose 90 days are loaded over HTTP (the first-load subset). */
  firstLoadServices: number;
}

const SCENARIO = 'delivery';
const MB = 1024 * 1024;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SERVICES = 200;
const TEAMS = 25;
const WINDOW_DAYS = 90;
/** The desk reads 30 days before a window as history (rollbacks, blame): the store holds them too. */
const HISTORY_DAYS = 30;
const RELEASES_PER_DAY = 5;
const SEED = 14;
const FAILURE_WINDOW_HOURS = 24;
const METRICS_TARGET_MS = 2_000;
const MEMORY_TARGET_MB = 150;
/** The workspace's default delivery poll interval (pollIntervalSeconds) and the sync's default ranges per round. */
const POLL_INTERVAL_S = 60;
const RANGES_PER_ROUND = 100;
/** GitHub's primary rate limit for a token (requests an hour); a 304 does not count. */
const GITHUB_RATE_LIMIT_PER_HOUR = 5_000;
const CHILD_TIMEOUT_MS = 180_000;
const TOKEN = 'ghp_delivery-bench';
const GITLAB_TOKEN = 'glpat-delivery-bench';
const JENKINS = { user: 'delivery-bench', apiToken: '11aa22bb33cc44dd55' };
const childScript = fileURLToPath(new URL('./delivery-metrics-child.ts', import.meta.url));

export async function runDelivery(options: DeliveryScenarioOptions): Promise<ScenarioResult> {
  const started = performance.now();
  const metrics = await measureMetrics(options.samples);
  const sources = await measureSources(options.idlePolls);
  const firstLoad = await measureGitHubFirstLoad(options.firstLoadServices);
  return {
    rows: [...metrics.rows, ...sources.rows, ...firstLoad.rows],
    notes: [...metrics.notes, ...sources.notes, ...firstLoad.notes],
    details: { metrics: metrics.details, sources: sources.details, firstLoad: firstLoad.details },
    durationMs: performance.now() - started,
  };
}

interface Part {
  rows: MetricRow[];
  notes: string[];
  details: Record<string, unknown>;
}

const one = (value: number): Summary => summarize([value]);
const row = (metric: string, unit: string, summary: Summary, more: { show?: 'p95' | 'max'; other?: string; target?: Target } = {}) =>
  makeRow({ scenario: SCENARIO, metric, unit, summary, show: more.show ?? null, other: more.other ?? null, target: more.target ?? null });
const count = (value: number) => formatValue(Math.round(value));

/** A scratch directory in memory when the system has one (seeding writes each range in its own transaction), else the temp dir. */
function scratchDirectory(prefix: string): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return mkdtempSync(join('/dev/shm', prefix));
  } catch {
    return mkdtempSync(join(tmpdir(), prefix));
  }
}

// ---------------------------------------------------------------- metrics

async function measureMetrics(samples: number): Promise<Part> {
  const root = scratchDirectory('bench-delivery-');
  try {
    const nowMs = Math.floor(Date.now() / MINUTE) * MINUTE;
    const shape: HistoryShape = {
      fromMs: nowMs - (WINDOW_DAYS + HISTORY_DAYS) * DAY,
      toMs: nowMs,
      releasesPerDay: RELEASES_PER_DAY,
      seed: SEED,
    };
    const services = historyServices(SERVICES, TEAMS);
    const databasePath = join(root, 'delivery.sqlite');
    const t0 = performance.now();
    const store = new DeliveryStore(databasePath);
    const seeded = seedStore(store, services, shape, WINDOW_DAYS);
    await closeFully(store, databasePath);
    const companions = deliveryCompanions(services, shape, { changeShare: 0.035, blameShare: 0.012, teams: TEAMS });
    const companionsPath = join(root, 'companions.json');
    writeFileSync(companionsPath, JSON.stringify(companions));
    const seedMs = performance.now() - t0;

    const result = await runChild({ databasePath, companionsPath, nowMs, failureWindowHours: FAILURE_WINDOW_HOURS, samples });
    const rssGrowth = (result.peakRssAfterCompute - result.before.rss) / MB;
    const servedGrowth = (result.peakRssAfterServe - result.before.rss) / MB;
    const returnHeap = (result.atReturn.heapUsed - result.before.heapUsed) / MB;
    const heldHeap = (result.holding.heapUsed - result.before.heapUsed) / MB;
    const target: Target = { atMost: METRICS_TARGET_MS, appliesTo: 'p95' };
    const summaries = Object.fromEntries(Object.entries(result.samplesMs).map(([days, list]) => [days, summarize(list)]));
    const understated = !result.peakExact && result.peakRssBefore > result.before.rss + 5 * MB;
    const productionRows = summarize(result.parts.productionRowsMs);
    const indexing = summarize(result.parts.indexChangesMs);
    return {
      rows: [
        row(`metrics over 90 days, ${SERVICES} services (${count(seeded.inWindow)} deployments)`, 'ms', summaries['90']!, {
          show: 'p95',
          target,
        }),
        row('metrics over 30 days', 'ms', summaries['30']!, { show: 'p95', target }),
        row('metrics over 7 days', 'ms', summaries['7']!, { show: 'p95', target }),
        row('metrics over 90 days, first in a fresh process', 'ms', one(result.firstMs)),
        row('host: contract check of the 90-day answer', 'ms', one(result.checkMs), {
          other: `JSON ${formatValue(result.jsonBytes / MB)} MB in ${count(result.jsonMs)} ms`,
        }),
        row('peak RSS growth, 90-day metrics', 'MB', one(rssGrowth), {
          show: 'max',
          target: { atMost: MEMORY_TARGET_MB, appliesTo: 'max' },
          ...(understated ? { other: 'may be understated (see notes)' } : {}),
        }),
        row('heap growth when the 90-day metrics return (no GC)', 'MB', one(returnHeap)),
        row('heap held with the 90-day answer (after GC)', 'MB', one(heldHeap)),
        row('peak RSS growth, with the contract check and JSON', 'MB', one(servedGrowth)),
      ],
      notes: [
        `Metrics: a delivery store seeded with ${SERVICES} services (${TEAMS} teams) over ${WINDOW_DAYS + HISTORY_DAYS} days: the ${WINDOW_DAYS}-day window and the ${HISTORY_DAYS} days before it that the desk reads as history. ${count(seeded.deployments)} deployments (${count(seeded.inWindow)} in the last ${WINDOW_DAYS} days, ${count(seeded.production)} to production), about ${RELEASES_PER_DAY} releases a day per service, each to staging then production, 5% failing in staging and 3% in production (redeployed), 1% rolled back; ${count(seeded.ranges)} commit ranges with the first commit's time (1% untraceable). ${count(result.counts.changes)} changes (standard, normal, emergency; 3% closed unsuccessful) matched by version, ${count(result.counts.incidentsRead)} incidents (half opened within hours after a production deployment). Failure window ${FAILURE_WINDOW_HOURS} h. Seeded in ${formatValue(seedMs / 1000)} s in ${root.startsWith('/dev/shm') ? '/dev/shm' : 'the temp directory'}.`,
        `The 90-day answer holds ${count(result.counts.deployments)} deployment verdicts, ${count(result.counts.incidents)} incidents, ${result.counts.services} services and ${result.counts.teams} teams, each split by change type with its trend. Of a 90-day computation, the store's productionRows (${count(result.parts.productionRows)} rows, 120 days) takes ${count(productionRows.median)} ms (median) and indexing the changes ${formatValue(indexing.median)} ms; the rest is matching each row to its change and the metrics rule.`,
        `Memory: DeliveryDesk.getDeliveryMetrics in its own Node process (--expose-gc) with the store open and the changes and incidents loaded (the engine caches those reads), measured after forced GC (heap ${formatValue(result.before.heapUsed / MB)} MB, RSS ${formatValue(result.before.rss / MB)} MB), then the peak RSS during the first 90-day computation (${result.peakExact ? "Linux's high-water mark, VmHWM, reset to the baseline just before" : 'resourceUsage().maxRSS, the peak since the process started'}).${understated ? ` The process had already peaked at ${formatValue(result.peakRssBefore / MB)} MB RSS before it, so its growth may be understated.` : ''} "With the contract check and JSON" adds what the host does next: checking the output against the contract and serialising it for the page.`,
      ],
      details: { seeded, seedMs, shape, samplesMs: result.samplesMs, child: result },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Closes the store and waits until SQLite has let go of the file: libsql closes a connection
 * only once its prepared statements are collected, and that late close (a checkpoint) can make
 * the child's open fail with "database is locked". The bench runs with --expose-gc.
 */
async function closeFully(store: DeliveryStore, path: string): Promise<void> {
  store.close();
  for (let attempt = 0; attempt < 50 && existsSync(`${path}-wal`); attempt++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function runChild(args: DeliveryMetricsChildArgs): Promise<DeliveryMetricsChildResult> {
  return runMeasuringChild<DeliveryMetricsChildResult>(childScript, [JSON.stringify(args)], 'The metrics process', CHILD_TIMEOUT_MS);
}

// ---------------------------------------------------------------- sources over HTTP

interface LoggingSimulator {
  readonly requests: ReadonlyArray<LoggedRequest>;
  resetRequestLog(): void;
}

/**
 * Every request a simulator received: its log is drained often, because the GitHub
 * simulator keeps only the last 5,000. The simulators run in this process, so a drain
 * never races a request.
 */
class RequestTally {
  private readonly seen: LoggedRequest[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly simulator: LoggingSimulator) {
    this.timer = setInterval(() => this.drain(), 20);
  }

  /** The requests since the last take (their status is filled in once answered). */
  take(): LoggedRequest[] {
    this.drain();
    return this.seen.splice(0);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private drain(): void {
    for (const request of this.simulator.requests) this.seen.push(request);
    this.simulator.resetRequestLog();
  }
}

/** What a request is for, from its path (GitHub, GitLab and Jenkins routes alike). */
function kindOf(path: string): string {
  if (/\/deployments\/\d+\/statuses$/.test(path)) return 'statuses';
  if (/\/deployments$/.test(path)) return 'deployment pages';
  if (/\/compare(\/|$)/.test(path)) return 'compares';
  if (/\/\d+\/api\/json$/.test(path)) return 'build';
  if (/\/api\/json$/.test(path)) return 'build lists';
  return 'other';
}

function byKind(requests: readonly LoggedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) counts[kindOf(request.path)] = (counts[kindOf(request.path)] ?? 0) + 1;
  return counts;
}

const describeKinds = (counts: Record<string, number>, per = 1) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, n]) => `${kind} ${count(n / per)}`)
    .join(', ');

interface Round {
  ms: number;
  ranges: number;
  changedFeeds: number;
}

/** Runs sync rounds back to back until one reads no range (every production range known); at most `limit` rounds. */
async function catchUp(sync: DeliverySync, limit: number, afterRound: (round: Round) => void): Promise<Round[]> {
  const rounds: Round[] = [];
  do {
    const t0 = performance.now();
    await sync.syncNow();
    const round = { ms: performance.now() - t0, ranges: sync.lastRound.ranges, changedFeeds: sync.lastRound.changedFeeds };
    rounds.push(round);
    afterRound(round);
  } while (rounds.at(-1)!.ranges > 0 && rounds.length < limit);
  return rounds;
}

/** A workspace's delivery section as the host parses it (the paging section is required and unused here). */
function deliverySection(services: unknown[], urls: { github?: string; gitlab?: string; jenkins?: string }) {
  const workspace = WorkspaceSchema.parse({
    paging: { provider: 'pagerduty', baseUrl: 'http://127.0.0.1:1' },
    ...(urls.github ? { github: { apiUrl: urls.github } } : {}),
    ...(urls.gitlab ? { gitlab: { baseUrl: urls.gitlab } } : {}),
    ...(urls.jenkins ? { jenkins: { baseUrl: urls.jenkins } } : {}),
    delivery: { services, pollIntervalSeconds: POLL_INTERVAL_S, failureWindowHours: FAILURE_WINDOW_HOURS },
  });
  return workspace.delivery!;
}

/** A 90-day history ending now. */
function recentShape(): HistoryShape {
  const toMs = Date.now() - MINUTE;
  return { fromMs: toMs - WINDOW_DAYS * DAY, toMs, releasesPerDay: RELEASES_PER_DAY, seed: SEED };
}

/**
 * One service per source, each with 90 days of history: Payments API (GitHub deployments, its
 * production environment), Identity Service (GitLab, production), Search API (Jenkins job
 * deploy/search-api, staging and production; its code on GitHub). The first load is read to the
 * end, then idle polls are counted per simulator.
 */
async function measureSources(idlePolls: number): Promise<Part> {
  let simulatedNow: number | null = null;
  const now = () => simulatedNow ?? Date.now();
  const setClock: SetClock = (ms) => (simulatedNow = ms);
  const shape = recentShape();
  const root = mkdtempSync(join(tmpdir(), 'bench-delivery-sources-'));
  const simulators: Array<GitHubSimulator | GitLabSimulator | JenkinsSimulator> = [];
  const tallies: RequestTally[] = [];
  let store: DeliveryStore | null = null;
  let sync: DeliverySync | null = null;
  try {
    const gitHub = await startGitHubSimulator({
      repositories: [
        { owner: 'acme', name: 'payments-api', workflows: [] },
        { owner: 'acme', name: 'search-api', workflows: [] },
      ],
      validTokens: [{ token: TOKEN, login: 'delivery-bench' }],
      rateLimitPerHour: 1_000_000_000,
      now,
    });
    simulators.push(gitHub);
    const gitLab = await startGitLabSimulator({
      projects: [{ id: 5101, path: 'identity/identity-service', name: 'identity-service' }],
      validTokens: [{ token: GITLAB_TOKEN, username: 'delivery-bench' }],
      now,
    });
    simulators.push(gitLab);
    const jenkins = await startJenkinsSimulator({
      jobs: [
        {
          fullName: 'deploy/search-api',
          parameters: [
            { name: 'VERSION', type: 'string' },
            { name: 'ENVIRONMENT', type: 'choice', choices: ['staging', 'production'] },
          ],
        },
      ],
      validUsers: [JENKINS],
      now,
    });
    simulators.push(jenkins);

    const seededGitHub = seedGitHub(gitHub, setClock, 'acme/payments-api', shape, 0);
    const seededGitLab = seedGitLab(gitLab, setClock, 'identity/identity-service', shape, 1);
    const seededJenkins = seedJenkins(jenkins, 'deploy/search-api', seedGitHubHistory(gitHub, 'acme/search-api', shape, 2), shape, 2);
    const delivery = deliverySection(
      [
        { service: 'Payments API', repository: { provider: 'github', name: 'acme/payments-api' }, environments: ['production'] },
        {
          service: 'Identity Service',
          repository: { provider: 'gitlab', name: 'identity/identity-service' },
          environments: ['production'],
        },
        {
          service: 'Search API',
          repository: { provider: 'github', name: 'acme/search-api' },
          jenkinsJob: 'deploy/search-api',
          environments: ['staging', 'production'],
        },
      ],
      { github: gitHub.baseUrl, gitlab: gitLab.baseUrl, jenkins: jenkins.baseUrl },
    );
    const credentials: DeliveryCredentials = {
      github: { baseUrl: gitHub.baseUrl, token: TOKEN },
      gitlab: { baseUrl: gitLab.baseUrl, token: GITLAB_TOKEN },
      jenkins: { baseUrl: jenkins.baseUrl, ...JENKINS },
    };
    store = new DeliveryStore(join(root, 'console.sqlite'));
    const logged: string[] = [];
    const wired = deliveryOptions(delivery, credentials, store, 10_000, (line) => logged.push(line));
    sync = new DeliverySync({ ...wired, clock: systemClock, onChange: () => {}, log: (line) => logged.push(line) });
    const [gitHubTally, gitLabTally, jenkinsTally] = [gitHub, gitLab, jenkins].map((simulator) => new RequestTally(simulator));
    tallies.push(gitHubTally!, gitLabTally!, jenkinsTally!);

    const firstLoad = { github: [] as LoggedRequest[], gitlab: [] as LoggedRequest[], jenkins: [] as LoggedRequest[] };
    const rounds = await catchUp(sync, 50, () => {
      firstLoad.github.push(...gitHubTally!.take());
      firstLoad.gitlab.push(...gitLabTally!.take());
      firstLoad.jenkins.push(...jenkinsTally!.take());
    });
    if (logged.length > 0) throw new Error(`The delivery sync reported trouble during the first load: ${logged.slice(0, 3).join(' | ')}`);

    const idle: Record<'github' | 'gitlab' | 'jenkins', LoggedRequest[][]> = { github: [], gitlab: [], jenkins: [] };
    for (let poll = 0; poll < idlePolls; poll++) {
      await sync.syncNow();
      idle.github.push(gitHubTally!.take());
      idle.gitlab.push(gitLabTally!.take());
      idle.jenkins.push(jenkinsTally!.take());
    }
    const gitHubStatuses = [...new Set(idle.github.flat().map((request) => request.status))];

    const stored = (service: string) => store!.deploymentsOf(service).length;
    const searchOnGitHub = firstLoad.github.filter((request) => request.path.includes('/acme/search-api/'));
    const paymentsOnGitHub = firstLoad.github.filter((request) => request.path.includes('/acme/payments-api/'));
    const productionOf = (service: string) => store!.deploymentsOf(service, { productionOnly: true }).length;
    const firstLoadMs = rounds.reduce((sum, round) => sum + round.ms, 0);
    const perFeed = (polls: LoggedRequest[][]) => summarize(polls.map((requests) => requests.length));
    return {
      rows: [
        row('idle poll: GitHub requests per environment feed', 'requests', perFeed(idle.github), {
          show: 'max',
          other: `answered ${gitHubStatuses.join(', ')}`,
          target: { atMost: 1, appliesTo: 'max' },
        }),
        row('idle poll: GitLab requests per environment feed', 'requests', perFeed(idle.gitlab), {
          show: 'max',
          target: { atMost: 1, appliesTo: 'max' },
        }),
        row('idle poll: Jenkins requests per job feed', 'requests', perFeed(idle.jenkins), {
          show: 'max',
          target: { atMost: 1, appliesTo: 'max' },
        }),
        row('first load, 90 days, 1 GitHub environment: requests', 'requests', one(paymentsOnGitHub.length), {
          other: describeKinds(byKind(paymentsOnGitHub)),
        }),
        row('first load, 90 days, 1 GitLab environment: requests', 'requests', one(firstLoad.gitlab.length), {
          other: describeKinds(byKind(firstLoad.gitlab)),
        }),
        row('first load, 90 days, 1 Jenkins job: requests', 'requests', one(firstLoad.jenkins.length + searchOnGitHub.length), {
          other: `Jenkins ${describeKinds(byKind(firstLoad.jenkins))}; GitHub ${describeKinds(byKind(searchOnGitHub))}; read ${stored('Search API')} of ${seededJenkins} builds`,
        }),
      ],
      notes: [
        `Sources: the GitHub, GitLab and Jenkins simulators on 127.0.0.1, each with one service's 90 days of history (Payments API on GitHub: ${seededGitHub} deployments, its production feed read; Identity Service on GitLab: ${seededGitLab}, production; Search API by the Jenkins job deploy/search-api: ${seededJenkins} builds to staging and production, its code on GitHub). Wired as the host does (deliveryOptions from a workspace delivery section, the real readers, a DeliverySync with an SQLite store in the temp directory), sync rounds run back to back.`,
        `First load: ${rounds.length} rounds, ${formatValue(firstLoadMs / 1000)} s back to back, until every production range was read (the sync reads ${RANGES_PER_ROUND} a round; ${productionOf('Payments API')} + ${productionOf('Identity Service')} + ${productionOf('Search API')} production deployments stored). Stored: Payments API ${stored('Payments API')}, Identity Service ${stored('Identity Service')}, Search API ${stored('Search API')}.${stored('Search API') < seededJenkins ? ` The Jenkins reader's first poll reads the newest firstPollBuilds (default 100) builds and skips older ones, so Search API's first load holds ${stored('Search API')} of its ${seededJenkins} builds (about ${formatValue((stored('Search API') / seededJenkins) * WINDOW_DAYS)} days); delivery-setup.ts does not expose firstPollBuilds.` : ''}`,
        `Idle: ${idlePolls} polls after the first load, each counted in the simulators' request logs (one feed per source); GitHub's answered ${gitHubStatuses.join(', ')} (a 304 does not count against its rate limit).`,
      ],
      details: {
        seeded: { github: seededGitHub, gitlab: seededGitLab, jenkins: seededJenkins },
        rounds,
        firstLoad: {
          github: { payments: byKind(paymentsOnGitHub), search: byKind(searchOnGitHub) },
          gitlab: byKind(firstLoad.gitlab),
          jenkins: byKind(firstLoad.jenkins),
        },
        idle: Object.fromEntries(
          Object.entries(idle).map(([source, polls]) => [source, polls.map((requests) => requests.map((r) => `${r.status} ${r.path}`))]),
        ),
      },
    };
  } finally {
    for (const tally of tallies) tally.stop();
    await sync?.stop();
    store?.close();
    await Promise.all(simulators.map((simulator) => simulator.close()));
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * `count` GitHub services with 90 days each (staging and production feeds), read from scratch
 * through the same wiring until every production range is known; per service and extrapolated.
 */
async function measureGitHubFirstLoad(serviceCount: number): Promise<Part> {
  let simulatedNow: number | null = null;
  const setClock: SetClock = (ms) => (simulatedNow = ms);
  const shape = recentShape();
  const services = historyServices(serviceCount * 10, TEAMS)
    .filter((service) => service.source === 'github')
    .slice(0, serviceCount);
  const root = mkdtempSync(join(tmpdir(), 'bench-delivery-first-load-'));
  const gitHub = await startGitHubSimulator({
    repositories: services.map((service) => ({ owner: 'acme', name: service.repository.split('/')[1]!, workflows: [] })),
    validTokens: [{ token: TOKEN, login: 'delivery-bench' }],
    rateLimitPerHour: 1_000_000_000,
    now: () => simulatedNow ?? Date.now(),
  });
  const tally = new RequestTally(gitHub);
  const store = new DeliveryStore(join(root, 'console.sqlite'));
  let sync: DeliverySync | null = null;
  try {
    const t0 = performance.now();
    let seeded = 0;
    for (const service of services) seeded += seedGitHub(gitHub, setClock, service.repository, shape, service.index);
    const seedMs = performance.now() - t0;
    tally.take();
    const delivery = deliverySection(
      services.map((service) => ({
        service: service.name,
        repository: { provider: 'github', name: service.repository },
        environments: ['staging', 'production'],
      })),
      { github: gitHub.baseUrl },
    );
    const logged: string[] = [];
    const wired = deliveryOptions(delivery, { github: { baseUrl: gitHub.baseUrl, token: TOKEN } }, store, 10_000, (line) =>
      logged.push(line),
    );
    sync = new DeliverySync({ ...wired, clock: systemClock, onChange: () => {}, log: (line) => logged.push(line) });

    const perRound: LoggedRequest[][] = [];
    const rounds = await catchUp(sync, 1_000, () => perRound.push(tally.take()));
    if (logged.length > 0) throw new Error(`The delivery sync reported trouble during the first load: ${logged.slice(0, 3).join(' | ')}`);
    const all = perRound.flat();
    const kinds = byKind(all);
    const notModified = all.filter((request) => request.status === 304).length;
    const counted = all.length - notModified;
    const stored = store.count();
    const ranges = rounds.reduce((sum, round) => sum + round.ranges, 0);
    const totalMs = rounds.reduce((sum, round) => sum + round.ms, 0);
    const firstRound = { ms: rounds[0]!.ms, requests: perRound[0]!.length, kinds: byKind(perRound[0]!) };
    const feeds = wired.feeds.length;

    // Extrapolated to 200 services: requests scale with deployments; the ranges are read 100 a round, one round a poll interval.
    const scale = SERVICES / services.length;
    const requests200 = all.length * scale;
    const counted200 = counted * scale;
    const ranges200 = ranges * scale;
    const rounds200 = Math.ceil(ranges200 / RANGES_PER_ROUND) + 1;
    const rateHours = counted200 / GITHUB_RATE_LIMIT_PER_HOUR;
    const pollHours = ((rounds200 - 1) * POLL_INTERVAL_S) / 3_600;
    const label = `extrapolated to ${SERVICES} services`;
    return {
      rows: [
        row(`first load, GitHub, per service (${services.length} measured): requests`, 'requests', one(all.length / services.length), {
          other: describeKinds(kinds, services.length),
        }),
        row('first load, GitHub, per service: time back to back', 'ms', one(totalMs / services.length), {
          other: `first round ${count(firstRound.ms / services.length)} ms`,
        }),
        row(`first load, GitHub, ${services.length} services: rounds until every range is read`, 'rounds', one(rounds.length), {
          other: `${RANGES_PER_ROUND} ranges a round`,
        }),
        row(`${label}: GitHub requests`, 'requests', one(requests200), { other: `${count(counted200)} count against the rate limit` }),
        row(`${label}: hours at GitHub's ${count(GITHUB_RATE_LIMIT_PER_HOUR)}/h rate limit`, 'h', one(rateHours)),
        row(`${label}: rounds until every lead time is known`, 'rounds', one(rounds200), {
          other: `${formatValue(pollHours)} h at the ${POLL_INTERVAL_S} s poll`,
        }),
        row(`${label}: time back to back (CPU and loopback only)`, 's', one((totalMs * scale) / 1000)),
      ],
      notes: [
        `First load (GitHub): ${services.length} services with 90 days each (${count(seeded)} deployments, about ${count(seeded / services.length)} a service, each with 2 statuses; seeded in ${formatValue(seedMs / 1000)} s), ${feeds} feeds (staging and production per service), read from scratch with the real reader and DeliverySync as the host wires them (feed concurrency 4, statuses 4 at a time, firstPollPages 10), rounds back to back. The first round read every deployment (${count(stored)} stored of ${count(seeded)}: ${stored === seeded ? 'nothing left for later polls' : 'the rest left to later polls'}) in ${count(firstRound.requests)} requests (${describeKinds(firstRound.kinds)}) and ${formatValue(firstRound.ms / 1000)} s; then ${rounds.length - 1} more rounds read the ${count(ranges)} production ranges, ${RANGES_PER_ROUND} a round, one compare each, one after another. In all ${count(all.length)} requests (${describeKinds(kinds)}), ${count(notModified)} of them 304s, ${formatValue(totalMs / 1000)} s. The simulator runs in this process, so the time includes its work.`,
        `Extrapolated (not measured) to ${SERVICES} services of the same shape, from the ${services.length} measured: ${count(requests200)} requests, ${count(counted200)} of them counted by GitHub's rate limit, which at ${count(GITHUB_RATE_LIMIT_PER_HOUR)} an hour for one token is at least ${formatValue(rateHours)} h (the statuses alone: one request per deployment); the ranges (${count(ranges200)}) take ${count(rounds200)} rounds at ${RANGES_PER_ROUND} a round, ${formatValue(pollHours)} h at the default ${POLL_INTERVAL_S} s poll interval, before every lead time is known; back to back with no limit ${formatValue((totalMs * scale) / 60_000)} min.`,
      ],
      details: {
        services: services.length,
        seeded,
        seedMs,
        stored,
        feeds,
        rounds,
        requestsByKind: kinds,
        notModified,
        firstRound,
        extrapolated: {
          services: SERVICES,
          requests: requests200,
          counted: counted200,
          ranges: ranges200,
          rounds: rounds200,
          rateHours,
          pollHours,
        },
      },
    };
  } finally {
    tally.stop();
    await sync?.stop();
    store.close();
    await gitHub.close();
    rmSync(root, { recursive: true, force: true });
  }
}
