/** The response metrics of one window; the engine reads PagerDuty at most every 10 minutes, so asking again is cheap. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';
import type { MetricsWindow } from './metrics-model';

export const responseMetricsKey = (windowDays: MetricsWindow) => ['responseMetrics', windowDays] as const;
const STALE_MS = 5 * 60_000;

export function useResponseMetrics(windowDays: MetricsWindow, enabled = true) {
  const { client } = useConsole();
  return useQuery({
    queryKey: responseMetricsKey(windowDays),
    queryFn: () => client.call('getResponseMetrics', { windowDays }),
    staleTime: STALE_MS,
    // Switching windows keeps the other window's figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    retry: 1,
    enabled,
  });
}
