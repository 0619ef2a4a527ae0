// The incident watch: which incident changes are news for me (new for me or my teams,
// escalated or reassigned to me, triggered again), and that the first load is not.
import { describe, expect, it } from 'vitest';
import { IncidentWatch, type MeContext } from '../../../../electron/engine/notifications/incident-watch';
import { makeIncident } from '../../../support/fake-paging-provider';

const me: MeContext = { userIds: new Set(['U1']), teamIds: new Set(['T1']), onCallLevelByPolicy: new Map([['EP1', 2]]) };
const dana = { id: 'U1', name: 'Dana Developer' };
const priya = { id: 'U2', name: 'Priya Patel' };
const payments = { id: 'T1', name: 'Payments' };
const search = { id: 'T9', name: 'Search' };
const policy = { id: 'EP1', name: 'Payments EP' };
const delta = (...upserted: ReturnType<typeof makeIncident>[]) => ({ upserted, removedIds: [] as string[] });

function primedWatch(...incidents: ReturnType<typeof makeIncident>[]) {
  const watch = new IncidentWatch();
  expect(watch.detect(delta(...incidents), me, true)).toEqual([]);
  return watch;
}

describe('IncidentWatch', () => {
  it('stays quiet on the baseline, however many incidents are mine', () => {
    const watch = new IncidentWatch();
    expect(watch.detect(delta(makeIncident('P1', { assignees: [dana] }), makeIncident('P2', { assignees: [dana] })), me, true)).toEqual([]);
  });

  it.each([
    { name: 'assigned to me', incident: makeIncident('P5', { assignees: [dana], number: 5 }), kind: 'newIncident' },
    { name: 'for my team', incident: makeIncident('P5', { assignees: [priya], team: payments }), kind: 'newIncident' },
    { name: 'for another team', incident: makeIncident('P5', { assignees: [priya], team: search }), kind: null },
    { name: 'mine but already acknowledged', incident: makeIncident('P5', { assignees: [dana], status: 'acknowledged' }), kind: null },
  ])('a new incident $name -> $kind', ({ incident, kind }) => {
    const found = primedWatch().detect(delta(incident), me);
    expect(found.map((candidate) => candidate.kind)).toEqual(kind ? [kind] : []);
  });

  it('says what happened in the title and body', () => {
    const [candidate] = primedWatch().detect(delta(makeIncident('P5', { assignees: [dana], number: 5, title: 'Card auth failing' })), me);
    expect(candidate).toEqual({
      kind: 'newIncident',
      incidentId: 'P5',
      title: 'New incident: Card auth failing',
      body: '#5 · Payments API · high urgency · assigned to you',
      urgency: 'high',
    });
  });

  it('tells escalation (same policy, I am on call at a higher level) from reassignment', () => {
    const watch = primedWatch(
      makeIncident('P1', { assignees: [priya], escalationPolicy: policy, team: search }),
      makeIncident('P2', { assignees: [priya], escalationPolicy: { id: 'EP7', name: 'Search EP' }, team: search }),
    );
    const found = watch.detect(
      delta(
        makeIncident('P1', { assignees: [dana], escalationPolicy: policy, team: search }),
        makeIncident('P2', { assignees: [dana], escalationPolicy: policy, team: search }),
      ),
      me,
    );
    expect(found.map((candidate) => [candidate.incidentId, candidate.kind])).toEqual([
      ['P1', 'escalated'],
      ['P2', 'reassigned'],
    ]);
  });

  it('notices an acknowledged incident of mine triggered again, but not one of another team', () => {
    const watch = primedWatch(
      makeIncident('P1', { assignees: [dana], status: 'acknowledged' }),
      makeIncident('P2', { assignees: [priya], team: search, status: 'acknowledged' }),
    );
    const found = watch.detect(
      delta(makeIncident('P1', { assignees: [dana] }), makeIncident('P2', { assignees: [priya], team: search })),
      me,
    );
    expect(found.map((candidate) => [candidate.incidentId, candidate.kind])).toEqual([['P1', 'retriggered']]);
  });

  it('does not repeat itself for a change that is not news, and forgets removed incidents', () => {
    const watch = primedWatch(makeIncident('P1', { assignees: [dana] }));
    expect(watch.detect(delta(makeIncident('P1', { assignees: [dana], title: 'renamed' })), me)).toEqual([]);
    watch.detect({ upserted: [], removedIds: ['P1'] }, me);
    expect(watch.detect(delta(makeIncident('P1', { assignees: [dana] })), me).map((candidate) => candidate.kind)).toEqual(['newIncident']);
  });

  it('finds nothing without a "me"', () => {
    expect(primedWatch().detect(delta(makeIncident('P5', { assignees: [dana] })), null)).toEqual([]);
  });
});
