import { describe, expect, it } from 'vitest';
import { createBridgeClient } from '../../../../renderer/src/client/bridge-client';
import type { OncallConsoleBridge, InvokeResult } from '../../../../shared/contract/bridge';
import type { ConsoleEvent } from '../../../../shared/contract';
import { snapshot } from '../fixtures';

function fakeBridge(result: InvokeResult) {
  const listeners = new Set<(event: ConsoleEvent) => void>();
  const calls: [string, unknown][] = [];
  const bridge: OncallConsoleBridge = {
    invoke: async (name, input) => {
      calls.push([name, input]);
      return result;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { bridge, listeners, calls };
}

describe('createBridgeClient', () => {
  it('invokes by name and returns the validated value', async () => {
    const { bridge, calls } = fakeBridge({ ok: true, value: snapshot() });
    const result = await createBridgeClient(bridge).call('getSnapshot', {});
    expect(result.workspace.name).toBe('Payments on call');
    expect(calls).toEqual([['getSnapshot', {}]]);
  });

  it('rejects with the contract error of a failed invoke', async () => {
    const { bridge } = fakeBridge({ ok: false, error: { code: 'upstream', message: 'PagerDuty said 503' } });
    await expect(createBridgeClient(bridge).call('refreshNow', {})).rejects.toMatchObject({
      code: 'upstream',
      message: 'PagerDuty said 503',
    });
  });

  it('delivers valid events, reports invalid ones, and unsubscribes on close', () => {
    const { bridge, listeners } = fakeBridge({ ok: true, value: {} });
    const client = createBridgeClient(bridge);
    const got: string[] = [];
    const bad: string[] = [];
    client.subscribe(
      (event) => got.push(event.name),
      (error) => bad.push(error.code),
    );
    for (const listener of listeners) {
      listener({ name: 'incidentsChanged', payload: { seq: 1, upserted: [], removedIds: [] } });
      listener({ name: 'incidentsChanged', payload: { seq: -3 } } as unknown as ConsoleEvent);
    }
    expect(got).toEqual(['incidentsChanged']);
    expect(bad).toEqual(['invalid_response']);
    client.close();
    expect(listeners.size).toBe(0);
  });
});
