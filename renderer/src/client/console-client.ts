/**
 * The one interface the UI talks to the engine through, whatever carries it: the
 * Electron preload bridge or the headless host's HTTP + server-sent events. Derived from
 * shared/contract, so a new request or event needs no change here.
 */
import type { ConsoleEvent, RequestInput, RequestName, RequestOutput } from '../../../shared/contract';
import type { ConsoleClientError } from './console-client-error';

/** Whether pushed events are flowing: the UI refetches its snapshot when they resume. */
export type LiveState = 'connecting' | 'live' | 'reconnecting';

export interface ConsoleClient {
  /** Sends one contract request; rejects with a ConsoleClientError fit to show. */
  call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
  /**
   * Subscribes to pushed events (already validated against the contract); returns the
   * unsubscribe function. Events that fail validation go to onInvalid, never silently away.
   */
  subscribe(listener: (event: ConsoleEvent) => void, onInvalid?: (error: ConsoleClientError) => void): () => void;
  /** Present when the transport can drop and resume (HTTP + SSE); the bridge is always live. */
  onLiveStateChange?(listener: (state: LiveState) => void): () => void;
  /** Releases sockets and timers. */
  close(): void;
}
