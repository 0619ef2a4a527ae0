/**
 * While another area covers the queue (the catalogue, the requests, the Resolved view),
 * the queue's single-key shortcuts must not act on incidents nobody can see: keys are
 * stopped at the document, before the window listener that runs the registry's queue
 * commands (use-queue-shortcuts.ts). The commands whose keys work everywhere (the palette,
 * the help, `g c`) are run on the document, so they need no exception here; chords with
 * Ctrl/⌘ (the browser's, a library's) and whatever `allow` names still pass.
 */
import { useEffect } from 'react';

export function useQueueKeysGuard(active: boolean, allow: readonly string[] = []): void {
  useEffect(() => {
    if (!active) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || allow.includes(event.key)) return;
      event.stopPropagation();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active, allow]);
}
