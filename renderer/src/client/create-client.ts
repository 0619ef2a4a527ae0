/**
 * Picks the transport: the preload bridge when the page runs inside the desktop app,
 * HTTP + SSE with the URL's access token when it is the web console.
 */
import { BRIDGE_KEY, type OncallConsoleBridge } from '../../../shared/contract/bridge';
import type { ConsoleClient } from './console-client';
import { createBridgeClient } from './bridge-client';
import { createHttpClient } from './http-client';
import { takeAccessToken } from './access-token';

export type ClientChoice = { ok: true; client: ConsoleClient; transport: 'bridge' | 'http' } | { ok: false; problem: string };

export function createConsoleClient(win: Window): ClientChoice {
  const bridge = (win as unknown as Record<string, OncallConsoleBridge | undefined>)[BRIDGE_KEY];
  if (bridge) return { ok: true, client: createBridgeClient(bridge), transport: 'bridge' };
  const token = takeAccessToken({ location: win.location, storage: win.sessionStorage, history: win.history });
  if (!token) {
    return {
      ok: false,
      problem: 'This page needs an access token. Open the console with the link printed by `oncall-console serve` (it ends in #token=…).',
    };
  }
  return { ok: true, client: createHttpClient({ token }), transport: 'http' };
}
