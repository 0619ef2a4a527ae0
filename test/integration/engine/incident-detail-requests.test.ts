/**
 * What the incident detail costs PagerDuty, counted in the simulator's request log over
 * real HTTP: the engine, the real PagerDuty provider and its detail cache. Opening reads
 * the incident with its timeline, the alerts, the notes only when there are some, and who
 * is on call for its policy (unless a detail read it within a minute, or the engine's shared
 * on-call read still answers for it); opening again costs nothing; an action landing re-reads only
 * the timeline (and the notes when it wrote one); a change seen elsewhere shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import { type Engine } from '../../../electron/engine/engine';
import { createPagerDutyProvider } from '../../../electron/providers/pagerduty';
import { type PagerDutySimulator } from '../../../electron/simulators/pagerduty';
import { startEngineAgainstSimulator, type EngineAgainstSimulator } from '../../support/engine-against-simulator';
import { waitFor } from '../../support/wait-for';

describe('incident detail requests: engine + PagerDuty provider + simulator', () => {
  let running: EngineAgainstSimulator;
  let simulator: PagerDutySimulator;
  let engine: Engine;

  beforeAll(async () => {
    running = await startEngineAgainstSimulator({ seedIncidents: 30, seed: 5 });
    ({ simulator, engine } = running);
    await engine.getDirectory(); // as the queue does at start: the escalation policies' levels come from it
    noNotesId = triggeredIds().find((id) => simulator.state.notesOf(simulator.state.getIncident(id)!).length === 0)!;
  }, 30_000);

  afterAll(async () => {
    await running?.stop();
  });

  /** The GET paths sent while `step` ran, with the incident's id written as {id}; the engine's own polls (GET /log_entries) left out. */
  async function readsDuring(step: () => Promise<unknown>): Promise<string[]> {
    const mark = simulator.requests.length;
    await step();
    return simulator.requests
      .slice(mark)
      .filter((request) => request.method === 'GET' && request.path !== '/log_entries')
      .map((request) => request.path.replace(/^\/incidents\/[^/]+/, '/incidents/{id}'))
      .sort();
  }

  async function land(request: ActionRequest): Promise<ActionRecord> {
    const { id } = await engine.submitAction(request);
    const landed = await waitFor(`${request.kind} to land`, async () =>
      (await engine.getSnapshot()).actions.find((action) => action.id === id && action.state === 'done'),
    );
    return landed!;
  }

  let noNotesId = '';

  function triggeredIds(): string[] {
    return simulator.state.listIncidents({ statuses: ['triggered'] }).map((incident) => incident.id);
  }

  it('opens a detail without notes in 3 reads, and again in none', async () => {
    const incidentId = noNotesId;
    const opening = await readsDuring(() => engine.getIncidentDetail({ incidentId }));
    expect(opening).toEqual(['/incidents/{id}/alerts', '/incidents/{id}/log_entries', '/oncalls']);
    const detail = await engine.getIncidentDetail({ incidentId });
    expect(detail.incident.id).toBe(incidentId);
    expect(detail.notes).toEqual([]);
    expect(detail.logEntries.some((entry) => entry.type === 'trigger')).toBe(true);
    expect(await readsDuring(() => engine.getIncidentDetail({ incidentId }))).toEqual([]);
  });

  it('reads the notes of an incident that has some, and who is on call for its policy', async () => {
    // An incident on another policy than any read so far (one read recently would give its on-call people).
    const readPolicy = simulator.state.getIncident(noNotesId)!.escalationPolicyId;
    const second = triggeredIds().find((id) => simulator.state.getIncident(id)!.escalationPolicyId !== readPolicy);
    expect(second, 'a triggered incident on another policy').toBeDefined();
    simulator.state.addNote(second!, simulator.state.meUserId, 'Rolling back');
    const opening = await readsDuring(() => engine.getIncidentDetail({ incidentId: second! }));
    expect(opening).toEqual(['/incidents/{id}/alerts', '/incidents/{id}/log_entries', '/incidents/{id}/notes', '/oncalls']);
    const detail = await engine.getIncidentDetail({ incidentId: second! });
    expect(detail.notes.map((note) => note.content)).toEqual(['Rolling back']);
    expect(detail.escalation?.levels.length).toBeGreaterThan(0);
  });

  it('after an acknowledge, reads the timeline once (whatever the events that follow), and shows the acknowledgement', async () => {
    const incidentId = triggeredIds()[3]!;
    await engine.getIncidentDetail({ incidentId });
    await land({ kind: 'acknowledge', incidentIds: [incidentId] });
    await waitFor(
      'the poll after the acknowledge',
      async () => (await engine.getSnapshot()).incidents.find((incident) => incident.id === incidentId)?.status === 'acknowledged',
    );
    // The pane asks on the action's event and again on the poll's: the second is served from the cache.
    const after = await readsDuring(async () => {
      await engine.getIncidentDetail({ incidentId });
      await engine.getIncidentDetail({ incidentId });
    });
    expect(after).toEqual(['/incidents/{id}/log_entries']);
    const detail = await engine.getIncidentDetail({ incidentId });
    expect(detail.incident.status).toBe('acknowledged');
    expect(detail.logEntries.some((entry) => entry.type === 'acknowledge')).toBe(true);
  });

  it('after adding a note, reads the timeline and the notes, and shows the note', async () => {
    const incidentId = triggeredIds()[4]!;
    await engine.getIncidentDetail({ incidentId });
    await land({ kind: 'addNote', incidentIds: [incidentId], content: 'Checked the dashboards' });
    const after = await readsDuring(() => engine.getIncidentDetail({ incidentId }));
    expect(after).toEqual(['/incidents/{id}/log_entries', '/incidents/{id}/notes']);
    expect((await engine.getIncidentDetail({ incidentId })).notes.map((note) => note.content)).toContain('Checked the dashboards');
  });

  it('shows a change made elsewhere once the poll has seen it, notes included', async () => {
    const incidentId = triggeredIds()[5]!;
    await engine.getIncidentDetail({ incidentId });
    const me = { type: 'user' as const, id: simulator.state.meUserId };
    simulator.state.addNote(incidentId, simulator.state.meUserId, 'Added in the web app');
    simulator.state.acknowledge(incidentId, me, { type: 'website' });
    await engine.refreshNow();
    const detail = await engine.getIncidentDetail({ incidentId });
    expect(detail.incident.status).toBe('acknowledged');
    expect(detail.notes.map((note) => note.content)).toContain('Added in the web app');
  });

  it("takes who is on call from the engine's shared on-call read when there is one: 3 reads with notes, the same people", async () => {
    // The read the notification center makes every few minutes (and the on-call panel shows).
    await engine.getOnCalls();
    const readPolicies = new Set(
      [noNotesId, ...triggeredIds().slice(0, 6)].map((id) => simulator.state.getIncident(id)!.escalationPolicyId),
    );
    const incidentId = simulator.state
      .listIncidents({ statuses: ['triggered', 'acknowledged'] })
      .find((incident) => !readPolicies.has(incident.escalationPolicyId))?.id;
    expect(incidentId, 'an open incident on a policy no detail has read yet').toBeDefined();
    simulator.state.addNote(incidentId!, simulator.state.meUserId, 'On it');
    const opening = await readsDuring(() => engine.getIncidentDetail({ incidentId: incidentId! }));
    expect(opening).toEqual(['/incidents/{id}/alerts', '/incidents/{id}/log_entries', '/incidents/{id}/notes']);
    // The same levels and people as the policy's own GET /oncalls gives (a provider without the engine's hints).
    const direct = createPagerDutyProvider({
      baseUrl: simulator.baseUrl,
      token: 'integration-test-token',
      from: simulator.state.me.email,
      scope: {},
    });
    const shown = (await engine.getIncidentDetail({ incidentId: incidentId! })).escalation;
    expect(shown?.levels.some((level) => level.onCall.length > 0)).toBe(true);
    expect(shown).toEqual((await direct.getIncidentDetail(incidentId!)).escalation);
  });
});
