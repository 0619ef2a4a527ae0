/** The page tells the engine whether it is in front of someone: at once, on every change, every 30 s, and that it is gone on unmount. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import type { RequestInput } from '../../../../shared/contract';
import type { ConsoleClient } from '../../../../renderer/src/client/console-client';
import { useViewerPresence } from '../../../../renderer/src/client/use-viewer-presence';

function fakeClient() {
  const reports: RequestInput<'setViewerPresence'>[] = [];
  const client: ConsoleClient = {
    call: vi.fn(async (name: string, input: unknown) => {
      if (name !== 'setViewerPresence') throw new Error(`unexpected ${name}`);
      reports.push(input as RequestInput<'setViewerPresence'>);
      return { pollIntervalMs: 2_000, pace: 'fast' };
    }) as ConsoleClient['call'],
    subscribe: () => () => {},
    close: () => {},
  };
  return { client, reports };
}

let visibility: DocumentVisibilityState = 'visible';
let focused = true;
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  visibility = 'visible';
  focused = true;
});

describe('useViewerPresence', () => {
  it('reports at once, on each change, again every 30 s, and gone on unmount, under one viewer id', () => {
    vi.useFakeTimers();
    vi.spyOn(document, 'hasFocus').mockImplementation(() => focused);
    const { client, reports } = fakeClient();
    const { unmount } = renderHook(() => useViewerPresence(client));
    expect(reports).toEqual([{ viewerId: expect.any(String), visible: true, focused: true }]);

    focused = false;
    window.dispatchEvent(new Event('blur'));
    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    // Nothing changed: not reported again.
    document.dispatchEvent(new Event('visibilitychange'));
    expect(reports.slice(1).map(({ visible, focused }) => ({ visible, focused }))).toEqual([
      { visible: true, focused: false },
      { visible: false, focused: false },
    ]);

    vi.advanceTimersByTime(30_000);
    expect(reports).toHaveLength(4);
    unmount();
    expect(reports.at(-1)).toMatchObject({ visible: false, focused: false });
    expect(new Set(reports.map((report) => report.viewerId)).size).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(reports).toHaveLength(5);
  });

  it('keeps quiet when the engine cannot be told', async () => {
    const client: ConsoleClient = {
      call: vi.fn(async () => Promise.reject(new Error('offline'))),
      subscribe: () => () => {},
      close: () => {},
    };
    const { unmount } = renderHook(() => useViewerPresence(client));
    await Promise.resolve();
    expect(client.call).toHaveBeenCalledTimes(1);
    unmount();
  });
});
