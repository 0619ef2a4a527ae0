/**
 * Health of each connection to an outside system, as the engine sees it.
 *
 * ok: the last call succeeded; degraded: calls fail but are being retried (rate limits,
 * server errors); offline: the system cannot be reached or refuses our credentials.
 */
import { z } from 'zod';
import { Timestamp } from './incident';

const ConnectionState = z.enum(['ok', 'degraded', 'offline', 'connecting']);
type ConnectionState = z.infer<typeof ConnectionState>;

export const ConnectionStatus = z.object({
  /** The provider id, e.g. "pagerduty". */
  provider: z.string(),
  /** A name to show, e.g. "PagerDuty". */
  label: z.string(),
  state: ConnectionState,
  lastSuccessAt: Timestamp.nullable(),
  nextRetryAt: Timestamp.nullable(),
  /** What went wrong last, in words a user can act on. */
  message: z.string().nullable(),
  /** Since when it has not been OK (the first failure of the current streak), or null while it is. */
  failingSince: Timestamp.nullable().optional(),
  /** The paging platform's connection: the queue is only as good as it (shared/rules/queue-sight.ts). */
  paging: z.boolean().optional(),
  /**
   * A background read of a system another connection already shows (the specialist
   * requests read from the ticketing system): its badge shows only while it is not OK.
   */
  secondary: z.boolean().optional(),
  /**
   * A paging platform's first full load under way: how many of its open incidents are in
   * the queue so far, of about how many (null: the platform did not say). Absent otherwise.
   */
  loading: z.object({ loaded: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() }).optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;
