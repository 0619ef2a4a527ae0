// The IPC server derived from the contract: one handler per request, one sender check,
// validated input and output, safe failures, and the push of engine events.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ContractFailure, IPC_EVENT_CHANNEL, ipcChannel, requestNames } from '../../../shared/contract';
import { WebContentsMock, WebFrameMainMock, fakeInvokeEvent, ipcMain, resetElectronMock } from '../../mocks/electron';
import { forwardEngineEvents, registerContractHandlers } from '../../../electron/main/ipc';
import { ProviderError } from '../../../electron/engine/ports';
import { connectionEvent, createFakeEngine, snapshot, type FakeEngine } from './fake-engine';

type WebContents = Parameters<typeof forwardEngineEvents>[1];

vi.mock('electron', async () => (await import('../../mocks/electron')).electronMock);

const appUrl = 'file:///opt/oncall-console/out/renderer/index.html';

let engine: FakeEngine;
let window: WebContentsMock;
let log: ReturnType<typeof vi.fn<(message: string) => void>>;

beforeEach(() => {
  resetElectronMock();
  engine = createFakeEngine();
  window = new WebContentsMock();
  window.navigatedTo(appUrl);
  log = vi.fn<(message: string) => void>();
  registerContractHandlers({
    api: engine,
    appUrl,
    isConsoleWindow: (contents) => contents === (window as unknown as WebContents),
    log,
  });
});

const send = (channel: string, event: unknown, input?: unknown) => ipcMain.invoke(channel, event, input);

describe('registerContractHandlers', () => {
  it('registers exactly one handler per contract request, and removes them all', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(requestNames.map(ipcChannel).sort());
    resetElectronMock();
    const dispose = registerContractHandlers({ api: engine, appUrl, isConsoleWindow: () => true });
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  describe('refuses messages that do not come from the console page', () => {
    const cases: [string, () => unknown][] = [
      ['no sender frame (navigated away or destroyed)', () => fakeInvokeEvent(window, null)],
      ['a frame showing a foreign page', () => fakeInvokeEvent(window, new WebFrameMainMock('https://evil.example/'))],
      ['another file', () => fakeInvokeEvent(window, new WebFrameMainMock('file:///tmp/evil.html'))],
      ['a sub-frame of the page', () => fakeInvokeEvent(window, new WebFrameMainMock(appUrl, window.mainFrame))],
      [
        'web contents that are not our window',
        () => {
          const other = new WebContentsMock();
          other.navigatedTo(appUrl);
          return fakeInvokeEvent(other);
        },
      ],
    ];
    it.each(cases)('%s', async (_label, makeEvent) => {
      const result = await send(ipcChannel('refreshNow'), makeEvent(), {});
      expect(result).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
      expect(engine.refreshNow).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalledOnce();
    });
  });

  it('passes a valid request to the engine with the parsed input and returns its output', async () => {
    const result = await send(ipcChannel('retryAction'), fakeInvokeEvent(window), { actionId: 'A1', extra: 'dropped' });
    expect(engine.retryAction).toHaveBeenCalledExactlyOnceWith({ actionId: 'A1' });
    expect(result).toMatchObject({ ok: true, value: { id: 'A1', state: 'pending' } });
  });

  it('treats a missing input as an empty object', async () => {
    const result = await send(ipcChannel('getSnapshot'), fakeInvokeEvent(window));
    expect(engine.getSnapshot).toHaveBeenCalledExactlyOnceWith({});
    expect(result).toEqual({ ok: true, value: snapshot });
  });

  it('answers bad input with bad_request naming the field, without calling the engine', async () => {
    const result = await send(ipcChannel('submitAction'), fakeInvokeEvent(window), { kind: 'acknowledge', incidentIds: [] });
    expect(result).toEqual({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('incidentIds') } });
    expect(engine.submitAction).not.toHaveBeenCalled();
  });

  it('strips fields the contract does not know from the output', async () => {
    engine.getSnapshot.mockResolvedValueOnce({ ...snapshot, internalToken: 'sk-secret' });
    const result = (await send(ipcChannel('getSnapshot'), fakeInvokeEvent(window), {})) as { ok: true; value: object };
    expect(result.ok).toBe(true);
    expect(result.value).not.toHaveProperty('internalToken');
  });

  it('answers an output that breaks the contract with internal, not with the output', async () => {
    engine.getSnapshot.mockResolvedValueOnce({ seq: -1 });
    const result = await send(ipcChannel('getSnapshot'), fakeInvokeEvent(window), {});
    expect(log).toHaveBeenCalledWith(expect.stringContaining('does not match the contract'));
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
  });

  it('passes a ContractFailure through with its code and message', async () => {
    engine.retryAction.mockRejectedValueOnce(new ContractFailure('not_found', 'No action A9.'));
    const result = await send(ipcChannel('retryAction'), fakeInvokeEvent(window), { actionId: 'A9' });
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'No action A9.' } });
  });

  it("answers a vendor's refusal with upstream and the vendor's words, as over HTTP", async () => {
    engine.refreshNow.mockRejectedValueOnce(new ProviderError('auth', 'PagerDuty rejected the token (401): check PAGERDUTY_TOKEN'));
    const result = await send(ipcChannel('refreshNow'), fakeInvokeEvent(window), {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'upstream', message: 'PagerDuty rejected the token (401): check PAGERDUTY_TOKEN' },
    });
  });

  it('answers any other error with internal and a safe message: no stack, no secret', async () => {
    const error = new Error('GET https://api.pagerduty.com failed with Token token=u+SECRET');
    engine.refreshNow.mockRejectedValueOnce(error);
    const result = await send(ipcChannel('refreshNow'), fakeInvokeEvent(window), {});
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refreshNow failed'));
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('refreshNow') } });
    const text = JSON.stringify(result);
    expect(text).not.toContain('SECRET');
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe('forwardEngineEvents', () => {
  it('sends each engine event to the window on the event channel', () => {
    forwardEngineEvents(engine, window as unknown as WebContents);
    engine.emit(connectionEvent);
    expect(window.send).toHaveBeenCalledExactlyOnceWith(IPC_EVENT_CHANNEL, connectionEvent);
  });

  it('stops when the window is destroyed, and when asked to', () => {
    forwardEngineEvents(engine, window as unknown as WebContents);
    window.destroy();
    engine.emit(connectionEvent);
    expect(window.send).not.toHaveBeenCalled();
    expect(engine.listenerCount()).toBe(0);

    const other = new WebContentsMock();
    const stop = forwardEngineEvents(engine, other as unknown as WebContents);
    stop();
    engine.emit(connectionEvent);
    expect(other.send).not.toHaveBeenCalled();
  });
});
