/**
 * The preload of the console window (bundled to out/preload/index.cjs: sandboxed
 * preloads are CommonJS). Exposes exactly one object to the page, `window.oncallConsole`,
 * with two functions derived from the contract: invoke a request, subscribe to events.
 * The page never sees ipcRenderer or an Electron event object.
 */
// eslint-disable-next-line no-restricted-imports -- the one typed wrapper
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, isRequestName, type ConsoleEvent } from '../../shared/contract';
import { BRIDGE_KEY, type InvokeResult, type OncallConsoleBridge } from '../../shared/contract/bridge';

/** Builds the bridge over an ipcRenderer-like transport. */
export function createBridge(ipc: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): OncallConsoleBridge {
  return {
    invoke(name: string, input: unknown): Promise<InvokeResult> {
      if (!isRequestName(name)) {
        return Promise.resolve({ ok: false, error: { code: 'bad_request', message: `Unknown request "${String(name)}".` } });
      }
      return ipc.invoke(ipcChannel(name), input) as Promise<InvokeResult>;
    },
    onEvent(listener: (event: ConsoleEvent) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function.');
      const relay = (_event: IpcRendererEvent, payload: ConsoleEvent) => listener(payload);
      ipc.on(IPC_EVENT_CHANNEL, relay);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, relay);
      };
    },
  };
}

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
