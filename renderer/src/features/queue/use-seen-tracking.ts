/**
 * Marks changed rows as seen once the user has looked at them: a row counts as viewed
 * when it has been in the viewport for about a second while the window had focus.
 * Polls a few times a second, touching only the changed rows in view.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { Incident } from '../../../../shared/domain/incident';
import { rowsDueAsSeen, type ChangeKind } from './changed-marker';
import { seenStore } from './use-seen';
import { useAttention } from './attention-store';
import { useWindowFocused } from './use-window-focus';

const VIEW_DWELL_MS = 1_000;
const TICK_MS = 250;

interface Tracking {
  scrollRef: RefObject<HTMLElement | null>;
  incidents: readonly Incident[];
  changed: ReadonlyMap<string, ChangeKind>;
  rowPx: number;
  /** Height of the sticky header inside the scroll element. */
  headerPx: number;
}

export function useSeenTracking({ scrollRef, incidents, changed, rowPx, headerPx }: Tracking): void {
  const focused = useWindowFocused();
  const latest = useRef({ incidents, changed });
  useLayoutEffect(() => {
    latest.current = { incidents, changed };
  });
  const visibleSince = useRef(new Map<string, number>());

  useEffect(() => {
    const since = visibleSince.current;
    if (!focused) {
      since.clear();
      return;
    }
    const timer = setInterval(() => {
      const element = scrollRef.current;
      const { incidents, changed } = latest.current;
      const announced = useAttention.getState().items;
      if (!element || changed.size === 0) {
        since.clear();
        return;
      }
      // Rows at least half in view, below the sticky header.
      const first = Math.max(0, Math.round(element.scrollTop / rowPx));
      const last = Math.min(incidents.length, Math.round((element.scrollTop + element.clientHeight - headerPx) / rowPx));
      const inView: string[] = [];
      for (let index = first; index < last; index++) {
        const id = incidents[index]?.id;
        // An incident announced for me stays marked until I look at it, not merely while it is in view.
        if (id !== undefined && changed.has(id) && !announced.has(id)) inView.push(id);
      }
      const due = new Set(rowsDueAsSeen(since, inView, true, Date.now(), VIEW_DWELL_MS));
      if (due.size > 0) seenStore.getState().markSeen(incidents.filter((incident) => due.has(incident.id)));
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [focused, scrollRef, rowPx, headerPx]);
}
