/**
 * The paging sync's pace over real HTTP against the PagerDuty simulator: it polls faster
 * while a page is in front of someone (setViewerPresence) or the console's user is on call,
 * goes back to the workspace's interval when neither holds, and backs off on the rate-limit
 * headers (other tools spending the budget, a 429).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OnCall } from '../../../shared/domain/directory';
import { type Engine } from '../../../electron/engine/engine';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { sleep, waitFor } from '../../support/wait-for';

/** The workspace's interval in these tests: long enough to tell from the fast pace (2 s for a dozen incidents). */
const CONFIGURED_MS = 6_000;

interface PacedEngine {
  engine: Engine;
  /** When each incremental poll (GET /log_entries) was sent. */
  polls: number[];
  stop(): Promise<void>;
}

const running: PacedEngine[] = [];
let simulator: PagerDutySimulator | null = null;
afterEach(async () => {
  await Promise.all(running.splice(0).map((paced) => paced.stop()));
  await simulator?.close();
  simulator = null;
});

async function startEngine(
  sim: PagerDutySimulator,
  { token, me = null }: { token: string; me?: { id: string; name: string; email: string } | null },
): Promise<PacedEngine> {
  const polls: number[] = [];
  const provider = createPagerDutyProvider({
    baseUrl: sim.baseUrl,
    token,
    from: sim.state.me.email,
    scope: {},
    timeoutMs: 2_000,
    maxRetries: 1,
    fetch: (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/log_entries')) polls.push(Date.now());
      return fetch(input, init);
    },
  });
  const outbox = new Outbox(':memory:', systemClock);
  const engine = createEngine({
    paging: provider,
    outbox,
    clock: systemClock,
    workspace: { name: 'Pace', demo: false, me, pollIntervalMs: CONFIGURED_MS },
    reconcileIntervalMs: 10 * 60_000,
  });
  engine.start();
  const paced: PacedEngine = { engine, polls, stop: () => engine.stop().finally(() => outbox.close()) };
  running.push(paced);
  await engine.ready();
  return paced;
}

/** Incremental polls sent from `from` for `forMs`. */
async function pollsDuring(paced: PacedEngine, forMs: number): Promise<number[]> {
  const from = Date.now();
  await sleep(forMs);
  return paced.polls.filter((at) => at >= from);
}

function isOnCallNow(oncall: OnCall, now: number): boolean {
  return (oncall.start === null || Date.parse(oncall.start) <= now) && (oncall.end === null || Date.parse(oncall.end) > now);
}

describe('the paging sync pace', () => {
  it('polls faster while a page is in front of someone, and at the workspace interval once none is', async () => {
    simulator = await startPagerDutySimulator({ seedIncidents: 12, seed: 1 });
    const paced = await startEngine(simulator, { token: 'pace-viewer-token' });
    await waitFor('the first incremental poll', () => paced.polls.length > 0, { timeoutMs: CONFIGURED_MS + 4_000 });

    const inFront = await paced.engine.setViewerPresence({ viewerId: 'window-1234', visible: true, focused: true });
    // A dozen incidents: a reconcile is one page, so the idle budget (30 a minute) allows a poll every 2 s.
    expect(inFront).toEqual({ pollIntervalMs: 2_000, pace: 'fast' });
    const fast = await pollsDuring(paced, 5_000);
    expect(fast.length).toBeGreaterThanOrEqual(2);
    expect(fast.length).toBeLessThanOrEqual(3);

    // A second page, hidden, changes nothing; once the visible one is hidden too, back to the workspace's interval.
    await paced.engine.setViewerPresence({ viewerId: 'browser-tab-5678', visible: false, focused: false });
    expect((await paced.engine.setViewerPresence({ viewerId: 'window-1234', visible: false, focused: false })).pace).toBe('configured');
    const normal = await pollsDuring(paced, 5_000);
    expect(normal.length).toBeLessThanOrEqual(1);
  });

  it('polls faster while the user is on call, and not for a user who is not', async () => {
    simulator = await startPagerDutySimulator({ seedIncidents: 12, seed: 1 });
    const sim = simulator;
    const probe = await startEngine(sim, { token: 'pace-probe-token' });
    const { oncalls } = await probe.engine.getOnCalls();
    const now = Date.now();
    const onCallIds = new Set(oncalls.filter((oncall) => isOnCallNow(oncall, now)).map((oncall) => oncall.user.id));
    const onCallUser = sim.state.users.find((user) => onCallIds.has(user.id));
    const offCallUser = sim.state.users.find((user) => !onCallIds.has(user.id) && !oncalls.some((oncall) => oncall.user.id === user.id));
    expect(onCallUser && offCallUser, 'the simulator has users on call and users never on call').toBeTruthy();
    await probe.stop();

    const me = (user: { id: string; name: string; email: string }) => ({ id: user.id, name: user.name, email: user.email });
    const [onCall, offCall] = await Promise.all([
      startEngine(sim, { token: 'pace-on-call-token', me: me(onCallUser!) }),
      startEngine(sim, { token: 'pace-off-call-token', me: me(offCallUser!) }),
    ]);
    // The on-call read follows the first load; the pace follows within one poll.
    await waitFor('the first incremental polls', () => onCall.polls.length > 0 && offCall.polls.length > 0, {
      timeoutMs: CONFIGURED_MS + 4_000,
    });
    const [fast, normal] = await Promise.all([pollsDuring(onCall, 6_500), pollsDuring(offCall, 6_500)]);
    expect(fast.length).toBeGreaterThanOrEqual(3);
    expect(normal.length).toBeLessThanOrEqual(2);
  });

  it('backs off on the rate-limit headers when other tools spend the budget, and after a 429', async () => {
    // A smaller limit than PagerDuty's 960, so the test can spend half of it as "another tool" with the same token
    // (the console takes at most a tenth of what is left: 400 a minute still allows a poll every 2 s).
    simulator = await startPagerDutySimulator({ seedIncidents: 12, seed: 1, rateLimitPerMinute: 400 });
    const sim = simulator;
    const token = 'pace-budget-token';
    const paced = await startEngine(sim, { token });
    expect((await paced.engine.setViewerPresence({ viewerId: 'window-1234', visible: true, focused: true })).pace).toBe('fast');
    await waitFor('a fast poll', () => paced.polls.length >= 2, { timeoutMs: CONFIGURED_MS + 4_000 });

    // Another tool of the same user spends until fewer than half the limit are left.
    for (let spent = 0; spent < 205; spent++) {
      const response = await fetch(`${sim.baseUrl}/users/me`, {
        headers: { Authorization: `Token token=${token}`, Accept: 'application/vnd.pagerduty+json;version=2' },
      });
      await response.arrayBuffer();
    }
    const pollsBefore = paced.polls.length;
    await waitFor('a poll that reads the headers', () => paced.polls.length > pollsBefore, { timeoutMs: 4_000 });
    const heldBack = await waitFor(
      'the pace to be held back',
      () => paced.engine.setViewerPresence({ viewerId: 'window-1234', visible: true, focused: true }),
      { until: (cadence) => cadence.pace === 'held back', timeoutMs: 2_000 },
    );
    // A tenth of what is left, spread over the rest of the window: slower than the workspace's interval.
    expect(heldBack.pollIntervalMs).toBeGreaterThanOrEqual(CONFIGURED_MS);

    // A 429: no poll before the window resets, and no speeding up meanwhile.
    sim.faults.inject({ kind: 'rate-limit', count: 1, path: '/log_entries' });
    await paced.engine.refreshNow().catch(() => undefined);
    const limitedAt = Date.now();
    const afterLimit = await paced.engine.setViewerPresence({ viewerId: 'window-1234', visible: true, focused: true });
    expect(afterLimit.pace).toBe('held back');
    await sleep(3_000);
    expect(paced.polls.filter((at) => at > limitedAt)).toEqual([]);
  });
});
