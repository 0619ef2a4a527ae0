/**
 * The page's entry point, kept small so the snapshot (the page's biggest wait) is asked
 * for first: picks the ConsoleClient for where the page runs (desktop bridge or web
 * console), starts the snapshot sync and its first fetch, and only then loads the React
 * tree (page-root.tsx), whose code downloads and compiles while the snapshot travels.
 */
import { notifyManager, QueryClient } from '@tanstack/react-query';
import { createConsoleClient } from './client/create-client';
import type { ConsoleClientError } from './client/console-client-error';
import { SnapshotSync } from './state/snapshot-sync';
import { snapshotQueryOptions } from './state/use-snapshot';

// A pushed event reaches the screen in the task that brought it: TanStack tells the views in a
// microtask (still one batch per event), not in a timer task that waits behind whatever is queued.
notifyManager.setScheduler(queueMicrotask);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('renderer/index.html must contain <div id="root">.');
const choice = createConsoleClient(window);
const pageRoot = import('./page-root');
pageRoot.catch((error: unknown) => {
  rootElement.textContent = `The console could not load its code (${error instanceof Error ? error.message : String(error)}). Reload the page.`;
});

if (!choice.ok) {
  void pageRoot.then((root) => root.renderProblem(rootElement, choice.problem));
} else {
  const queryClient = new QueryClient();
  const onProblem = (error: ConsoleClientError) => void pageRoot.then((root) => root.reportInvalidData(error));
  const sync = new SnapshotSync(choice.client, queryClient, onProblem);
  const stop = sync.start();
  // Asked for once the event stream is live (nothing can fall between the two), or at once
  // where there is no stream to wait for; if React mounts first, the query fetches itself.
  const prefetch = () => void queryClient.prefetchQuery(snapshotQueryOptions(sync));
  if (choice.client.onLiveStateChange) {
    const stopWaiting = choice.client.onLiveStateChange((state) => {
      if (state !== 'live') return;
      queueMicrotask(() => stopWaiting());
      prefetch();
    });
  } else {
    prefetch();
  }
  window.addEventListener('pagehide', () => {
    stop();
    choice.client.close();
  });
  void pageRoot.then((root) => root.renderConsole(rootElement, { client: choice.client, queryClient, sync }));
}
