/**
 * The engine as its hosts (the Electron shell, the headless server, the CLI) see it:
 * the contract's methods plus its life cycle and pushed events.
 */
import type { ConsoleApi, ConsoleEvent } from '../../../shared/contract';

export interface ConsoleEngine extends ConsoleApi {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: ConsoleEvent) => void): () => void;
  /** Resolves after the first full sync of every provider; rejects with its error (e.g. a refused token). */
  ready(): Promise<void>;
  /** Resolves once the delivery sources' first read has ended (at once without a `delivery:` section): a report waits for it. */
  deliveryRead?(): Promise<void>;
  stop(): Promise<void>;
}
