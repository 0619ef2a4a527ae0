/**
 * The page's React tree, loaded by main.tsx once the snapshot has been asked for: Mantine
 * (following the OS light/dark preference), TanStack Query, notifications and the app;
 * or, when the page cannot start, the reason why.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, Alert, Text } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { cssVariablesResolver, theme } from './theme';
import { App } from './app';
import type { ConsoleClient } from './client/console-client';
import type { ConsoleClientError } from './client/console-client-error';
import { ConsoleProvider } from './client/console-context';
import { snapshotKey, type SnapshotSync } from './state/snapshot-sync';
import { preloadLazyViewsAfter } from './lazy-view';
import './app.css';

export function renderProblem(rootElement: HTMLElement, problem: string): void {
  createRoot(rootElement).render(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <div className="fatal">
        <Alert color="red" title="The console cannot start" role="alert">
          <Text size="sm">{problem}</Text>
        </Alert>
      </div>
    </MantineProvider>,
  );
}

export function renderConsole(
  rootElement: HTMLElement,
  parts: { client: ConsoleClient; queryClient: QueryClient; sync: SnapshotSync },
): void {
  createRoot(rootElement).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
        <Notifications position="bottom-right" limit={5} />
        <QueryClientProvider client={parts.queryClient}>
          <ConsoleProvider value={{ client: parts.client, sync: parts.sync }}>
            <App />
          </ConsoleProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
  // The areas, drawers and charts the queue does not need: fetched when idle after the first rows.
  preloadLazyViewsAfter(snapshotLoaded(parts.queryClient));
}

/** Settles when the snapshot (the queue's rows) is in the cache. */
function snapshotLoaded(queryClient: QueryClient): Promise<void> {
  return new Promise((resolve) => {
    const cache = queryClient.getQueryCache();
    const check = () => {
      if (queryClient.getQueryData(snapshotKey) === undefined) return false;
      resolve();
      return true;
    };
    if (check()) return;
    const unsubscribe = cache.subscribe(() => {
      if (check()) unsubscribe();
    });
  });
}

/** Says that an event or answer did not pass validation (the snapshot is refetched meanwhile). */
export function reportInvalidData(error: ConsoleClientError): void {
  notifications.show({
    id: `invalid:${error.message}`,
    color: 'red',
    title: 'The console received data it does not understand',
    message: error.message,
    autoClose: false,
  });
}
