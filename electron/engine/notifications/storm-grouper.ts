/**
 * Keeps a storm from becoming fifty notifications: up to `maxIndividual` notifications
 * within `windowMs` go out one by one; a batch bigger than that becomes one summary at
 * once, and whatever arrives while the window is full waits for the window's end and
 * goes out as one summary (or as itself, if it is alone).
 */
import type { DesktopNotification } from '../../../shared/domain/notification';
import type { Clock } from '../ports';

/** A notification the policy allowed, before grouping (no id yet). */
export type Allowed = Omit<DesktopNotification, 'id' | 'summaryOf'>;

export interface StormGrouperOptions {
  clock: Clock;
  /** More than this many within the window is a storm (default 4). */
  maxIndividual?: number;
  /** The window, in ms (default 10 s). */
  windowMs?: number;
  deliver(notification: Omit<DesktopNotification, 'id'>): void;
}

const DEFAULT_STORM_MAX = 4;
const DEFAULT_STORM_WINDOW_MS = 10_000;

export class StormGrouper {
  /** When each recent delivery went out (a summary counts once). */
  private recent: number[] = [];
  private held: Allowed[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly max: number;
  private readonly windowMs: number;

  constructor(private readonly options: StormGrouperOptions) {
    this.max = options.maxIndividual ?? DEFAULT_STORM_MAX;
    this.windowMs = options.windowMs ?? DEFAULT_STORM_WINDOW_MS;
  }

  /** Offers notifications that arrived together (one delta, one reminder round). */
  add(batch: readonly Allowed[]): void {
    if (batch.length === 0) return;
    const now = this.options.clock.now();
    this.recent = this.recent.filter((at) => now - at < this.windowMs);
    if (this.held.length > 0) {
      this.held.push(...batch);
      return;
    }
    if (batch.length > this.max) {
      this.deliver(summarise(batch), now);
      return;
    }
    for (const item of batch) {
      if (this.recent.length < this.max && this.held.length === 0) this.deliver(item, now);
      else this.hold(item, now);
    }
  }

  /** Drops what is held and stops the timer. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.held = [];
  }

  private hold(item: Allowed, now: number): void {
    this.held.push(item);
    if (this.timer) return;
    const oldest = this.recent[0] ?? now;
    this.timer = setTimeout(() => this.flush(), Math.max(0, oldest + this.windowMs - now));
    this.timer.unref?.();
  }

  private flush(): void {
    this.timer = null;
    const held = this.held;
    this.held = [];
    if (held.length === 0) return;
    const now = this.options.clock.now();
    this.recent = this.recent.filter((at) => now - at < this.windowMs);
    this.deliver(held.length === 1 ? held[0]! : summarise(held), now);
  }

  private deliver(notification: Omit<DesktopNotification, 'id'>, now: number): void {
    // A summary fills the window: what follows in it is grouped too.
    if (notification.summaryOf) this.recent = Array.from({ length: this.max }, () => now);
    else this.recent.push(now);
    this.options.deliver(notification);
  }
}

/** One notification for many. */
function summarise(items: readonly Allowed[]): Omit<DesktopNotification, 'id'> {
  const shown = items.slice(0, 3).map((item) => item.title);
  const more = items.length - shown.length;
  const incidentIds = new Set(items.map((item) => item.incidentId));
  return {
    kind: 'summary',
    incidentId: incidentIds.size === 1 ? (items[0]?.incidentId ?? null) : null,
    title: `${items.length} incidents need attention`,
    body: `${shown.join('\n')}${more > 0 ? `\nand ${more} more` : ''}`,
    urgency: items.some((item) => item.urgency === 'high') ? 'high' : 'low',
    sound: items.some((item) => item.sound),
    repeat: items.every((item) => item.repeat),
    summaryOf: items.length,
  };
}
