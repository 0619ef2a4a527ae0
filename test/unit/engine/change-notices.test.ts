/**
 * What a fresh read of the change system tells the console's person
 * (engine/changes/change-notices.ts): a change newly waiting for their approval, their
 * team's change approved or rejected by someone (with the reason), a proposal decided;
 * the first read is the baseline, a standard change's approval by its template is not news.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeRequest, ChangeTemplate } from '../../../shared/domain/change';
import { changeNotices, templateNotices } from '../../../electron/engine/changes/change-notices';
import { sampleChange } from '../../support/sample-change';

const grace = { email: 'grace.hopper@example.com', name: 'Grace Hopper' };
const context = { me: grace, myServiceNames: new Set<string>() };
const waiting = sampleChange({
  id: 'c2',
  type: 'normal',
  state: 'authorize',
  approval: 'requested',
  approvals: [{ approver: { id: 'u7', name: 'Grace Hopper' }, state: 'requested', comment: '', decidedAt: null }],
  record: { system: 'servicenow', id: 'c2', number: 'CHG0030002', url: '' },
});
const before = (...changes: ChangeRequest[]) => new Map(changes.map((change) => [change.id, change]));

describe('changeNotices', () => {
  it('says nothing on the first read', () => {
    expect(changeNotices(null, [waiting], context)).toEqual([]);
  });

  it('tells the approver of a change newly waiting for them, once', () => {
    const asked = changeNotices(before(), [waiting], context);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ kind: 'change', title: 'Change waiting for your approval: CHG0030002', onCallForThis: true });
    expect(asked[0]?.body).toContain('Payments API 1.4.2 · normal');
    expect(changeNotices(before(waiting), [waiting], context)).toEqual([]);
    // By email too, whatever the name.
    const byEmail = {
      ...waiting,
      approvals: [{ ...waiting.approvals[0]!, approver: { id: 'u7', name: 'G. Hopper', email: grace.email } }],
    };
    expect(changeNotices(before(), [byEmail], context)).toHaveLength(1);
    expect(changeNotices(before(), [waiting], { ...context, me: { email: 'dana@example.com', name: 'Dana Developer' } })).toEqual([]);
  });

  it("tells the team of its service's change rejected by whom and why, and approved, but not a standard change's template approval", () => {
    const team = { me: { email: 'dana@example.com', name: 'Dana Developer' }, myServiceNames: new Set(['payments api']) };
    const rejected = {
      ...waiting,
      state: 'new' as const,
      approval: 'rejected' as const,
      approvals: [
        { approver: { id: 'u7', name: 'Grace Hopper' }, state: 'rejected' as const, comment: 'No backout plan', decidedAt: null },
      ],
    };
    const [notice] = changeNotices(before(waiting), [rejected], team);
    expect(notice).toMatchObject({ title: 'CHG0030002 rejected by Grace Hopper: No backout plan', urgency: 'high' });
    const approved = { ...waiting, state: 'scheduled' as const, approval: 'approved' as const };
    expect(changeNotices(before(waiting), [approved], team)[0]?.title).toBe('CHG0030002 approved');
    const standardBefore = sampleChange({ approval: 'not-requested' });
    expect(changeNotices(before(standardBefore), [sampleChange()], team)).toEqual([]);
    // Another team's service: not mine.
    expect(changeNotices(before(waiting), [rejected], { ...team, myServiceNames: new Set(['search api']) })).toEqual([]);
  });
});

describe('templateNotices', () => {
  const proposal: ChangeTemplate = {
    id: 't9',
    service: { id: 'PSVC1', name: 'Payments API' },
    name: 'Config-only release',
    scope: 'Configuration only',
    risk: 'low',
    implementationPlan: 'x',
    backoutPlan: 'y',
    testPlan: 'z',
    state: 'proposed',
    proposedBy: { id: 'u1', name: 'Dana Developer' },
    decidedBy: null,
    decisionComment: '',
    record: null,
    updatedAt: '2026-12-06T13:50:00Z',
  };
  it("tells the proposer of their template's decision, with the reason of a rejection", () => {
    const me = { me: { email: 'dana@example.com', name: 'Dana Developer' }, myServiceNames: new Set<string>() };
    const rejected = {
      ...proposal,
      state: 'rejected' as const,
      decidedBy: { id: 'u7', name: 'Grace Hopper' },
      decisionComment: 'Too broad',
    };
    expect(templateNotices(new Map([[proposal.id, proposal]]), [rejected], me)[0]).toMatchObject({
      title: 'Template "Config-only release" rejected by Grace Hopper',
      body: 'Payments API: Too broad',
    });
    expect(templateNotices(null, [rejected], me)).toEqual([]);
    expect(templateNotices(new Map([[proposal.id, proposal]]), [rejected], { ...me, me: grace })).toEqual([]);
  });
});
