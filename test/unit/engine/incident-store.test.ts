import { describe, expect, it } from 'vitest';
import { IncidentStore } from '../../../electron/engine/incident-store';
import { makeIncident } from '../../support/fake-paging-provider';

describe('IncidentStore', () => {
  it('sends only what changed, numbering each delta', () => {
    const store = new IncidentStore();
    const first = store.replaceAll([makeIncident('P1'), makeIncident('P2')]);
    expect(first).toMatchObject({ seq: 1, removedIds: [] });
    expect(first!.upserted.map((i) => i.id)).toEqual(['P1', 'P2']);

    expect(store.replaceAll([makeIncident('P1'), makeIncident('P2')])).toBeNull();

    const second = store.applyChanges([makeIncident('P2', { status: 'acknowledged' })]);
    expect(second).toEqual({ seq: 2, upserted: [makeIncident('P2', { status: 'acknowledged' })], removedIds: [] });
  });

  it('drops resolved incidents and those missing from a full reconcile', () => {
    const store = new IncidentStore();
    store.replaceAll([makeIncident('P1'), makeIncident('P2'), makeIncident('P3')]);
    const resolved = store.applyChanges([makeIncident('P1', { status: 'resolved' })]);
    expect(resolved).toMatchObject({ upserted: [], removedIds: ['P1'] });
    const reconciled = store.replaceAll([makeIncident('P3')]);
    expect(reconciled).toMatchObject({ upserted: [], removedIds: ['P2'] });
    expect(store.list().map((i) => i.id)).toEqual(['P3']);
  });

  it('ignores a resolved incident it never held', () => {
    const store = new IncidentStore();
    expect(store.applyChanges([makeIncident('P9', { status: 'resolved' })])).toBeNull();
    expect(store.seq).toBe(0);
  });
});
