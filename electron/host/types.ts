/**
 * What a running console is, to whoever hosts it (the Electron shell, the headless
 * `serve` command, the CLI): an engine that serves the contract and pushes events, and,
 * in demo mode, the simulators it runs against.
 */
import type { ConsoleApi, ConsoleEvent } from '../../shared/contract';

/** The engine as its hosts see it: the contract's methods plus its life cycle and events. */
export interface ConsoleEngine extends ConsoleApi {
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: ConsoleEvent) => void): () => void;
  /** Resolves after the first full sync of every provider; rejects with its error (e.g. a refused token). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export interface SimulatorEndpoints {
  /** PagerDuty REST API base URL. */
  pagerDutyApi: string;
  /** PagerDuty Events API v2 enqueue URL. */
  pagerDutyEvents: string;
}

export interface ConsoleHost {
  engine: ConsoleEngine;
  /** Present when the host started the simulators in-process (demo mode). */
  simulators: SimulatorEndpoints | null;
  close(): Promise<void>;
}
