/**
 * Sends actions to the engine, as the buttons, dialogs, shortcuts and the palette call
 * them: submit, fold the returned record into the snapshot (so "Acknowledging…" shows at
 * once), retry, dismiss, and report a refused call as a notification.
 */
import { useCallback, useMemo } from 'react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { Snapshot } from '../../../../shared/contract';
import type { ActionRequest } from '../../../../shared/domain/action';
import { describeAction, splitBulk } from '../../../../shared/domain/action';
import { useConsole } from '../../client/console-context';
import { ConsoleClientError, errorMessage } from '../../client/console-client-error';
import { snapshotKey } from '../../state/snapshot-sync';

function showCallError(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 10_000 });
}

export interface IncidentActions {
  /** Sends one action; resolves false (after telling the user) when the engine refused it. */
  submit(request: ActionRequest): Promise<boolean>;
  acknowledge(incidentIds: readonly string[]): Promise<boolean>;
  resolve(incidentIds: readonly string[], note?: string): Promise<boolean>;
  addNote(incidentId: string, content: string): Promise<boolean>;
  retry(actionId: string): Promise<void>;
  dismiss(actionId: string): Promise<void>;
  refresh(): Promise<void>;
}

export function useIncidentActions(): IncidentActions {
  const { client, sync } = useConsole();
  const queryClient = useQueryClient();

  const submit = useCallback(
    async (request: ActionRequest): Promise<boolean> => {
      // A selection above what one action carries goes as several, in order.
      for (const part of splitBulk(request)) {
        try {
          const record = await client.call('submitAction', part);
          sync.actionRecorded(record);
        } catch (error) {
          showCallError(`${describeAction(part)} failed`, error);
          return false;
        }
      }
      return true;
    },
    [client, sync],
  );

  const retry = useCallback(
    async (actionId: string) => {
      try {
        sync.actionRecorded(await client.call('retryAction', { actionId }));
      } catch (error) {
        // "Retry now" on a waiting action that landed meanwhile: nothing is wrong, its done event tells.
        const held = queryClient.getQueryData<Snapshot>(snapshotKey)?.actions.find((action) => action.id === actionId);
        if (error instanceof ConsoleClientError && error.code === 'not_found' && held !== undefined && held.state !== 'failed') return;
        showCallError('Retry failed', error);
      }
    },
    [client, sync, queryClient],
  );

  const dismiss = useCallback(
    async (actionId: string) => {
      try {
        await client.call('dismissAction', { actionId });
        // The engine's actionChanged event says so too; fold it now so it goes at once.
        const held = queryClient.getQueryData<Snapshot>(snapshotKey)?.actions.find((action) => action.id === actionId);
        if (held) sync.actionRecorded({ ...held, dismissed: true });
      } catch (error) {
        showCallError('Dismiss failed', error);
      }
    },
    [client, sync, queryClient],
  );

  const refresh = useCallback(async () => {
    try {
      await client.call('refreshNow', {});
    } catch (error) {
      showCallError('Refresh failed', error);
    }
  }, [client]);

  return useMemo(
    () => ({
      submit,
      acknowledge: (incidentIds) => submit({ kind: 'acknowledge', incidentIds: [...incidentIds] }),
      resolve: (incidentIds, note) =>
        submit({ kind: 'resolve', incidentIds: [...incidentIds], ...(note?.trim() ? { note: note.trim() } : {}) }),
      addNote: (incidentId, content) => submit({ kind: 'addNote', incidentIds: [incidentId], content }),
      retry,
      dismiss,
      refresh,
    }),
    [submit, retry, dismiss, refresh],
  );
}
