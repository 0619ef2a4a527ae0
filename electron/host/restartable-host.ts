/**
 * A console host that can be swapped for a new one while its users keep their hold on it:
 * the engine it hands out is a stand-in that forwards every contract request to the host
 * running now and keeps its event subscribers across restarts. The desktop restarts when
 * its connections change; the IPC handlers, the window's event forwarding and the tray
 * keep working on the new engine, and a `workspaceChanged` event tells the page to fetch
 * a fresh snapshot (the new engine numbers its events from the start again).
 */
import { requestNames, type ConsoleApi, type ConsoleEvent } from '../../shared/contract';
import type { ConsoleEngine, ConsoleHost } from './types';

export interface RestartableHost extends ConsoleHost {
  /** Closes the running host and starts a new one; calls during a restart fold into one more. */
  restart(): Promise<void>;
}

export async function startRestartableHost(start: () => Promise<ConsoleHost>, log: (message: string) => void): Promise<RestartableHost> {
  let current = await start();
  const listeners = new Set<(event: ConsoleEvent) => void>();
  const emit = (event: ConsoleEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log(`An event listener failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  };
  let unsubscribe = current.engine.onEvent(emit);
  let switching: Promise<void> | null = null;
  let again = false;
  let closed: Promise<void> | null = null;

  const requests = Object.fromEntries(
    requestNames.map((name) => [
      name,
      async (input: unknown) => {
        if (switching) await switching;
        const method = current.engine[name] as (input: unknown) => Promise<unknown>;
        return method.call(current.engine, input);
      },
    ]),
  ) as unknown as ConsoleApi;

  const engine: ConsoleEngine = {
    ...requests,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: () => current.engine.ready(),
    stop: () => current.engine.stop(),
  };

  async function swap(): Promise<void> {
    do {
      again = false;
      unsubscribe();
      await current.close().catch((error: unknown) => log(`Closing the console host failed: ${error instanceof Error ? error.message : error}`));
      if (closed) return;
      current = await start();
      unsubscribe = current.engine.onEvent(emit);
      const { workspace } = await current.engine.getSnapshot({});
      emit({ name: 'workspaceChanged', payload: { workspace } });
    } while (again && !closed);
  }

  return {
    engine,
    get simulators() {
      return current.simulators;
    },
    restart() {
      if (closed) return Promise.resolve();
      if (switching) {
        again = true;
        return switching;
      }
      switching = swap()
        .catch((error: unknown) => log(`Restarting the console host failed: ${error instanceof Error ? error.message : error}`))
        .finally(() => {
          switching = null;
        });
      return switching;
    },
    close() {
      closed ??= (async () => {
        await switching;
        unsubscribe();
        listeners.clear();
        await current.close();
      })();
      return closed;
    },
  };
}
