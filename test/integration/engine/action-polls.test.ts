/**
 * How often the engine polls PagerDuty because of an action, over real HTTP against the
 * simulator with the regular poll far away: once when the action's paging half lands (so
 * the queue shows it at once), not again when the whole action is recorded done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/domain/action';
import type { Engine } from '../../../electron/engine/engine';
import { createEngine } from '../../../electron/host/create-engine';
import { Outbox } from '../../../electron/engine/outbox';
import { systemClock } from '../../../electron/engine/ports';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { waitFor } from '../../support/wait-for';

/** The engine's poll: the account's log entries since its cursor. */
const POLL_PATH = '/log_entries';

describe('polls after an action: engine + PagerDuty provider + simulator', () => {
  let simulator: PagerDutySimulator;
  let engine: Engine;
  let outbox: Outbox;

  beforeAll(async () => {
    simulator = await startPagerDutySimulator({ seedIncidents: 20, seed: 7 });
    outbox = new Outbox(':memory:', systemClock);
    const provider = createPagerDutyProvider({
      baseUrl: simulator.baseUrl,
      token: 'integration-test-token',
      from: simulator.state.me.email,
      scope: {},
      timeoutMs: 2_000,
      maxRetries: 1,
    });
    engine = createEngine({
      paging: provider,
      outbox,
      clock: systemClock,
      workspace: { name: 'Integration', demo: false, me: null, pollIntervalMs: 60_000 },
      reconcileIntervalMs: 30 * 60_000,
      actionBackoff: { baseMs: 50, capMs: 300 },
    });
    engine.start();
    await engine.ready();
  }, 30_000);

  afterAll(async () => {
    await engine?.stop();
    outbox?.close();
    await simulator?.close();
  });

  const polls = (from: number) =>
    simulator.requests.slice(from).filter((request) => request.method === 'GET' && request.path === POLL_PATH);

  it.each(['acknowledge', 'resolve'] as const)('%s: one poll, and the queue shows it', async (kind) => {
    const incidentId = simulator.state.listIncidents({ statuses: ['triggered'] })[kind === 'acknowledge' ? 0 : 1]!.id;
    const mark = simulator.requests.length;
    const { id } = await engine.submitAction({ kind, incidentIds: [incidentId] });
    await waitFor(`the ${kind} to be done`, async () =>
      (await engine.getSnapshot()).actions.some((action: ActionRecord) => action.id === id && action.state === 'done'),
    );
    await waitFor('the poll after it', async () => polls(mark).length > 0);
    // Time for a second poll, were one coming (each answers in milliseconds here).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(polls(mark)).toHaveLength(1);
    const shown = (await engine.getSnapshot()).incidents.find((incident) => incident.id === incidentId);
    if (kind === 'acknowledge') expect(shown?.status).toBe('acknowledged');
    else expect(shown).toBeUndefined();
  });
});
