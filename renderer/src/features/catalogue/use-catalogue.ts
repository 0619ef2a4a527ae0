/** The service catalogue and who is on call for each team, cached a minute (on call changes). */
import { useQuery } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';

const catalogueKey = ['catalogue'] as const;

export function useCatalogue() {
  const { client } = useConsole();
  return useQuery({
    queryKey: catalogueKey,
    queryFn: () => client.call('getCatalogue', {}),
    staleTime: 60_000,
    refetchInterval: 60_000,
    retry: 1,
    refetchOnWindowFocus: false,
  });
}
