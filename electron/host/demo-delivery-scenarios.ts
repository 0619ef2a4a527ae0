/**
 * What went wrong in the demo's delivery history, placed on the release slots nearest to
 * a number of days ago, so the audit and the metrics have something to find:
 *
 * - Payments API: two releases that raised an incident minutes after going out (card
 *   authorisations failing, 58 days ago; latency, 9 days ago), rolled back through the
 *   platform's rollback workflow under an emergency change the change manager approved,
 *   their own changes closed unsuccessful; and one release under a normal change whose
 *   approval came after its window closed: the gate refused the run, and a developer
 *   deployed it by hand two hours later (outside its window, 44 days ago).
 * - Checkout Web: a release tagged from a commit that was then force-pushed away, its tag
 *   deleted (untraceable, 38 days ago); a release whose canary failed its health checks
 *   (a failed deployment, 33 days ago); a hotfix deployed by hand without any change (25
 *   days ago).
 * - Identity Service: a release that made logins fail, fixed forward under an emergency
 *   change two hours later (19 days ago); a change the pipeline closed successful though
 *   the release only reached staging (a change without a deployment, 12 days ago).
 * - Search API: a production build that failed (45 days ago).
 * - Payments API's last release, 12 minutes before the demo's "what changed" incident.
 */
import type { ReleaseWriter } from './demo-delivery-plan';
import type { PlannedIncident, PlannedRelease } from './demo-delivery-types';
import { REGRESSIONS } from './demo-delivery-words';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Scenario =
  | 'payments-errors'
  | 'payments-latency'
  | 'outside-window'
  | 'force-pushed'
  | 'deploy-failed'
  | 'no-change'
  | 'fix-forward'
  | 'staging-only'
  | 'build-failed'
  | 'what-changed';

/** A production deployment to plan: when, under a normal change or not, and what happens to it. */
export interface Slot {
  at: number;
  normal: boolean;
  scenario: Scenario | null;
}

/** Each service's scenarios and how many days ago each happened (the nearest slot takes it). */
const PLACED: Record<string, readonly (readonly [Scenario, number])[]> = {
  'Payments API': [
    ['payments-errors', 58],
    ['outside-window', 44],
    ['payments-latency', 9],
  ],
  'Checkout Web': [
    ['force-pushed', 38],
    ['deploy-failed', 33],
    ['no-change', 25],
  ],
  'Identity Service': [
    ['fix-forward', 19],
    ['staging-only', 12],
  ],
  'Search API': [['build-failed', 45]],
};

const NORMAL_SCENARIOS = new Set<Scenario>(['outside-window']);
/** These take the rest of their day: nothing else of the service goes out after them that day. */
const WHOLE_DAY = new Set<Scenario>([
  'payments-errors',
  'payments-latency',
  'fix-forward',
  'deploy-failed',
  'force-pushed',
  'outside-window',
]);

/**
 * Places the service's scenarios on its slots (never on the last `reserved` ones) and
 * drops the slots a scenario's day leaves no room for; returns the slots to play.
 */
export function placeScenarios(slots: readonly Slot[], service: string, now: number, reserved: number): Slot[] {
  const placeable = slots.slice(0, slots.length - reserved);
  for (const [scenario, daysAgo] of PLACED[service] ?? []) {
    const target = now - daysAgo * DAY;
    const free = placeable.filter((slot) => slot.scenario === null);
    const nearest = free.reduce<Slot | null>(
      (best, slot) => (!best || Math.abs(slot.at - target) < Math.abs(best.at - target) ? slot : best),
      null,
    );
    if (!nearest) continue;
    nearest.scenario = scenario;
    nearest.normal = NORMAL_SCENARIOS.has(scenario) || (service === 'Search API' && nearest.normal);
  }
  const busy = placeable.filter((slot) => slot.scenario && WHOLE_DAY.has(slot.scenario));
  return slots.filter(
    (slot, index) => index >= slots.length - reserved || !busy.some((other) => sameDay(other.at, slot.at) && other.at < slot.at),
  );
}

/** The releases the slots become, in order, each scenario played. */
export function playSlots(slots: readonly Slot[], writer: ReleaseWriter): PlannedRelease[] {
  const releases: PlannedRelease[] = [];
  for (const slot of slots) releases.push(...play(slot, writer, releases));
  return releases;
}

function play(slot: Slot, writer: ReleaseWriter, before: readonly PlannedRelease[]): PlannedRelease[] {
  switch (slot.scenario) {
    case 'payments-errors':
      return rolledBack(writer, slot, before, REGRESSIONS.paymentsErrors, 'card authorisation errors back under 0.5%');
    case 'payments-latency':
      return rolledBack(writer, slot, before, REGRESSIONS.paymentsLatency, 'p99 latency back under 600 ms');
    case 'outside-window':
      return [outsideWindow(writer, slot)];
    case 'force-pushed':
      return [forcePushed(writer, slot, before)];
    case 'deploy-failed':
      return [canaryFailed(writer, slot)];
    case 'no-change':
      return [byHand(writer, slot)];
    case 'fix-forward':
      return fixedForward(writer, slot);
    case 'staging-only':
      return [stagingOnly(writer, slot)];
    case 'build-failed':
      return [buildFailed(writer, slot, before)];
    case 'what-changed':
      return [whatChanged(writer, slot)];
    default:
      return [writer.release(slot.at, slot.normal)];
  }
}

/** The version running in production before: the newest release that went out well and is still tagged. */
function runningVersion(releases: readonly PlannedRelease[]): string {
  const running = [...releases]
    .reverse()
    .find((release) => release.production?.outcome === 'success' && !release.forcePushed && release.kind === 'release');
  if (!running) throw new Error('The demo history has no earlier release to go back to');
  return running.version;
}

/** Goes out, raises an incident minutes later, and is rolled back to the version before under an emergency change. */
function rolledBack(
  writer: ReleaseWriter,
  slot: Slot,
  before: readonly PlannedRelease[],
  alert: PlannedIncident['alert'],
  recovered: string,
): PlannedRelease[] {
  const r = writer.random;
  const previous = runningVersion(before);
  const failed = writer.release(slot.at, false);
  const oncall = writer.person();
  const deployed = failed.production!;
  const openedAt = deployed.doneAt + (3 + r.int(0, 1)) * MINUTE;
  const rollbackAt = openedAt + 24 * MINUTE;
  const rollbackDone = rollbackAt + 3 * MINUTE;
  const incident: PlannedIncident = {
    alert,
    openedAt,
    acknowledgedAt: openedAt + r.int(2, 4) * MINUTE,
    note: { at: rollbackDone + 2 * MINUTE, text: `Rolled back to ${previous}; ${recovered}. Watching it for 10 minutes before resolving.` },
    resolvedAt: rollbackDone + 9 * MINUTE,
  };
  failed.causes = incident;
  failed.change!.closed = {
    at: incident.resolvedAt! + 15 * MINUTE,
    code: 'unsuccessful',
    notes: `Rolled back to ${previous}: ${alert.summary} minutes after the rollout (incident {incident}).`,
    by: oncall,
  };
  failed.runEnd = {
    at: deployed.doneAt + 5 * MINUTE,
    conclusion: 'failure',
    output: [
      `Dashboards not green: incident {incident} opened on ${writer.service.service} after the rollout`,
      'The change is left to the on-call.',
    ],
  };
  const rollback: PlannedRelease = {
    service: writer.service,
    version: previous,
    kind: 'rollback',
    commits: [],
    taggedAt: null,
    pipelineAt: openedAt + 14 * MINUTE,
    staging: null,
    production: {
      at: rollbackAt,
      doneAt: rollbackDone,
      outcome: 'success',
      by: oncall,
      description: `Rollback to ${previous} (incident {incident})`,
    },
    change: {
      type: 'emergency',
      raisedAt: openedAt + 16 * MINUTE,
      window: { start: openedAt + 15 * MINUTE, end: openedAt + 3 * HOUR },
      approvedAt: openedAt + 22 * MINUTE,
      implementedAt: rollbackAt,
      closed: {
        at: rollbackDone + 7 * MINUTE,
        code: 'successful',
        notes: `Rolled back to ${previous} by the platform's rollback workflow.`,
        by: null,
      },
      fixes: incident,
    },
    causes: null,
    forcePushed: null,
    runEnd: null,
  };
  return [failed, rollback];
}

/** A normal change approved after its window closed: the gate refuses the run; a developer deploys it by hand later. */
function outsideWindow(writer: ReleaseWriter, slot: Slot): PlannedRelease {
  const windowStart = dayOf(slot.at) + 13 * HOUR;
  const release = writer.release(windowStart + 2 * MINUTE, true);
  const change = release.change!;
  const approvedAt = windowStart + 2 * HOUR + 25 * MINUTE;
  const developer = writer.person();
  const at = approvedAt + 100 * MINUTE;
  change.window = { start: windowStart, end: windowStart + 2 * HOUR };
  change.approvedAt = approvedAt;
  change.implementedAt = at;
  release.production = {
    at,
    doneAt: at + 4 * MINUTE,
    outcome: 'success',
    by: developer,
    description: `Release ${release.version}, deployed by hand`,
  };
  change.closed = {
    at: at + 14 * MINUTE,
    code: 'successful',
    notes: 'Deployed by hand after the window closed: the approval came after 15:00 and the fix could not wait for a new window.',
    by: developer,
  };
  release.runEnd = {
    at: approvedAt + 20_000,
    conclusion: 'failure',
    output: ["Deployment not permitted: the change's implementation window ended at 15:00; ask for a new window"],
  };
  return release;
}

/** Goes out well; hours later main is force-pushed back to the release before (a fixture held a real card number) and the tag deleted. */
function forcePushed(writer: ReleaseWriter, slot: Slot, before: readonly PlannedRelease[]): PlannedRelease {
  const previous = [...before].reverse().find((release) => release.kind === 'release' && !release.forcePushed)?.version;
  if (!previous) throw new Error('The demo history has no earlier release to force-push back to');
  const release = writer.release(slot.at, false, 1);
  const at = release.production!.doneAt + 150 * MINUTE;
  release.forcePushed = { at, to: previous };
  writer.resumeAfter(at);
  return release;
}

/** The canary fails its health checks: the deployment fails, the previous release keeps serving, the on-call closes the change unsuccessful. */
function canaryFailed(writer: ReleaseWriter, slot: Slot): PlannedRelease {
  const release = writer.release(slot.at, false);
  const production = release.production!;
  production.doneAt = production.at + 6 * MINUTE;
  production.outcome = 'failure';
  production.description = `Release ${release.version}: canary failed its health checks`;
  release.change!.closed = {
    at: production.doneAt + 20 * MINUTE,
    code: 'unsuccessful',
    notes:
      'The canary failed its health checks (5xx on POST /checkout/submit at 4.1%); the rollout stopped and the previous release kept serving.',
    by: writer.person(),
  };
  release.runEnd = {
    at: production.doneAt,
    conclusion: 'failure',
    output: ['Canary (10%): 5xx on POST /checkout/submit at 4.1% (limit 1%)', 'Rollout stopped; the previous release keeps serving.'],
  };
  return release;
}

/** A one-line hotfix, merged and deployed to production by hand by a developer: no pipeline, no staging, no change. */
function byHand(writer: ReleaseWriter, slot: Slot): PlannedRelease {
  const developer = writer.person();
  const commits = writer.commits(slot.at - 25 * MINUTE, 1, slot.at - 50 * MINUTE);
  const version = writer.nextVersion(false);
  return {
    service: writer.service,
    version,
    kind: 'release',
    commits,
    taggedAt: commits[0]!.mergedAt,
    pipelineAt: null,
    staging: null,
    production: { at: slot.at, doneAt: slot.at + 2 * MINUTE, outcome: 'success', by: developer, description: 'Hotfix deployed by hand' },
    change: null,
    causes: null,
    forcePushed: null,
    runEnd: null,
  };
}

/** Logins start failing minutes after the release; a one-commit fix goes out two hours later under an emergency change. */
function fixedForward(writer: ReleaseWriter, slot: Slot): PlannedRelease[] {
  const r = writer.random;
  const failed = writer.release(slot.at, false);
  const oncall = writer.person();
  const openedAt = failed.production!.doneAt + (3 + r.int(0, 1)) * MINUTE;
  const fix = writer.release(openedAt + 110 * MINUTE, false, 1, openedAt + 40 * MINUTE);
  fix.commits[0]!.title = 'Fix token refresh for sessions issued before the upgrade';
  const fixDone = fix.production!.doneAt;
  const incident: PlannedIncident = {
    alert: REGRESSIONS.identityLogins,
    openedAt,
    acknowledgedAt: openedAt + 4 * MINUTE,
    note: { at: fixDone + 2 * MINUTE, text: `Fixed forward in ${fix.version}; login failures back under 1%.` },
    resolvedAt: fixDone + 12 * MINUTE,
  };
  failed.causes = incident;
  failed.change!.closed = {
    at: incident.resolvedAt! + 10 * MINUTE,
    code: 'unsuccessful',
    notes: `Caused incident {incident} (login failures); fixed forward in ${fix.version}.`,
    by: oncall,
  };
  const change = fix.change!;
  change.type = 'emergency';
  change.window = { start: fix.pipelineAt! + 5 * MINUTE, end: fix.pipelineAt! + 4 * HOUR };
  change.approvedAt = change.raisedAt + 2 * MINUTE;
  change.closed = { at: fixDone + 6 * MINUTE, code: 'successful', notes: 'Fixed forward; login failures back under 1%.', by: null };
  change.fixes = incident;
  return [failed, fix];
}

/** The production job never ran, yet the pipeline closed the change successful. */
function stagingOnly(writer: ReleaseWriter, slot: Slot): PlannedRelease {
  const release = writer.release(slot.at, false);
  const staged = release.staging!.doneAt;
  release.production = null;
  release.change!.implementedAt = staged + 3 * MINUTE;
  release.change!.closed = {
    at: staged + 12 * MINUTE,
    code: 'successful',
    notes: 'Deployed by the pipeline; dashboards green for 5 minutes.',
    by: null,
  };
  return release;
}

/** The production build fails; production keeps the version before; the change closes unsuccessful. */
function buildFailed(writer: ReleaseWriter, slot: Slot, before: readonly PlannedRelease[]): PlannedRelease {
  const previous = runningVersion(before);
  const release = writer.release(slot.at, slot.normal);
  const production = release.production!;
  production.doneAt = production.at + 4 * MINUTE;
  production.outcome = 'failure';
  release.change!.closed = {
    at: production.doneAt + 2 * MINUTE,
    code: 'unsuccessful',
    notes: `The production build failed: the index schema check refused the new mapping; production still runs ${previous}.`,
    by: null,
  };
  return release;
}

/** Payments API's last release: 2-4 commits, out 12 minutes before the incident, its standard change closed before the incident opened. */
function whatChanged(writer: ReleaseWriter, slot: Slot): PlannedRelease {
  const release = writer.release(slot.at, false, writer.random.int(2, 4));
  release.production!.doneAt = slot.at + 2 * MINUTE;
  release.change!.closed!.at = slot.at + 7 * MINUTE;
  return release;
}

function dayOf(at: number): number {
  return Math.floor(at / DAY) * DAY;
}

function sameDay(a: number, b: number): boolean {
  return dayOf(a) === dayOf(b);
}
