/**
 * Response metrics for the incident manager's view and the CLI: reads when each incident
 * of the last 30 days was triggered, first acknowledged and resolved from the paging
 * provider at most every few minutes (one read serves both windows and every time zone),
 * and computes the figures, the trend and the slowest incidents of the window asked for
 * with the pure rules in shared/rules.
 */
import { computeResponseMetrics, type IncidentTimes, type ResponseMetrics } from '../../shared/rules/response-metrics';
import { CachedRead } from './cached-read';
import type { Clock, PagingProvider } from './ports';

/** The windows the console offers, in days; the longest decides how far back to read. */
export const RESPONSE_METRICS_WINDOWS = [7, 30] as const;
export type ResponseMetricsWindow = (typeof RESPONSE_METRICS_WINDOWS)[number];

export const DEFAULT_RESPONSE_METRICS_CACHE_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
const LONGEST_WINDOW_DAYS = Math.max(...RESPONSE_METRICS_WINDOWS);

interface TimesRead {
  /** When the read started: the end of every window computed from it. */
  at: number;
  incidents: IncidentTimes[];
}

export class ResponseMetricsReader {
  private readonly times: CachedRead<TimesRead>;

  constructor(
    private readonly provider: Pick<PagingProvider, 'listIncidentTimes'>,
    private readonly clock: Clock,
    cacheMs: number = DEFAULT_RESPONSE_METRICS_CACHE_MS,
  ) {
    this.times = new CachedRead(() => this.read(), cacheMs, clock);
  }

  /**
   * The figures over the `windowDays` days up to the latest read, with their trend by the
   * days or weeks of `timeZone` (UTC unless the caller says where it is).
   */
  async get(windowDays: ResponseMetricsWindow, timeZone = 'UTC'): Promise<ResponseMetrics> {
    const { at, incidents } = await this.times.get();
    return computeResponseMetrics(incidents, windowDays, at, timeZone);
  }

  /** Forgets the kept read; the next get() asks the provider again. */
  invalidate(): void {
    this.times.invalidate();
  }

  private async read(): Promise<TimesRead> {
    const at = this.clock.now();
    return { at, incidents: await this.provider.listIncidentTimes(at - LONGEST_WINDOW_DAYS * DAY_MS) };
  }
}
