/** Who is on call now, refetched every minute while something shows it. */
import { useQuery } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';

const onCallsKey = ['oncalls'] as const;
const ON_CALLS_REFRESH_MS = 60_000;

export function useOnCalls(enabled = true) {
  const { client } = useConsole();
  return useQuery({
    queryKey: onCallsKey,
    queryFn: () => client.call('getOnCalls', {}),
    staleTime: ON_CALLS_REFRESH_MS / 2,
    refetchInterval: ON_CALLS_REFRESH_MS,
    retry: 1,
    enabled,
  });
}
