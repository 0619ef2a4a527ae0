/**
 * While another area covers the queue (the catalogue, the requests, the Resolved view),
 * the queue's single-key shortcuts must not act on incidents nobody can see: plain keys are
 * stopped at the document, before the queue's window listener. Chords with Ctrl/⌘ (the
 * palette), `?` and whatever `allow` names still pass.
 */
import { useEffect } from 'react';

export function useQueueKeysGuard(active: boolean, allow: readonly string[] = []): void {
  useEffect(() => {
    if (!active) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.key === '?' || allow.includes(event.key)) return;
      event.stopPropagation();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active, allow]);
}
