/**
 * The page's entry point: picks the ConsoleClient for where the page runs (desktop
 * bridge or web console), starts the snapshot sync and renders the app with Mantine
 * (following the OS light/dark preference), TanStack Query and notifications.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, Alert, Text } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { cssVariablesResolver, theme } from './theme';
import { App } from './app';
import { createConsoleClient } from './client/create-client';
import { ConsoleProvider } from './client/console-context';
import { SnapshotSync } from './state/snapshot-sync';
import './app.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('renderer/index.html must contain <div id="root">.');
const root = createRoot(rootElement);
const choice = createConsoleClient(window);

if (!choice.ok) {
  root.render(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <div className="fatal">
        <Alert color="red" title="The console cannot start" role="alert">
          <Text size="sm">{choice.problem}</Text>
        </Alert>
      </div>
    </MantineProvider>,
  );
} else {
  const queryClient = new QueryClient();
  const sync = new SnapshotSync(choice.client, queryClient, (error) =>
    notifications.show({
      id: `invalid:${error.message}`,
      color: 'red',
      title: 'The console received data it does not understand',
      message: error.message,
      autoClose: false,
    }),
  );
  const stop = sync.start();
  window.addEventListener('pagehide', () => {
    stop();
    choice.client.close();
  });
  root.render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
        <Notifications position="bottom-right" limit={5} />
        <QueryClientProvider client={queryClient}>
          <ConsoleProvider value={{ client: choice.client, sync }}>
            <App />
          </ConsoleProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
