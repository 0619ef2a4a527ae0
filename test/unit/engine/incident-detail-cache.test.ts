/**
 * The engine's incident detail cache: what it serves again, what invalidates it (a landed
 * action, a changed incident in the store, its time-to-live) and which hints it hands the
 * provider, against a recording stand-in for the provider's detail read.
 */
import { describe, expect, it } from 'vitest';
import { IncidentDetailCache } from '../../../electron/engine/incident-detail-cache';
import type { IncidentDetailHints } from '../../../electron/engine/ports';
import type { ActionRequest } from '../../../shared/domain/action';
import type { Incident, IncidentDetail } from '../../../shared/domain/incident';

function incident(id: string, changes: Partial<Incident> = {}): Incident {
  return {
    id,
    provider: 'pagerduty',
    number: 1,
    title: 'Checkout errors',
    status: 'triggered',
    urgency: 'high',
    priority: null,
    service: { id: 'S1', name: 'Checkout' },
    team: null,
    escalationPolicy: { id: 'EP1', name: 'Checkout EP' },
    assignees: [{ id: 'U1', name: 'Ana' }],
    acknowledgedBy: [],
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    htmlUrl: 'https://example.pagerduty.com/incidents/' + id,
    tenant: null,
    ...changes,
  };
}

function setup() {
  let now = 1_000_000;
  const store = new Map<string, Incident>();
  const reads: Array<{ incidentId: string; hints: IncidentDetailHints }> = [];
  const waiting: Array<() => void> = [];
  let holdReads = false;
  const cache = new IncidentDetailCache({
    clock: { now: () => now },
    store,
    shared: () => ({}),
    paging: {
      async getIncidentDetail(incidentId, hints = {}) {
        reads.push({ incidentId, hints });
        if (holdReads) await new Promise<void>((resolve) => waiting.push(resolve));
        const current = store.get(incidentId) ?? incident(incidentId);
        const detail: IncidentDetail = {
          incident: current,
          notes: [],
          logEntries: [],
          alerts: [],
          responders: [],
          escalation: { policy: { id: 'EP1', name: 'Checkout EP' }, currentLevel: 1, levels: [] },
        };
        return detail;
      },
    },
  });
  return {
    cache,
    store,
    reads,
    advance: (ms: number) => (now += ms),
    hold: () => (holdReads = true),
    /** Lets the reads held so far end, oldest first. */
    release: () => {
      holdReads = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

const acknowledge = (id: string): ActionRequest => ({ kind: 'acknowledge', incidentIds: [id] });

describe('IncidentDetailCache', () => {
  it('serves a detail again while nothing changed, and reads again after its time-to-live', async () => {
    const { cache, store, reads, advance } = setup();
    store.set('P1', incident('P1'));
    await cache.get('P1');
    await cache.get('P1');
    expect(reads).toHaveLength(1);
    advance(29_000);
    await cache.get('P1');
    expect(reads).toHaveLength(1);
    advance(2_000);
    await cache.get('P1');
    expect(reads).toHaveLength(2);
    // Past its time-to-live nothing is offered as known.
    expect(reads[1]!.hints.known).toBeUndefined();
  });

  it('reads again when the store has a different incident than the one read, and not when it caught up with the read', async () => {
    const { cache, store, reads } = setup();
    store.set('P1', incident('P1'));
    await cache.get('P1');
    store.set('P1', incident('P1', { status: 'acknowledged', updatedAt: '2026-01-01T10:05:00Z' }));
    await cache.get('P1');
    expect(reads).toHaveLength(2);
    // The read returned the store's incident; an equal copy arriving from the poll changes nothing.
    store.set('P1', incident('P1', { status: 'acknowledged', updatedAt: '2026-01-01T10:05:00Z' }));
    await cache.get('P1');
    expect(reads).toHaveLength(2);
  });

  it('after an acknowledge lands, reads once more with notes and alerts offered as current', async () => {
    const { cache, store, reads } = setup();
    store.set('P1', incident('P1'));
    await cache.get('P1');
    cache.actionLanded(acknowledge('P1'));
    await cache.get('P1');
    await cache.get('P1');
    expect(reads).toHaveLength(2);
    expect(reads[1]!.hints.known).toBeDefined();
    expect(reads[1]!.hints.stale).toEqual({ notes: false, alerts: false });
  });

  it('marks the notes stale after a note, and the notes and alerts after a resolve, until a read after it ends', async () => {
    const { cache, reads } = setup();
    await cache.get('P1');
    cache.actionLanded({ kind: 'addNote', incidentIds: ['P1'], content: 'x' });
    await cache.get('P1');
    expect(reads[1]!.hints.stale).toEqual({ notes: true, alerts: false });
    cache.actionLanded({ kind: 'resolve', incidentIds: ['P1'] });
    await cache.get('P1');
    expect(reads[2]!.hints.stale).toEqual({ notes: true, alerts: true });
    cache.actionLanded(acknowledge('P1'));
    await cache.get('P1');
    expect(reads[3]!.hints.stale).toEqual({ notes: false, alerts: false });
  });

  it('shares a read in flight, but not one that started before an action landed', async () => {
    const { cache, reads, hold, release } = setup();
    hold();
    const first = cache.get('P1');
    const second = cache.get('P1');
    expect(reads).toHaveLength(1);
    cache.actionLanded({ kind: 'addNote', incidentIds: ['P1'], content: 'x' });
    const third = cache.get('P1');
    expect(reads).toHaveLength(2);
    release();
    await Promise.all([first, second, third]);
    // The read that began after the note is the one kept and served again.
    await cache.get('P1');
    expect(reads).toHaveLength(2);
  });

  it('hands other incidents the escalation path read within a minute, and not after', async () => {
    const { cache, reads, advance } = setup();
    await cache.get('P1');
    await cache.get('P2');
    expect(reads[1]!.hints.recentEscalations?.map((path) => path.policy.id)).toEqual(['EP1']);
    advance(61_000);
    await cache.get('P3');
    expect(reads[2]!.hints.recentEscalations).toEqual([]);
  });
});
