/**
 * How often the engine polls PagerDuty because of an action, over real HTTP against the
 * simulator with the regular poll far away: once when the action's paging half lands (so
 * the queue shows it at once), not again when the whole action is recorded done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/domain/action';
import { startEngineAgainstSimulator, type EngineAgainstSimulator } from '../../support/engine-against-simulator';
import { waitFor } from '../../support/wait-for';

/** The engine's poll: the account's log entries since its cursor. */
const POLL_PATH = '/log_entries';

describe('polls after an action: engine + PagerDuty provider + simulator', () => {
  let running: EngineAgainstSimulator;

  beforeAll(async () => {
    running = await startEngineAgainstSimulator({ seedIncidents: 20, seed: 7 });
  }, 30_000);

  afterAll(async () => {
    await running?.stop();
  });

  const polls = (from: number) =>
    running.simulator.requests.slice(from).filter((request) => request.method === 'GET' && request.path === POLL_PATH);

  it.each(['acknowledge', 'resolve'] as const)('%s: one poll, and the queue shows it', async (kind) => {
    const { simulator, engine } = running;
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
