/**
 * The directory (users, teams, services, escalation policies, priorities) for pickers,
 * fetched once and kept for a few minutes: it changes rarely.
 */
import { useQuery } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';

export const directoryKey = ['directory'] as const;

export function useDirectory(enabled = true) {
  const { client } = useConsole();
  return useQuery({
    queryKey: directoryKey,
    queryFn: () => client.call('getDirectory', {}),
    staleTime: 5 * 60_000,
    retry: 1,
    enabled,
  });
}
