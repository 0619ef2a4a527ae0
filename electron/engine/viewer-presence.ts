/**
 * Who is looking at the console: each open page (a desktop window, a browser tab) reports
 * whether it is visible and focused when that changes and every so often; the engine counts
 * a page as in front while its latest report says visible (or focused), and forgets a page that stopped
 * reporting (closed, crashed, asleep). Any visible page is enough.
 */

/** A page that has not reported for this long is forgotten (pages report at least every 30 s). */
const FORGET_AFTER_MS = 75_000;

interface ViewerReport {
  visible: boolean;
  focused: boolean;
  at: number;
}

export class ViewerPresence {
  private readonly viewers = new Map<string, ViewerReport>();

  /** Records what a page said about itself now. */
  report(viewerId: string, { visible, focused }: { visible: boolean; focused: boolean }, now: number): void {
    this.viewers.set(viewerId, { visible, focused, at: now });
    this.forgetStale(now);
  }

  /** Whether any page that still reports is visible now. */
  inFront(now: number): boolean {
    this.forgetStale(now);
    for (const viewer of this.viewers.values()) if (viewer.visible || viewer.focused) return true;
    return false;
  }

  private forgetStale(now: number): void {
    for (const [viewerId, viewer] of this.viewers) if (now - viewer.at > FORGET_AFTER_MS) this.viewers.delete(viewerId);
  }
}
