/**
 * The desktop app's IPC server, derived from the contract: one `ipcMain.handle` per
 * request in shared/contract (a loop over requestNames, never one handler per request by
 * hand), all behind one sender check, plus the push of engine events to the window.
 * This is the only module that touches ipcMain.
 */
// eslint-disable-next-line no-restricted-imports -- the one typed wrapper
import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel, requestNames, type ConsoleApi, type ConsoleEvent } from '../../shared/contract';
import { serveRequest, untrustedSenderError } from '../host/serve-request';
import { isTrustedSender } from './security-policy';

export interface IpcServerOptions {
  /** What answers the requests: the engine. */
  api: ConsoleApi;
  /** The app's page URL; messages from frames showing anything else are refused. */
  appUrl: string;
  /** Whether the web contents belong to one of the console's windows. */
  isConsoleWindow(contents: WebContents): boolean;
  log?: (message: string) => void;
}

/**
 * Whether an IPC message may be served (Electron security checklist, item 17).
 *
 * The sending frame must exist, be the top frame, show the app's page, and belong to
 * one of our windows.
 */
function isTrustedEvent(event: IpcMainInvokeEvent, options: Pick<IpcServerOptions, 'appUrl' | 'isConsoleWindow'>): boolean {
  return options.isConsoleWindow(event.sender) && isTrustedSender(event.senderFrame, options.appUrl);
}

/** Registers one handler per contract request; returns the function that removes them. */
export function registerContractHandlers(options: IpcServerOptions): () => void {
  const log = options.log ?? ((message: string) => console.warn(message));
  for (const name of requestNames) {
    ipcMain.handle(ipcChannel(name), async (event, input: unknown) => {
      if (!isTrustedEvent(event, options)) {
        log(`Refused ${name}: the sender is not the console window's page.`);
        return { ok: false, error: untrustedSenderError() };
      }
      return serveRequest(options.api, name, input, log);
    });
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(ipcChannel(name));
  };
}

/** What forwarding needs from the engine: its event subscription. */
export interface EventSource {
  onEvent(listener: (event: ConsoleEvent) => void): () => void;
}

/**
 * Pushes every engine event to the web contents until they are destroyed; returns the
 * function that stops forwarding.
 */
export function forwardEngineEvents(source: EventSource, contents: WebContents): () => void {
  const unsubscribe = source.onEvent((event) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
