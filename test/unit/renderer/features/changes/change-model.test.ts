/**
 * The Changes area's model (renderer/src/features/changes/change-model.ts): the gate's
 * answer per change with the freeze from the queue's major incidents, changes grouped by
 * service (in flight first), the approvals waiting for me oldest first, and an incident's
 * "what changed" window (24 hours before it opened, and since).
 */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../../../shared/domain/incident';
import {
  byService,
  changesAroundIncident,
  freezingIncidents,
  gateFor,
  waitingForMe,
} from '../../../../../renderer/src/features/changes/change-model';
import { sampleChange } from '../../../../support/sample-change';

const now = Date.parse('2026-12-06T14:00:00Z');
const major = {
  id: 'PINC7',
  number: 7,
  title: 'Payments down',
  status: 'triggered',
  declaredMajor: 'customers cannot pay',
  service: { id: 'PSVC1', name: 'Payments API' },
} as unknown as Incident;

describe('change model', () => {
  it('freezes the changes of a service with a major incident open, by name', () => {
    expect(freezingIncidents([major], 'payments api')).toEqual([{ id: 'PINC7', number: 7, title: 'Payments down' }]);
    expect(freezingIncidents([{ ...major, status: 'resolved' } as Incident], 'Payments API')).toEqual([]);
    const change = sampleChange();
    expect(gateFor(change, [change], [], now)?.outcome).toBe('allowed');
    expect(gateFor(change, [change], [major], now)?.reason).toMatch(/^Change freeze on Payments API: major incident #7/);
    expect(gateFor(sampleChange({ state: 'closed' }), [], [], now)).toBeNull();
  });

  it('groups changes by service, services with a change in flight first, newest first', () => {
    const search = sampleChange({ id: 's1', service: { id: 'S', name: 'Search API' }, state: 'implement' });
    const oldDone = sampleChange({ id: 'p1', state: 'closed', createdAt: '2026-12-05T10:00:00Z' });
    const groups = byService([oldDone, search]);
    expect(groups.map((group) => group.service)).toEqual(['Search API', 'Payments API']);
    expect(groups[1]).toMatchObject({ inFlight: [], recent: [oldDone] });
  });

  it('lists the approvals waiting for me, the longest waiting first', () => {
    const ask = (id: string, createdAt: string) =>
      sampleChange({
        id,
        createdAt,
        approvals: [{ approver: { id: 'u7', name: 'Grace Hopper' }, state: 'requested', comment: '', decidedAt: null }],
      });
    const later = ask('b', '2026-12-06T13:00:00Z');
    const earlier = ask('a', '2026-12-06T12:00:00Z');
    expect(waitingForMe([later, earlier, sampleChange()], { email: 'x', name: 'Grace Hopper' }).map((change) => change.id)).toEqual([
      'a',
      'b',
    ]);
    expect(waitingForMe([later], null)).toEqual([]);
  });

  it("finds an incident's service's changes from 24 hours before it opened", () => {
    const incident = { service: { id: 'PSVC1', name: 'Payments API' }, createdAt: '2026-12-06T12:00:00Z' };
    const within = sampleChange({ id: 'in', createdAt: '2026-12-05T13:00:00Z', updatedAt: '2026-12-05T13:00:00Z' });
    const tooOld = sampleChange({ id: 'old', createdAt: '2026-12-05T11:00:00Z', updatedAt: '2026-12-05T11:00:00Z' });
    const after = sampleChange({ id: 'after', createdAt: '2026-12-06T12:30:00Z', updatedAt: '2026-12-06T12:30:00Z' });
    const other = sampleChange({ id: 'other', service: { id: 'S', name: 'Search API' } });
    expect(changesAroundIncident([within, tooOld, after, other], incident).map((change) => change.id)).toEqual(['after', 'in']);
  });
});
