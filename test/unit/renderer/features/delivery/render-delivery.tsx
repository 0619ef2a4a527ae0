/**
 * Renders Delivery area components for the component tests as main.tsx mounts the app
 * (Mantine with the console's theme, TanStack Query, the ConsoleProvider), over a fake
 * ConsoleClient that answers from handlers, records every call, and delivers pushed
 * events to whoever subscribed (the delivery queries listen for deliveryChanged).
 */
import type { ReactElement } from 'react';
import { act, render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import type { ConsoleEvent, RequestInput, RequestName, RequestOutput } from '../../../../../shared/contract';
import { ConsoleClientError } from '../../../../../renderer/src/client/console-client-error';
import { ConsoleProvider } from '../../../../../renderer/src/client/console-context';
import type { ConsoleClient } from '../../../../../renderer/src/client/console-client';
import { SnapshotSync } from '../../../../../renderer/src/state/snapshot-sync';
import { useConsoleArea } from '../../../../../renderer/src/features/catalogue/console-area';
import { cssVariablesResolver, theme } from '../../../../../renderer/src/theme';

export type Handlers = { [N in RequestName]?: (input: RequestInput<N>) => RequestOutput<N> | Promise<RequestOutput<N>> };

export interface DeliveryRender extends RenderResult {
  user: UserEvent;
  /** The inputs sent with each call of `name`, in order. */
  calls<N extends RequestName>(name: N): RequestInput<N>[];
  /** Delivers a pushed event to the subscribers, and lets the queries tell the components. */
  push(event: ConsoleEvent): Promise<void>;
}

export function renderDelivery(ui: ReactElement, handlers: Handlers): DeliveryRender {
  useConsoleArea.setState(useConsoleArea.getInitialState(), true);
  const listeners = new Set<(event: ConsoleEvent) => void>();
  const call = vi.fn(async (name: RequestName, input: unknown) => {
    const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
    if (!handler) throw new ConsoleClientError('internal', `The test console does not answer ${name}.`);
    return handler(input);
  });
  const client = {
    call,
    subscribe: (listener: (event: ConsoleEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {},
  } as unknown as ConsoleClient;
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, retryDelay: 0 } } });
  const sync = new SnapshotSync(client, queryClient, () => {});
  const result = render(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <ConsoleProvider value={{ client, sync }}>{ui}</ConsoleProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return {
    ...result,
    user: userEvent.setup(),
    calls: <N extends RequestName>(name: N) =>
      call.mock.calls.filter(([called]) => called === name).map(([, input]) => input as RequestInput<N>),
    push: (event) =>
      act(async () => {
        for (const listener of listeners) listener(event);
        await new Promise((resolve) => setTimeout(resolve, 0));
      }),
  };
}
