/**
 * A console host that can be swapped for a new one while its users keep their hold on it:
 * the engine it hands out is a stand-in that forwards every contract request to the host
 * running now and keeps its event subscribers across restarts. The desktop restarts when
 * its connections change; the IPC handlers, the window's event forwarding and the tray
 * keep working on the new engine, and a `workspaceChanged` event tells the page to fetch
 * a fresh snapshot (the new engine numbers its events from the start again).
 */
import { ContractFailure, requestNames, type ConsoleApi, type ConsoleEvent } from '../../shared/contract';
import type { ConsoleEngine, ConsoleHost } from './types';
import { errorText } from '../../shared/error-text';

export interface RestartableHost extends ConsoleHost {
  /** Closes the running host and starts a new one; calls during a restart fold into one more. */
  restart(): Promise<void>;
}

export async function startRestartableHost(start: () => Promise<ConsoleHost>, log: (message: string) => void): Promise<RestartableHost> {
  let current: ConsoleHost | null = await start();
  /** Why no host runs (a restart failed); the next restart tries again. */
  let down = '';
  const running = (): ConsoleHost => {
    if (!current)
      throw new ContractFailure(
        'internal',
        `The console is not running: ${down || 'it is restarting'}. Save the connections again or restart the app.`,
      );
    return current;
  };
  const listeners = new Set<(event: ConsoleEvent) => void>();
  const emit = (event: ConsoleEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        log(`An event listener failed: ${errorText(error)}`);
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
        const { engine } = running();
        const method = engine[name] as (input: unknown) => Promise<unknown>;
        return method.call(engine, input);
      },
    ]),
  ) as unknown as ConsoleApi;

  const engine: ConsoleEngine = {
    ...requests,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: async () => running().engine.ready(),
    stop: async () => current?.engine.stop(),
  };

  async function swap(): Promise<void> {
    do {
      again = false;
      unsubscribe();
      const old = current;
      current = null;
      await old?.close().catch((error: unknown) => log(`Closing the console host failed: ${errorText(error)}`));
      if (closed) return;
      const next = await start().catch((error: unknown) => {
        down = errorText(error);
        throw error;
      });
      current = next;
      unsubscribe = next.engine.onEvent(emit);
      const { workspace } = await next.engine.getSnapshot({});
      emit({ name: 'workspaceChanged', payload: { workspace } });
    } while (again && !closed);
  }

  return {
    engine,
    get simulators() {
      return current?.simulators ?? null;
    },
    restart() {
      if (closed) return Promise.resolve();
      if (switching) {
        again = true;
        return switching;
      }
      switching = swap()
        .catch((error: unknown) => log(`Restarting the console host failed: ${errorText(error)}`))
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
        await current?.close();
      })();
      return closed;
    },
  };
}
