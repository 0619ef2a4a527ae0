/**
 * The response metrics of one window, with the trend cut into this reader's days or weeks;
 * the engine reads PagerDuty at most every 10 minutes, so asking again is cheap.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useConsole } from '../../client/console-context';
import type { MetricsWindow } from './metrics-model';

const responseMetricsKey = (windowDays: MetricsWindow, timeZone: string) => ['responseMetrics', windowDays, timeZone] as const;

/** The zone this page shows times in (the system's, or UTC when the browser does not say). */
function readerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
const STALE_MS = 5 * 60_000;

export function useResponseMetrics(windowDays: MetricsWindow, enabled = true) {
  const { client } = useConsole();
  const timeZone = readerTimeZone();
  return useQuery({
    queryKey: responseMetricsKey(windowDays, timeZone),
    queryFn: () => client.call('getResponseMetrics', { windowDays, timeZone }),
    staleTime: STALE_MS,
    // Switching windows keeps the other window's figures on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    retry: 1,
    enabled,
  });
}
