import { describe, expect, it } from 'vitest';
import type { ActionRecord, ActionRequest } from '../../../shared/domain/action';
import { resolveIncidentRefs, submitAndWait } from '../../../electron/cli/action-waiter';
import { CliError } from '../../../electron/cli/cli-error';
import { createFakeEngine, sampleIncident } from '../server/fake-engine';

const request: ActionRequest = { kind: 'acknowledge', incidentIds: ['Q1ABC'] };

function record(state: ActionRecord['state'], overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: 'A1',
    request,
    state,
    attempts: 1,
    createdAt: '2024-05-01T10:00:00Z',
    updatedAt: '2024-05-01T10:00:01Z',
    nextAttemptAt: null,
    lastError: null,
    dismissed: false,
    ...overrides,
  };
}

describe('submitAndWait', () => {
  it('waits for the action to be done, ignoring other actions', async () => {
    const engine = createFakeEngine();
    engine.override('submitAction', async () => {
      setTimeout(() => {
        engine.push({ name: 'actionChanged', payload: record('done', { id: 'OTHER' }) });
        engine.push({ name: 'actionChanged', payload: record('pending', { attempts: 2 }) });
      }, 5);
      setTimeout(() => engine.push({ name: 'actionChanged', payload: record('done', { attempts: 3 }) }), 20);
      return record('pending', { attempts: 0 });
    });
    const result = await submitAndWait(engine, request, 2_000);
    expect(result).toMatchObject({ id: 'A1', state: 'done', attempts: 3 });
    expect(engine.calls).toEqual([{ name: 'submitAction', input: request }]);
    expect(engine.listenerCount()).toBe(0);
  });

  it('catches an outcome pushed before submitAction answered', async () => {
    const engine = createFakeEngine();
    engine.override('submitAction', async () => {
      engine.push({ name: 'actionChanged', payload: record('failed', { lastError: 'Incident is already resolved' }) });
      return record('pending');
    });
    const result = await submitAndWait(engine, request, 2_000);
    expect(result).toMatchObject({ state: 'failed', lastError: 'Incident is already resolved' });
  });

  it('returns the pending record when time runs out', async () => {
    const engine = createFakeEngine();
    engine.override('submitAction', async () => {
      setTimeout(() => engine.push({ name: 'actionChanged', payload: record('pending', { lastError: 'PagerDuty answered 503' }) }), 5);
      return record('pending');
    });
    const started = Date.now();
    const result = await submitAndWait(engine, request, 100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(result).toMatchObject({ state: 'pending', lastError: 'PagerDuty answered 503' });
    expect(engine.listenerCount()).toBe(0);
  });
});

describe('resolveIncidentRefs', () => {
  const incidents = [sampleIncident(), sampleIncident({ id: 'Q2DEF', number: 7 })];

  it('accepts numbers with or without # and ids', () => {
    expect(resolveIncidentRefs(['#123', '7', 'Q2DEF', 'QUNKNOWN'], incidents)).toEqual([
      { id: 'Q1ABC', label: '#123 (Q1ABC)' },
      { id: 'Q2DEF', label: '#7 (Q2DEF)' },
      { id: 'Q2DEF', label: '#7 (Q2DEF)' },
      { id: 'QUNKNOWN', label: 'QUNKNOWN' },
    ]);
  });

  it('refuses what cannot be an incident id, before anything reaches PagerDuty, without echoing a huge one', () => {
    const huge = 'Q'.repeat(900_000);
    const error = (() => {
      try {
        resolveIncidentRefs([huge], incidents);
      } catch (caught) {
        return caught as CliError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error.exitCode).toBe(2);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toMatch(/is not an incident id: An incident id is at most 64 characters/);
    expect(() => resolveIncidentRefs(['Q1ABC; DROP'], incidents)).toThrow(/letters and digits/);
  });

  it('refuses a number that is not an open incident', () => {
    expect(() => resolveIncidentRefs(['#999'], incidents)).toThrow(CliError);
    expect(() => resolveIncidentRefs(['#999'], incidents)).toThrow(/No open incident #999/);
  });
});
