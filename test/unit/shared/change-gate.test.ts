/**
 * The deployment gate and the change-type choice (shared/rules/change-gate.ts): a
 * deployment passes only with an approved change covering it, in its window, and no
 * freeze; every other answer names why in one line.
 */
import { describe, expect, it } from 'vitest';
import type { ChangeRequest, ChangeTemplate } from '../../../shared/domain/change';
import { chooseChangeType, gateDecision, unreachable, type GateInput } from '../../../shared/rules/change-gate';
import { sampleChange } from '../../support/sample-change';

const payments = { id: 'PSVC1', name: 'Payments API' };
const now = Date.parse('2026-12-06T14:00:00Z');

const change = sampleChange;

function gate(changes: ChangeRequest[], overrides: Partial<GateInput> = {}) {
  return gateDecision({ service: payments, version: '1.4.2', changes, majorIncidents: [], now, ...overrides });
}

const normalWaiting = change({
  type: 'normal',
  templateId: null,
  state: 'authorize',
  vendorState: 'Authorize',
  approval: 'requested',
  approvals: [{ approver: { id: 'u7', name: 'Grace Hopper' }, state: 'requested', comment: '', decidedAt: null }],
});

describe('gateDecision', () => {
  it('passes an approved standard change in its window, naming it', () => {
    expect(gate([change({ plannedEnd: '2026-12-06T18:00:00Z' })])).toMatchObject({
      outcome: 'allowed',
      reason: 'CHG0030001 (standard, approved) covers Payments API 1.4.2; window until 2026-12-06 18:00 UTC',
    });
  });

  it('refuses with how to raise one when no change covers the version', () => {
    const decision = gate([change({ deployment: { version: '1.4.1', commit: 'x', runUrl: null } })]);
    expect(decision.outcome).toBe('refused');
    expect(decision.reason).toBe(
      'No change covers Payments API 1.4.2: raise one first (oncall-console change open --service "Payments API" --version 1.4.2 ...)',
    );
  });

  it('waits for a normal change in Authorize and names who it waits for', () => {
    expect(gate([normalWaiting])).toMatchObject({
      outcome: 'waiting',
      reason: 'CHG0030001 (normal) is in Authorize, waiting for approval from Grace Hopper',
    });
    expect(gate([{ ...normalWaiting, approvals: [] }]).reason).toMatch(/waiting for approval from the change manager$/);
  });

  it('refuses a rejected change with who rejected it and why', () => {
    const rejected = change({
      ...normalWaiting,
      state: 'new',
      approval: 'rejected',
      approvals: [
        { approver: { id: 'u7', name: 'Grace Hopper' }, state: 'rejected', comment: 'No backout plan', decidedAt: '2026-12-06T13:55:00Z' },
      ],
    });
    expect(gate([rejected])).toMatchObject({ outcome: 'refused', reason: 'CHG0030001 was rejected by Grace Hopper: No backout plan' });
  });

  it('waits before the window opens and refuses after it ended', () => {
    expect(gate([change({ plannedStart: '2026-12-06T15:00:00Z' })])).toMatchObject({
      outcome: 'waiting',
      reason: 'CHG0030001 is approved; its window opens at 2026-12-06 15:00 UTC',
    });
    expect(gate([change({ plannedEnd: '2026-12-06T13:00:00Z' })])).toMatchObject({
      outcome: 'refused',
      reason: 'CHG0030001 is approved, but its window ended at 2026-12-06 13:00 UTC: ask for a new window',
    });
  });

  it('freezes the service during a major incident, except for the emergency change linked to it', () => {
    const major = [{ id: 'PINC9', number: 912, title: 'Card payments failing' }];
    expect(gate([change()], { majorIncidents: major })).toMatchObject({
      outcome: 'refused',
      reason:
        'Change freeze on Payments API: major incident #912 "Card payments failing" is open; only an emergency change linked to it (--emergency --incident PINC9) may deploy',
    });
    const fix = change({ type: 'emergency', incidentId: 'PINC9' });
    expect(gate([fix], { majorIncidents: major }).outcome).toBe('allowed');
    // Linked by its number works too: people quote "#912".
    expect(gate([{ ...fix, incidentId: '#912' }], { majorIncidents: major }).outcome).toBe('allowed');
    expect(gate([{ ...fix, incidentId: 'POTHER' }], { majorIncidents: major }).reason).toMatch(
      /linked to another incident \(POTHER\); raise it with --incident PINC9 \(#912\) to ship the fix$/,
    );
  });

  it('refuses a window it cannot read, rather than passing it', () => {
    expect(gate([change({ plannedEnd: '06/12/2026 18:00 tomorrow-ish' })])).toMatchObject({
      outcome: 'refused',
      reason: "CHG0030001's planned window cannot be read (- to 06/12/2026 18:00 tomorrow-ish): fix it in the change",
    });
  });

  it('keeps a rejection on one line, whatever the approver wrote', () => {
    const rejected = change({
      ...normalWaiting,
      approval: 'rejected',
      approvals: [
        { approver: { id: 'u7', name: 'Grace Hopper' }, state: 'rejected', comment: 'No\n::stop-commands::x\nbackout', decidedAt: null },
      ],
    });
    expect(gate([rejected]).reason).toBe('CHG0030001 was rejected by Grace Hopper: No ::stop-commands::x backout');
  });

  it('matches services by name only (an id would escape the freeze) and the named change case aside', () => {
    expect(gate([change()], { service: { id: 'PSVC1', name: 'sys-id-of-payments' } }).outcome).toBe('refused');
    expect(gate([change()], { service: { id: 'x', name: 'payments api' } }).outcome).toBe('allowed');
    expect(gate([change()], { changeNumber: ' chg0030001 ' }).outcome).toBe('allowed');
  });

  it('judges the change the pipeline names, and refuses one that covers another version or service', () => {
    const older = change({ id: 'c0', record: { ...change().record, number: 'CHG0029999' }, createdAt: '2026-12-06T10:00:00Z' });
    expect(gate([older, normalWaiting], { changeNumber: 'CHG0029999' }).outcome).toBe('allowed');
    expect(gate([change()], { changeNumber: 'CHG0000001' }).reason).toBe('CHG0000001 is not a change of Payments API');
    expect(gate([change()], { changeNumber: 'CHG0030001', version: '2.0.0' }).reason).toBe(
      'CHG0030001 covers Payments API 1.4.2, not 2.0.0',
    );
  });

  it('takes the newest live change for the version, leaving canceled ones aside', () => {
    const canceled = change({
      id: 'c2',
      state: 'canceled',
      createdAt: '2026-12-06T13:59:00Z',
      record: { ...change().record, number: 'CHG0030002' },
    });
    expect(gate([change(), canceled]).change?.record.number).toBe('CHG0030001');
    expect(gate([canceled])).toMatchObject({
      outcome: 'refused',
      reason: 'CHG0030002 was canceled: raise a new change for this deployment',
    });
  });

  it('refuses a closed change or one in Review: the deployment it covered has happened', () => {
    expect(gate([change({ state: 'closed', closeCode: 'successful' })]).reason).toBe(
      'CHG0030001 is closed (successful): raise a new change for another deployment',
    );
    expect(gate([change({ state: 'review' })]).outcome).toBe('refused');
  });

  it('fails closed when the change system cannot be read', () => {
    expect(unreachable('ServiceNow', 'connection refused')).toEqual({
      outcome: 'refused',
      reason: 'Deployment not permitted: ServiceNow could not be reached to check the change (connection refused); the gate fails closed',
      change: null,
    });
  });
});

describe('chooseChangeType', () => {
  const template: ChangeTemplate = {
    id: 't1',
    service: payments,
    name: 'Payments API routine deploy',
    scope: 'Rolling deploy of a tested build',
    risk: 'low',
    implementationPlan: 'Rolling deploy',
    backoutPlan: 'Redeploy the previous version',
    testPlan: 'Smoke tests',
    state: 'approved',
    proposedBy: null,
    decidedBy: null,
    decisionComment: '',
    record: null,
    updatedAt: '2026-12-01T10:00:00Z',
  };
  it('is standard only from an approved template of low or moderate risk', () => {
    expect(chooseChangeType(template)).toEqual({ type: 'standard', reason: 'pre-approved by the template "Payments API routine deploy"' });
    expect(chooseChangeType({ ...template, risk: 'moderate' }).type).toBe('standard');
    expect(chooseChangeType({ ...template, risk: 'high' }).reason).toBe(
      'the template "Payments API routine deploy" is high risk, which is never pre-approved',
    );
    expect(chooseChangeType({ ...template, state: 'proposed' }).type).toBe('normal');
    expect(chooseChangeType(null)).toEqual({ type: 'normal', reason: 'no template was named' });
    expect(chooseChangeType(template, { normal: true }).type).toBe('normal');
  });

  it("refuses an approved change whose window falls in a blackout the change system found, naming it; another change's overlap does not", () => {
    const blackout = change({
      conflictStatus: 'conflict',
      conflicts: [
        { kind: 'change', description: 'CHG0030009 is scheduled on Payments API at the same time', with: 'CHG0030009' },
        { kind: 'blackout', description: 'Weekend change freeze\n(Fri 16:00 to Mon 06:00)', with: null },
      ],
    });
    expect(gate([blackout])).toMatchObject({
      outcome: 'refused',
      reason:
        "CHG0030001's window falls in a blackout (Weekend change freeze (Fri 16:00 to Mon 06:00)): plan it outside the blackout and ask again",
    });
    const overlapOnly = change({
      conflictStatus: 'conflict',
      conflicts: [{ kind: 'change', description: 'CHG0030009 overlaps', with: 'CHG0030009' }],
    });
    expect(gate([overlapOnly]).outcome).toBe('allowed');
  });
});
