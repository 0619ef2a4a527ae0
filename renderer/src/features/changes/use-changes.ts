/**
 * Changes and templates in their own TanStack Query cache: read from the engine (which
 * keeps the change system's answers briefly), read again on the engine's changesChanged
 * event and after every decision or proposal, and the mutations that send those through
 * the outbox.
 */
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';
import type { RequestInput } from '../../../../shared/contract';

export const changesKeyRoot = ['changes'] as const;
const changesKey = (days: number) => [...changesKeyRoot, 'list', days] as const;
const templatesKey = [...changesKeyRoot, 'templates'] as const;

/** The changes in flight and those of the last `days` days. */
export function useChanges(days = 7, enabled = true) {
  const { client } = useConsole();
  return useQuery({
    queryKey: changesKey(days),
    queryFn: () => client.call('listChanges', { days }),
    enabled,
    retry: 1,
    staleTime: 15_000,
    // The event keeps it current; a periodic read heals a missed one.
    refetchInterval: 60_000,
  });
}

export function useChangeTemplates(enabled = true) {
  const { client } = useConsole();
  return useQuery({
    queryKey: templatesKey,
    queryFn: () => client.call('listChangeTemplates', {}),
    enabled,
    retry: 1,
    staleTime: 30_000,
    refetchInterval: 120_000,
  });
}

/** Reads changes again when the engine says they changed, the workspace or the persona changed. */
export function useChangeEvents(): void {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'changesChanged' || event.name === 'workspaceChanged')
          void queryClient.invalidateQueries({ queryKey: changesKeyRoot });
        // A decision or proposal that landed (or failed) changes what the lists show.
        if (event.name === 'actionChanged' && event.payload.state !== 'pending' && event.payload.request.incidentIds.length === 0)
          void queryClient.invalidateQueries({ queryKey: changesKeyRoot });
      }),
    [client, queryClient],
  );
}

export function useDecideChange() {
  const { client } = useConsole();
  return useMutation({ mutationFn: (input: RequestInput<'decideChange'>) => client.call('decideChange', input) });
}

export function useDecideTemplate() {
  const { client } = useConsole();
  return useMutation({ mutationFn: (input: RequestInput<'decideChangeTemplate'>) => client.call('decideChangeTemplate', input) });
}

export function useProposeTemplate() {
  const { client } = useConsole();
  return useMutation({ mutationFn: (input: RequestInput<'proposeChangeTemplate'>) => client.call('proposeChangeTemplate', input) });
}
