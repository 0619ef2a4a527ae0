import { describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/domain/action';
import { Outbox } from '../../../electron/engine/outbox';
import { OutboxRunner } from '../../../electron/engine/outbox-runner';
import { ProviderError, systemClock } from '../../../electron/engine/ports';
import { waitFor } from '../../support/wait-for';

/** How the waits below poll: closely, as the first test compares timings. */
const SOON = { timeoutMs: 3_000, everyMs: 5 };

describe('OutboxRunner lanes', () => {
  it('does not let an action that keeps failing slowly hold up the others', async () => {
    const outbox = new Outbox(':memory:', systemClock);
    const settled: ActionRecord[] = [];
    const runner = new OutboxRunner({
      outbox,
      clock: systemClock,
      backoff: { baseMs: 200, capMs: 200 },
      onChange: (record) => {
        if (record.state !== 'pending' || record.lastError) settled.push(record);
      },
      execute: async ({ record }) => {
        if (record.request.incidentIds[0] === 'SLOW') {
          await new Promise((resolve) => setTimeout(resolve, 300));
          throw new ProviderError('transient', 'ServiceNow is unavailable (503)', 503);
        }
      },
    });
    outbox.enqueue({ kind: 'acknowledge', incidentIds: ['SLOW'] });
    const fast = outbox.enqueue({ kind: 'acknowledge', incidentIds: ['FAST'] });
    runner.kick();
    await waitFor('the fast action to be done', () => settled.some((r) => r.id === fast.id && r.state === 'done'), SOON);
    // The fast one landed while the slow one was still on its first attempt.
    expect(settled.filter((r) => r.request.incidentIds[0] === 'SLOW')).toEqual([]);
    await runner.stop();
    outbox.close();
  });

  it('sends actions on the same incident one at a time, oldest first', async () => {
    const outbox = new Outbox(':memory:', systemClock);
    const order: string[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const runner = new OutboxRunner({
      outbox,
      clock: systemClock,
      onChange: () => undefined,
      execute: async ({ record }) => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(record.request.kind);
        concurrent -= 1;
      },
    });
    outbox.enqueue({ kind: 'acknowledge', incidentIds: ['P1'] });
    outbox.enqueue({ kind: 'addNote', incidentIds: ['P1'], content: 'x' });
    outbox.enqueue({ kind: 'resolve', incidentIds: ['P1'] });
    runner.kick();
    await waitFor('all three actions to be sent', () => order.length === 3, SOON);
    expect(order).toEqual(['acknowledge', 'addNote', 'resolve']);
    expect(maxConcurrent).toBe(1);
    await runner.stop();
    outbox.close();
  });
});
