// The preload bridge under the Electron fakes: it exposes one object with invoke and
// onEvent only, refuses names outside the contract, and hands listeners the event
// payload without Electron's event object.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, ipcChannel, type ConsoleEvent } from '../../../shared/contract';
import { BRIDGE_KEY, type OncallConsoleBridge } from '../../../shared/contract/bridge';
import { contextBridge, fakeEvent, ipcRenderer, resetElectronMock } from '../../mocks/electron';

vi.mock('electron', async () => (await import('../../mocks/electron')).electronMock);

const event: ConsoleEvent = {
  name: 'incidentsChanged',
  payload: { seq: 1, upserted: [], removedIds: ['P1'] },
};

let bridge: OncallConsoleBridge;
let exposeCalls: unknown[][];

// The preload runs once per page, at import: load it once, then reset only the IPC fake.
beforeAll(async () => {
  resetElectronMock();
  await import('../../../electron/preload/index');
  bridge = contextBridge.exposed.get(BRIDGE_KEY) as OncallConsoleBridge;
  exposeCalls = [...contextBridge.exposeInMainWorld.mock.calls];
});
beforeEach(() => ipcRenderer.reset());

describe('preload bridge', () => {
  it('exposes one object, window.oncallConsole, with invoke and onEvent only', async () => {
    expect(BRIDGE_KEY).toBe('oncallConsole');
    expect(exposeCalls).toHaveLength(1);
    expect([...contextBridge.exposed.keys()]).toEqual(['oncallConsole']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });

  it("invokes a contract request on its channel and returns the main process's answer", async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: {} });
    const result = await bridge.invoke('retryAction', { actionId: 'A1' });
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(ipcChannel('retryAction'), { actionId: 'A1' });
    expect(result).toEqual({ ok: true, value: {} });
  });

  it.each(['constructor', '__proto__', 'toString', 'openExternal', ''])('refuses %j without sending anything', async (name) => {
    const result = await bridge.invoke(name, {});
    expect(result).toEqual({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('Unknown request') } });
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('passes the listener the event payload only, never the IpcRendererEvent', async () => {
    const listener = vi.fn();
    bridge.onEvent(listener);
    ipcRenderer.emit(IPC_EVENT_CHANNEL, fakeEvent({ sender: ipcRenderer, ports: [] }), event);
    expect(listener).toHaveBeenCalledOnce();
    expect(listener.mock.calls[0]).toEqual([event]);
  });

  it('stops calling the listener after unsubscribe, leaving others subscribed', async () => {
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribe = bridge.onEvent(first);
    bridge.onEvent(second);
    unsubscribe();
    ipcRenderer.emit(IPC_EVENT_CHANNEL, fakeEvent(), event);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);
  });

  it('ignores messages on other channels', async () => {
    const listener = vi.fn();
    bridge.onEvent(listener);
    ipcRenderer.emit('console:other', fakeEvent(), event);
    expect(listener).not.toHaveBeenCalled();
  });
});
