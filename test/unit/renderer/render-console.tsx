/**
 * Renders renderer components for component tests (the vitest "dom" project, happy-dom)
 * the way main.tsx mounts the app: Mantine with the console's theme (transitions and
 * portals on, as in the app: a dialog's focus return depends on the opening transition),
 * TanStack Query and the ConsoleProvider, over a fake ConsoleClient that answers from a
 * snapshot, a directory and incident details, and records every call. The window's
 * stores (cursor, selection, dialogs, queue preferences, seen marks, notifications)
 * start afresh for each render.
 */
import type { ReactElement } from 'react';
import { act, render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import type { ConsoleEvent, RequestInput, RequestName, RequestOutput, Snapshot } from '../../../shared/contract';
import type { ActionRequest } from '../../../shared/domain/action';
import type { Directory } from '../../../shared/domain/directory';
import type { IncidentDetail } from '../../../shared/domain/incident';
import { ConsoleClientError } from '../../../renderer/src/client/console-client-error';
import { ConsoleProvider } from '../../../renderer/src/client/console-context';
import type { ConsoleClient } from '../../../renderer/src/client/console-client';
import { SnapshotSync, snapshotKey } from '../../../renderer/src/state/snapshot-sync';
import { useUiStore } from '../../../renderer/src/state/ui-store';
import { useActionUi } from '../../../renderer/src/features/actions/action-store';
import { useMajorIncidents } from '../../../renderer/src/features/actions/major-incidents';
import { queuePrefsStore } from '../../../renderer/src/features/queue/use-queue-prefs';
import { seenStore } from '../../../renderer/src/features/queue/use-seen';
import { cssVariablesResolver, theme } from '../../../renderer/src/theme';
import { action, snapshot as snapshotOf } from './fixtures';

type Handlers = { [N in RequestName]?: (input: RequestInput<N>) => RequestOutput<N> | Promise<RequestOutput<N>> };

interface ConsoleOptions {
  snapshot?: Snapshot;
  directory?: Directory;
  /** Answers to getIncidentDetail by incident id (unknown ids are not_found). */
  details?: Record<string, IncidentDetail>;
  /** Answers that replace the defaults (e.g. a submitAction that refuses). */
  handlers?: Handlers;
}

export interface ConsoleRender extends RenderResult {
  user: UserEvent;
  client: ConsoleClient & { call: ReturnType<typeof vi.fn> };
  queryClient: QueryClient;
  /** The action requests submitted so far, in order. */
  submitted(): ActionRequest[];
  /** Delivers a pushed event, as the engine's event stream would, and lets the queries tell the components. */
  push(event: ConsoleEvent): Promise<void>;
}

const EMPTY_DIRECTORY: Directory = { users: [], teams: [], services: [], escalationPolicies: [], priorities: [] };

/** Every store the window keeps, back to how a fresh window starts. */
function resetStores(): void {
  localStorage.clear();
  notifications.clean();
  useUiStore.setState(useUiStore.getInitialState(), true);
  useActionUi.setState(useActionUi.getInitialState(), true);
  useMajorIncidents.setState(useMajorIncidents.getInitialState(), true);
  queuePrefsStore.setState(queuePrefsStore.getInitialState(), true);
  seenStore.setState(seenStore.getInitialState(), true);
}

export function renderInConsole(ui: ReactElement, options: ConsoleOptions = {}): ConsoleRender {
  resetStores();
  const snapshot = options.snapshot ?? snapshotOf();
  let actionCount = 0;
  const defaults: Handlers = {
    getSnapshot: () => snapshot,
    getDirectory: () => options.directory ?? EMPTY_DIRECTORY,
    getIncidentDetail: ({ incidentId }) => {
      const detail = options.details?.[incidentId];
      if (!detail) throw new ConsoleClientError('not_found', `No incident ${incidentId}.`);
      return detail;
    },
    getOnCalls: () => ({ oncalls: [], incidentManagerPolicyIds: [] }),
    submitAction: (request) => action(`A${++actionCount}`, request as ActionRequest),
    retryAction: ({ actionId }) => {
      throw new ConsoleClientError('not_found', `No action ${actionId}.`);
    },
    dismissAction: () => ({}),
    refreshNow: () => ({}),
  };
  const handlers: Handlers = { ...defaults, ...options.handlers };
  const call = vi.fn(async (name: RequestName, input: unknown) => {
    const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
    if (!handler) throw new ConsoleClientError('internal', `The test console does not answer ${name}.`);
    return handler(input);
  });
  const client = {
    call,
    subscribe: () => () => {},
    close: () => {},
  } as unknown as ConsoleRender['client'];

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, retryDelay: 0 } } });
  const sync = new SnapshotSync(client, queryClient, () => {});
  queryClient.setQueryData(snapshotKey, snapshot);

  const result = render(
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <ConsoleProvider value={{ client, sync }}>{ui}</ConsoleProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return {
    ...result,
    user: userEvent.setup(),
    client,
    queryClient,
    submitted: () => call.mock.calls.filter(([name]) => name === 'submitAction').map(([, input]) => input as ActionRequest),
    push: (event) =>
      act(async () => {
        sync.handle(event);
        // TanStack Query tells its observers on a zero-delay timer.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }),
  };
}
