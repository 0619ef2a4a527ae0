/**
 * Tells the engine whether this page is in front of someone (visible, focused): at once,
 * whenever that changes, and every 30 s while the page is open (the engine forgets a page
 * that stops reporting), and that it is gone when the page closes. The engine polls the
 * paging platform faster while a page is in front. Best effort: a failed report only
 * leaves the engine at its usual pace, so failures are not shown.
 */
import { useEffect } from 'react';
import type { ConsoleClient } from './console-client';

/** How often an unchanged presence is reported again (the engine forgets a page after 75 s). */
const REPORT_EVERY_MS = 30_000;

export function useViewerPresence(client: ConsoleClient): void {
  useEffect(() => reportViewerPresence(client, window), [client]);
}

/** Starts reporting; returns the function that stops (saying the page is gone). */
function reportViewerPresence(client: ConsoleClient, view: Window): () => void {
  const viewerId = newViewerId(view);
  const { document } = view;
  const send = (visible: boolean, focused: boolean) =>
    void client.call('setViewerPresence', { viewerId, visible, focused }).catch(() => {});
  let last = '';
  const report = (always: boolean) => {
    const visible = document.visibilityState === 'visible';
    const focused = typeof document.hasFocus === 'function' && document.hasFocus();
    const key = `${visible}/${focused}`;
    if (!always && key === last) return;
    last = key;
    send(visible, focused);
  };
  const changed = () => report(false);
  const gone = () => send(false, false);
  report(true);
  document.addEventListener('visibilitychange', changed);
  view.addEventListener('focus', changed);
  view.addEventListener('blur', changed);
  view.addEventListener('pagehide', gone);
  const timer = view.setInterval(() => report(true), REPORT_EVERY_MS);
  return () => {
    view.clearInterval(timer);
    document.removeEventListener('visibilitychange', changed);
    view.removeEventListener('focus', changed);
    view.removeEventListener('blur', changed);
    view.removeEventListener('pagehide', gone);
    gone();
  };
}

function newViewerId(view: Window): string {
  if (typeof view.crypto?.randomUUID === 'function') return view.crypto.randomUUID();
  return `viewer-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
}
