/**
 * Something that may become a notification, before the out-of-hours policy and storm
 * grouping have had their say. Every source (the incident watch, major incidents, and
 * later specialist requests) hands these to NotificationCenter.offer().
 */
import type { Urgency } from '../../../shared/domain/incident';
import type { NotificationKind } from '../../../shared/domain/notification';

export interface NotificationCandidate {
  kind: NotificationKind;
  /** The incident a click opens; null when there is none. */
  incidentId: string | null;
  title: string;
  body: string;
  urgency: Urgency;
  /**
   * Notify even when I am off call, as if I were on call (a major incident for the
   * incident manager on duty: the source already checked that I am). Default false.
   */
  onCallForThis?: boolean;
}
