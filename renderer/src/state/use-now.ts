/**
 * A shared ticking clock: every component that shows a live age reads the same tick, so
 * a queue of thousands of rows re-renders only the visible ages, once per tick.
 */
import { useSyncExternalStore } from 'react';

interface Clock {
  now: number;
  subscribe(onChange: () => void): () => void;
  read(): number;
}

const clocks = new Map<number, Clock>();

function createClock(intervalMs: number): Clock {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | null = null;
  const clock: Clock = {
    now: Date.now(),
    subscribe(onChange) {
      listeners.add(onChange);
      timer ??= setInterval(() => {
        clock.now = Date.now();
        for (const listener of listeners) listener();
      }, intervalMs);
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    read: () => clock.now,
  };
  return clock;
}

/** The current time in ms, updated every `intervalMs` while anything is listening. */
export function useNow(intervalMs = 1_000): number {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = createClock(intervalMs);
    clocks.set(intervalMs, clock);
  }
  return useSyncExternalStore(clock.subscribe, clock.read);
}
