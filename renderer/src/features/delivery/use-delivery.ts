/**
 * The Delivery area's reads, in their own TanStack Query cache under one root key: the
 * mapped services with what runs where, one service's page, a compare between two of its
 * versions, and the delivery metrics of a window. Read again on the engine's
 * deliveryChanged event (new deployments, a source's freshness changed) and when the
 * workspace changes; a slow periodic read heals a missed event.
 */
import { useEffect } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';
import { ConsoleClientError } from '../../client/console-client-error';
import type { RequestInput } from '../../../../shared/contract';

/** The engine's answer when the workspace maps no service for delivery: a setting to make, not a failure. */
export function notSetUp(error: unknown): boolean {
  return error instanceof ConsoleClientError && error.code === 'not_found';
}

const deliveryKeyRoot = ['delivery'] as const;

export type MetricsDays = RequestInput<'getDeliveryMetrics'>['days'];

const LIST_STALE_MS = 15_000;
const REFETCH_MS = 60_000;

export function useDeliveryServices() {
  const { client } = useConsole();
  return useQuery({
    queryKey: [...deliveryKeyRoot, 'services'],
    queryFn: () => client.call('listDeliveryServices', {}),
    retry: 1,
    staleTime: LIST_STALE_MS,
    refetchInterval: REFETCH_MS,
  });
}

/** One service's delivery page (its environments now and its latest deployments, newest first). */
export function useServiceDelivery(service: string | null) {
  const { client } = useConsole();
  return useQuery({
    queryKey: [...deliveryKeyRoot, 'service', service],
    queryFn: () => client.call('getServiceDelivery', { service: service ?? '', limit: 200 }),
    enabled: service !== null,
    retry: 1,
    staleTime: LIST_STALE_MS,
    refetchInterval: REFETCH_MS,
  });
}

/** The commits and pull requests between two versions; history does not change, so kept a while. */
export function useVersionCompare(service: string, from: string | null, to: string | null) {
  const { client } = useConsole();
  return useQuery({
    queryKey: [...deliveryKeyRoot, 'compare', service, from, to],
    queryFn: () => client.call('compareVersions', { service, from: from ?? '', to: to ?? '' }),
    enabled: from !== null && to !== null,
    retry: 1,
    staleTime: 5 * 60_000,
  });
}

/** The zone this page shows times in (the system's, or UTC when the browser does not say): the trend's days and weeks. */
function readerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function useDeliveryMetrics(days: MetricsDays, team: string | null) {
  const { client } = useConsole();
  const timeZone = readerTimeZone();
  return useQuery({
    queryKey: [...deliveryKeyRoot, 'metrics', days, team, timeZone],
    queryFn: () => client.call('getDeliveryMetrics', { days, timeZone, ...(team ? { team } : {}) }),
    retry: 1,
    staleTime: 60_000,
    // Switching the window or the team keeps the figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
}

/** Reads the delivery pages again when the engine says deliveries changed, or the workspace did. */
export function useDeliveryEvents(): void {
  const { client } = useConsole();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'deliveryChanged' || event.name === 'workspaceChanged')
          void queryClient.invalidateQueries({ queryKey: deliveryKeyRoot });
      }),
    [client, queryClient],
  );
}
