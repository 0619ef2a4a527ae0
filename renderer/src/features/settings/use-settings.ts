/** The settings page's server state: settings, connections and the notification rule, with their changes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RequestInput } from '../../../../shared/contract';
import { useConsole } from '../../client/console-context';

const settingsKey = ['settings'] as const;
const connectionsKey = ['connections'] as const;
const notificationStateKey = ['notificationState'] as const;

export function useSettings() {
  const { client } = useConsole();
  return useQuery({ queryKey: settingsKey, queryFn: () => client.call('getSettings', {}), retry: 1 });
}

export function useConnections() {
  const { client } = useConsole();
  return useQuery({ queryKey: connectionsKey, queryFn: () => client.call('listConnections', {}), retry: 1 });
}

/** The rule in force ("On call until 09:00 - high urgency will ring"), from the notifications engine. */
export function useNotificationRule() {
  const { client } = useConsole();
  return useQuery({
    queryKey: notificationStateKey,
    queryFn: () => client.call('getNotificationState', {}),
    retry: 1,
    refetchInterval: 60_000,
  });
}

export function useUpdateSettings() {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: RequestInput<'updateSettings'>) => client.call('updateSettings', patch),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings);
      void queryClient.invalidateQueries({ queryKey: notificationStateKey });
    },
  });
}

/** After a change of connections: the list, and the settings that hold them. */
export function useRefreshConnections() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: connectionsKey });
    void queryClient.invalidateQueries({ queryKey: settingsKey });
  };
}
