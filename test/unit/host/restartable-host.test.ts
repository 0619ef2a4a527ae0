// The restartable host's stand-in engine: requests reach the host running now, subscribers
// stay subscribed across restarts and hear workspaceChanged, restarts during a restart
// fold into one more, and close closes the running host once.
import { describe, expect, it, vi } from 'vitest';
import type { ConsoleEvent } from '../../../shared/contract';
import { startRestartableHost } from '../../../electron/host/restartable-host';
import { createFakeEngine, createFakeHost, snapshot } from '../main/fake-engine';

function hosts(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const engine = createFakeEngine();
    engine.getSnapshot.mockImplementation(async () => ({
      ...snapshot,
      workspace: { ...snapshot.workspace, name: `Workspace ${index + 1}` },
    }));
    return createFakeHost(engine);
  });
}

describe('startRestartableHost', () => {
  it('forwards requests to the running host and keeps subscribers across a restart', async () => {
    const [first, second] = hosts(2);
    const start = vi.fn().mockResolvedValueOnce(first).mockResolvedValueOnce(second);
    const host = await startRestartableHost(start, () => undefined);
    const events: ConsoleEvent[] = [];
    host.engine.onEvent((event) => events.push(event));

    await host.engine.refreshNow({});
    expect(first!.engine.refreshNow).toHaveBeenCalledOnce();

    await host.restart();
    expect(first!.close).toHaveBeenCalledOnce();
    expect(first!.close.mock.invocationCallOrder[0]).toBeLessThan(start.mock.invocationCallOrder[1] ?? 0);
    await host.engine.refreshNow({});
    expect(second!.engine.refreshNow).toHaveBeenCalledOnce();
    expect(first!.engine.refreshNow).toHaveBeenCalledOnce();

    const fromOld = {
      name: 'connectionChanged',
      payload: { provider: 'old', label: 'Old', state: 'ok', lastSuccessAt: null, nextRetryAt: null, message: null },
    } as const;
    (first!.engine as ReturnType<typeof createFakeEngine>).emit(fromOld);
    const fromNew = { ...fromOld, payload: { ...fromOld.payload, provider: 'new' } };
    (second!.engine as ReturnType<typeof createFakeEngine>).emit(fromNew);
    expect(events).toEqual([
      { name: 'workspaceChanged', payload: { workspace: expect.objectContaining({ name: 'Workspace 2' }) } },
      fromNew,
    ]);
  });

  it('folds restarts asked for during a restart into one more', async () => {
    const all = hosts(4);
    const start = vi.fn();
    for (const host of all) start.mockResolvedValueOnce(host);
    const host = await startRestartableHost(start, () => undefined);
    const restarts = [host.restart(), host.restart(), host.restart()];
    await Promise.all(restarts);
    expect(start).toHaveBeenCalledTimes(3);
    expect((await host.engine.getSnapshot({})).workspace.name).toBe('Workspace 3');
  });

  it('logs a failed restart, answers why it is down, and closes each host once', async () => {
    const [first] = hosts(1);
    const log = vi.fn();
    const start = vi.fn().mockResolvedValueOnce(first).mockRejectedValueOnce(new Error('no keychain'));
    const host = await startRestartableHost(start, log);
    await host.restart();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('Restarting the console host failed: no keychain'));
    await expect(host.engine.getSnapshot({})).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('not running: no keychain'),
    });
    await host.close();
    await host.close();
    expect(first!.close).toHaveBeenCalledOnce();
  });
});
