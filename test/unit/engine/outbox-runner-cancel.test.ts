/** Stopping what is being sent: dismissing an action stops it, stopping the runner gives it back, and a slow send keeps its lease. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../shared/domain/action';
import { Outbox } from '../../../electron/engine/outbox';
import { OutboxRunner } from '../../../electron/engine/outbox-runner';
import { systemClock } from '../../../electron/engine/ports';
import { cancellableSleep } from '../../../electron/engine/ports/request-context';
import { sleep, waitFor } from '../../support/wait-for';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runner-'));
  dirs.push(dir);
  return join(dir, 'outbox.sqlite');
}

/** A runner whose sends take `sendMs`, waiting the way a request does (cancellable by the request context). */
function slowRunner(outbox: Outbox, sendMs: number) {
  const changes: ActionRecord[] = [];
  let started = 0;
  const runner = new OutboxRunner({
    outbox,
    clock: systemClock,
    onChange: (record) => changes.push(record),
    execute: async () => {
      started += 1;
      await cancellableSleep(sendMs, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    },
  });
  return { runner, changes, started: () => started };
}

describe('OutboxRunner cancellation', () => {
  it('stops within moments whatever is in flight, and gives the unsent action back due at once', async () => {
    const outbox = new Outbox(':memory:', systemClock);
    const { runner, started } = slowRunner(outbox, 60_000);
    const { id } = outbox.enqueue({ kind: 'addNote', incidentIds: ['A'], content: 'slow' });
    runner.kick();
    await waitFor('the send to start', () => started() === 1);
    const before = Date.now();
    await runner.stop();
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(outbox.get(id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(outbox.claimNextDue()?.record.id).toBe(id);
    outbox.close();
  });

  it('cancels one action being sent, which then says so, and goes on with the others', async () => {
    const outbox = new Outbox(':memory:', systemClock);
    const { runner, started } = slowRunner(outbox, 60_000);
    const { id } = outbox.enqueue({ kind: 'acknowledge', incidentIds: ['A'] });
    runner.kick();
    await waitFor('the send to start', () => started() === 1);
    expect(runner.isSending(id)).toBe(true);
    await runner.cancel(id);
    expect(runner.isSending(id)).toBe(false);
    expect(outbox.get(id)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^Cancelled while it was being sent/) });
    await runner.stop();
    outbox.close();
  });

  it('renews the lease of a send that outlasts it, so another process sharing the outbox never takes it', async () => {
    const file = tempFile();
    const serve = new Outbox(file, systemClock, { leaseMs: 150 });
    const cli = new Outbox(file, systemClock, { leaseMs: 150 });
    const { runner, changes } = slowRunner(serve, 800);
    const { id } = serve.enqueue({ kind: 'addNote', incidentIds: ['A'], content: 'slow' });
    runner.kick();
    const deadline = Date.now() + 700;
    while (Date.now() < deadline) {
      expect(cli.claimNextDue()).toBeNull();
      await sleep(40);
    }
    await waitFor('the slow send to land', () => changes.some((record) => record.id === id && record.state === 'done'));
    expect(serve.get(id)!.attempts).toBe(1);
    await runner.stop();
    serve.close();
    cli.close();
  });
});
