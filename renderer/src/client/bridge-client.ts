/**
 * ConsoleClient over the Electron preload bridge (`window.oncallConsole`): requests go
 * through `invoke`, events through `onEvent`. Both are validated here as well, so the page
 * trusts nothing it has not checked.
 */
import type { OncallConsoleBridge } from '../../../shared/contract/bridge';
import type { RequestInput, RequestName, RequestOutput } from '../../../shared/contract';
import type { ConsoleClient } from './console-client';
import { ConsoleClientError } from './console-client-error';
import { parseConsoleEvent, parseOutput } from './validate';

export function createBridgeClient(bridge: OncallConsoleBridge): ConsoleClient {
  const unsubscribers = new Set<() => void>();
  return {
    async call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
      const result = await bridge.invoke(name, input);
      if (!result.ok) throw new ConsoleClientError(result.error.code, result.error.message);
      return parseOutput(name, result.value);
    },
    subscribe(listener, onInvalid) {
      const unsubscribe = bridge.onEvent((raw) => {
        let event;
        try {
          event = parseConsoleEvent(raw);
        } catch (error) {
          if (error instanceof ConsoleClientError && onInvalid) onInvalid(error);
          else throw error;
          return;
        }
        listener(event);
      });
      unsubscribers.add(unsubscribe);
      return () => {
        unsubscribers.delete(unsubscribe);
        unsubscribe();
      };
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      unsubscribers.clear();
    },
  };
}
