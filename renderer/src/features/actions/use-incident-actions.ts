/**
 * The actions a user can take on incidents, as the buttons and the shortcuts call them:
 * submit to the engine, fold the returned record into the snapshot (so "Acknowledging…"
 * shows at once) and report a refused call as a notification.
 */
import { useCallback } from 'react';
import { notifications } from '@mantine/notifications';
import type { ActionRequest } from '../../../../shared/domain/action';
import { describeAction } from '../../../../shared/domain/action';
import { useConsole } from '../../client/console-context';
import { errorMessage } from '../../client/console-client-error';

export function showCallError(title: string, error: unknown): void {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 10_000 });
}

export function useIncidentActions() {
  const { client, sync } = useConsole();

  const submit = useCallback(
    async (request: ActionRequest): Promise<boolean> => {
      try {
        const record = await client.call('submitAction', request);
        sync.actionRecorded(record);
        return true;
      } catch (error) {
        showCallError(`${describeAction(request)} failed`, error);
        return false;
      }
    },
    [client, sync],
  );

  const retry = useCallback(
    async (actionId: string) => {
      try {
        sync.actionRecorded(await client.call('retryAction', { actionId }));
      } catch (error) {
        showCallError('Retry failed', error);
      }
    },
    [client, sync],
  );

  const dismiss = useCallback(
    async (actionId: string) => {
      try {
        await client.call('dismissAction', { actionId });
        sync.markDismissed(actionId);
      } catch (error) {
        showCallError('Dismiss failed', error);
      }
    },
    [client, sync],
  );

  const refresh = useCallback(async () => {
    try {
      await client.call('refreshNow', {});
    } catch (error) {
      showCallError('Refresh failed', error);
    }
  }, [client]);

  return {
    acknowledge: (incidentId: string) => submit({ kind: 'acknowledge', incidentIds: [incidentId] }),
    resolve: (incidentId: string, note?: string) =>
      submit({ kind: 'resolve', incidentIds: [incidentId], ...(note?.trim() ? { note: note.trim() } : {}) }),
    addNote: (incidentId: string, content: string) => submit({ kind: 'addNote', incidentIds: [incidentId], content }),
    retry,
    dismiss,
    refresh,
  };
}
