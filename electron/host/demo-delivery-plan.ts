/**
 * The demo's 90 days of delivery, planned before anything is written: per service, its
 * releases in order (the commits each brings through pull requests, its tag, its staging
 * and production deployments, its change from raising to closing) and what went wrong on
 * the way (demo-delivery-scenarios.ts). Pure and deterministic: the same seed, clock,
 * teams and incident time give the same plan. demo-delivery-history.ts writes it into the
 * simulators.
 *
 * Cadence: Payments API one or two production deployments a working day, Checkout Web
 * most working days, Identity Service a few a week (GitLab), Search API once a week
 * (Jenkins, always under a normal change: its template is still a proposal). A release
 * under a normal change bumps the minor version and goes out in its change's window, on
 * the afternoon after the change manager approved it in the morning; the others bump the
 * patch. The pipeline builds, deploys to staging, raises the change, passes the gate,
 * deploys to production and, once the dashboards stayed green for a few minutes, closes it.
 */
import { Random } from '../simulators/pagerduty/random';
import { ChangeTitles } from './demo-delivery-words';
import {
  DEMO_DELIVERY_SERVICES,
  type DemoDeliveryService,
  type DemoPerson,
  type PlannedCommit,
  type PlannedRelease,
} from './demo-delivery-types';
import { placeScenarios, playSlots, type Slot } from './demo-delivery-scenarios';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DELIVERY_HISTORY_DAYS = 90;

export interface DeliveryPlanInput {
  now: number;
  seed: number;
  /** The people of the team that owns the service, as the paging platform lists them. */
  teamOf(service: string): DemoPerson[];
  /** When the demo's "what changed" incident opened (the newest open on Payments API): its last release went out 12 minutes before. */
  whatChangedAt: number;
}

export interface ServicePlan {
  service: DemoDeliveryService;
  /** The commit the history starts from, long before the first release. */
  baseline: PlannedCommit;
  releases: PlannedRelease[];
}

interface Profile {
  firstVersion: readonly [number, number, number];
  /** The production deployments of one working day, as hours (UTC) of the day. */
  day(random: Random, weekday: number): number[];
  normalShare: number;
  /** A new minor version: for a release under a normal change, or every few releases. */
  minor(normal: boolean, index: number): boolean;
}

const PROFILES: Record<string, Profile> = {
  'Payments API': {
    firstVersion: [2, 0, 0],
    day: (r) => {
      const count = r.weighted([
        [0, 1],
        [1, 5],
        [2, 4],
      ] as const);
      if (count === 0) return [];
      if (count === 1) return [r.pick([10, 14]) + r.next() * 1.5];
      return [9.75 + r.next(), 14.5 + r.next() * 1.5];
    },
    normalShare: 0.1,
    minor: (normal) => normal,
  },
  'Checkout Web': { firstVersion: [5, 0, 0], day: (r) => (r.chance(0.8) ? [10.5 + r.next() * 5] : []), normalShare: 0.08, minor: (n) => n },
  'Identity Service': {
    firstVersion: [3, 4, 0],
    day: (r) => (r.chance(0.5) ? [10 + r.next() * 5] : []),
    normalShare: 0.1,
    minor: (n) => n,
  },
  'Search API': {
    firstVersion: [1, 18, 0],
    day: (r, weekday) => ((weekday === 3 && r.chance(0.85)) || (weekday === 1 && r.chance(0.1)) ? [14 + r.next()] : []),
    normalShare: 1,
    minor: (_normal, index) => index % 4 === 0,
  },
};

/** The version Payments API's last release before the demo starts carries (its "what changed" deployment)... */
export const PAYMENTS_LAST_VERSION = [2, 13, 4] as const;
/** ...and how long before the newest open incident on Payments API it went to production. */
export const WHAT_CHANGED_MINUTES_BEFORE = 12;

export function planDeliveryHistory(input: DeliveryPlanInput): ServicePlan[] {
  return DEMO_DELIVERY_SERVICES.map((service) => planService(service, input));
}

function planService(service: DemoDeliveryService, input: DeliveryPlanInput): ServicePlan {
  const random = new Random(hashOf(`${input.seed}:${service.service}`));
  const profile = PROFILES[service.service]!;
  const team = input.teamOf(service.service);
  if (team.length === 0) throw new Error(`The demo's ${service.service} has no team to write its history`);
  const start = input.now - DELIVERY_HISTORY_DAYS * DAY;
  const pinned = service.service === 'Payments API' ? input.whatChangedAt - WHAT_CHANGED_MINUTES_BEFORE * MINUTE : null;
  const scheduled = schedule(random, profile, start, pinned === null ? input.now - 45 * MINUTE : pinned - 3 * HOUR);
  let reserved = 0;
  if (pinned !== null) {
    // The last minor version is the fifth release from the end, so the pinned one is x.y.4.
    scheduled.push({ at: pinned, normal: false, scenario: 'what-changed' });
    reserved = 5;
    scheduled.slice(-reserved).forEach((slot, index) => (slot.normal = index === 0));
  }
  const slots = placeScenarios(scheduled, service.service, input.now, reserved);
  if (pinned !== null) {
    // Every release after the first under a normal change is a minor: no more of them than the pinned minor number allows.
    let surplus = slots.slice(1).filter((slot) => slot.normal).length - PAYMENTS_LAST_VERSION[1];
    for (const slot of slots.slice(1, slots.length - reserved))
      if (surplus > 0 && slot.normal && !slot.scenario) [slot.normal, surplus] = [false, surplus - 1];
  }
  // Payments API's versions count up to its pinned last one.
  const first: [number, number, number] =
    pinned === null
      ? [...profile.firstVersion]
      : [PAYMENTS_LAST_VERSION[0], PAYMENTS_LAST_VERSION[1] - slots.slice(1).filter((slot) => slot.normal).length, 0];
  const titles = new ChangeTitles(service.service, random);
  const baseline: PlannedCommit = {
    title: `Import ${service.repository} into the release train`,
    author: team[0]!,
    reviewer: team[1 % team.length]!,
    authoredAt: start - 9 * DAY,
    mergedAt: start - 8 * DAY,
    review: 'approved',
  };
  const writer = new ReleaseWriter(service, { ...profile, firstVersion: first }, random, team, titles, baseline.mergedAt);
  const releases = playSlots(slots, writer);
  return { service, baseline, releases };
}

/** Working days' release slots from `start` to `until`, each under a normal change or a standard one. */
function schedule(random: Random, profile: Profile, start: number, until: number): Slot[] {
  const slots: Slot[] = [];
  for (let day = Math.floor(start / DAY) * DAY + DAY; day < until; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const hour of profile.day(random, weekday).sort((a, b) => a - b)) {
      const normal = random.chance(profile.normalShare);
      // A normal change goes out at the start of its afternoon window.
      const at = normal ? day + (hour < 12 ? 13 : 15) * HOUR + random.int(1, 3) * MINUTE : day + Math.round(hour * 60) * MINUTE;
      if (at < until && !slots.some((slot) => Math.abs(slot.at - at) < HOUR)) slots.push({ at, normal, scenario: null });
    }
  }
  return slots.sort((a, b) => a.at - b.at);
}

/**
 * Writes one release after another: its commits merged since the last tag, its version,
 * the pipeline's run and deployments and its change. The scenarios bend what it writes.
 */
export class ReleaseWriter {
  private version: [number, number, number] | null = null;
  private index = 0;

  constructor(
    readonly service: DemoDeliveryService,
    private readonly profile: Profile,
    readonly random: Random,
    readonly team: readonly DemoPerson[],
    private readonly titles: ChangeTitles,
    /** When the last tag (or the baseline) was made: the next release's commits merge after it. */
    private lastTagAt: number,
  ) {}

  /** Someone of the team, other than `not`. */
  person(not?: DemoPerson): DemoPerson {
    const others = this.team.filter((candidate) => candidate !== not);
    return this.random.pick(others.length > 0 ? others : this.team);
  }

  /** The next version: a minor bump for a release under a normal change (or the service's rule), else a patch. */
  nextVersion(normal: boolean): string {
    const minor = this.profile.minor(normal, this.index++);
    const [major, minorNumber, patch] = this.version ?? [...this.profile.firstVersion];
    this.version =
      this.version === null ? [major, minorNumber, patch] : minor ? [major, minorNumber + 1, 0] : [major, minorNumber, patch + 1];
    return this.version.join('.');
  }

  /** `count` commits (1-6 when not said) merged after the last tag (and `after`) and before `before`, each through a reviewed pull request. */
  commits(before: number, count?: number, after = 0): PlannedCommit[] {
    const r = this.random;
    const n =
      count ??
      r.weighted([
        [1, 15],
        [2, 25],
        [3, 25],
        [4, 17],
        [5, 10],
        [6, 8],
      ] as const);
    const from = Math.max(this.lastTagAt + MINUTE, before - 1.5 * DAY, after);
    const span = Math.max(MINUTE, before - from);
    const merges = Array.from({ length: n }, () => from + r.next() * span).sort((a, b) => a - b);
    const commits = merges.map((mergedAt): PlannedCommit => {
      const author = this.person();
      // Written from under an hour to a few days before it merged (log-normal around 4 hours).
      const u = Math.max(r.next(), 1e-9);
      const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
      const lead = Math.min(3 * DAY, Math.max(35 * MINUTE, 4 * HOUR * Math.exp(normal)));
      const review = r.weighted([
        ['approved', 78],
        ['changes-requested', 12],
        ['commented', 10],
      ] as const);
      return {
        title: this.titles.next(),
        author,
        reviewer: this.person(author),
        authoredAt: Math.round(mergedAt - lead),
        mergedAt: Math.round(mergedAt),
        review,
      };
    });
    this.lastTagAt = commits.at(-1)?.mergedAt ?? this.lastTagAt;
    return commits;
  }

  /** A routine release at `at` through the pipeline: run, staging, the change (standard or normal), production, closed once green. */
  release(at: number, normal: boolean, commitCount?: number, mergedAfter?: number): PlannedRelease {
    const r = this.random;
    const isJenkins = this.service.deployedBy === 'jenkins';
    const runAt = normal ? Math.max(dayStart(at) + 8.5 * HOUR, at - (2.6 + r.next() * 0.8) * HOUR) : at - (11 + r.int(0, 3)) * MINUTE;
    // A normal change waits for the change board: its commits were merged and its change raised one to three days before.
    const boardWaitMs = normal ? (1 + r.int(0, 2)) * DAY : 0;
    const commits = this.commits(runAt - 3 * MINUTE - boardWaitMs, commitCount, mergedAfter);
    const version = this.nextVersion(normal);
    const raisedAt = normal ? commits.at(-1)!.mergedAt + (20 + r.int(0, 40)) * MINUTE : runAt + (isJenkins ? 10 : 8) * MINUTE;
    const productionDone = at + (3 + r.int(0, 2)) * MINUTE + r.int(0, 59) * 1000;
    const window = normal ? { start: at - (at % HOUR), end: at - (at % HOUR) + 2 * HOUR } : null;
    return {
      service: this.service,
      version,
      kind: 'release',
      commits,
      taggedAt: commits.at(-1)!.mergedAt,
      pipelineAt: runAt,
      staging: { at: runAt + 4 * MINUTE, doneAt: runAt + (7 + r.int(0, 1)) * MINUTE },
      production: { at, doneAt: productionDone, outcome: 'success', by: null, description: `Release ${version}` },
      change: {
        type: normal ? 'normal' : 'standard',
        raisedAt,
        window,
        approvedAt: normal ? raisedAt + Math.round((35 + r.next() * Math.max(0, (window!.start - raisedAt) / MINUTE - 50)) * MINUTE) : null,
        implementedAt: at,
        closed: {
          at: productionDone + (5 + r.int(0, 3)) * MINUTE,
          code: 'successful',
          notes: 'Deployed by the pipeline; dashboards green for 5 minutes.',
          by: null,
        },
        fixes: null,
      },
      causes: null,
      forcePushed: null,
      runEnd: null,
    };
  }

  /** The next release's commits merge after `at` (a force push rewrote main then). */
  resumeAfter(at: number): void {
    this.lastTagAt = Math.max(this.lastTagAt, at);
  }
}

function dayStart(at: number): number {
  return Math.floor(at / DAY) * DAY;
}

/** A 31-bit seed from text (FNV-1a). */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash & 0x7fffffff;
}
