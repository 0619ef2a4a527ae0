/**
 * The directory (users with their teams, teams, services, escalation policies,
 * priorities) through the ConsoleClient, cached by TanStack Query for minutes: it
 * changes rarely, and the queue's filters and the action pickers share one copy.
 */
import { useQuery } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';

const directoryKey = ['directory'] as const;

export function useDirectory() {
  const { client } = useConsole();
  return useQuery({
    queryKey: directoryKey,
    queryFn: () => client.call('getDirectory', {}),
    staleTime: 5 * 60_000,
    gcTime: 30 * 60_000,
    retry: 2,
    refetchOnWindowFocus: false,
  });
}
