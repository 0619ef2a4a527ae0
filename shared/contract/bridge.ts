/**
 * The shape of the preload bridge the desktop app exposes to the page as
 * `window.oncallConsole`: the contract's requests behind one `invoke`, its events behind
 * one `onEvent`, and nothing else. The renderer's Electron ConsoleClient is written
 * against this type; electron/preload implements it and electron/main/ipc.ts answers it.
 */
import type { ConsoleEvent, ContractError } from './index';

/** The name the bridge is exposed under on the page's `window`. */
export const BRIDGE_KEY = 'oncallConsole';

/** What one request resolves to across IPC: the validated output, or a failure fit to show. */
export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ContractError };

export interface OncallConsoleBridge {
  /**
   * Sends one contract request to the main process.
   *
   * Never rejects for a contract failure: unknown names, bad input and engine errors all
   * resolve to `{ ok: false, error }`.
   */
  invoke(name: string, input: unknown): Promise<InvokeResult>;
  /** Subscribes to the engine's pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: ConsoleEvent) => void): () => void;
}
