/**
 * Decides which engine events become desktop notifications and pushes them as `notify`
 * events, with the tray's state as `notificationStateChanged`. Every incident change that
 * concerns me is also pushed as an `attention` event, before the policy: the window
 * announces it whether or not the desktop rings.
 *
 * Sources hand it candidates: the incident watch (each incident delta), major incidents
 * (for the incident managers on call) and, through offer(), anything later (specialist
 * requests for my group). Each candidate goes through the out-of-hours policy (am I on
 * call now, my preferences, a pause), then storm grouping. High urgency that the policy
 * says repeats is reminded every repeatHighEverySeconds until acknowledged. The pause
 * lives in memory and, when a settings store is given, in the settings file.
 */
import type { ConsoleEvent } from '../../../shared/contract';
import type { Directory, OnCall } from '../../../shared/domain/directory';
import type { Incident } from '../../../shared/domain/incident';
import type { DesktopNotification, NotificationState } from '../../../shared/domain/notification';
import { NotificationPreferences, type Settings } from '../../../shared/domain/settings';
import { decideNotification, describeRuleInForce, type PolicyState } from '../../../shared/rules/notification-policy';
import type { IncidentDelta } from '../incident-store';
import type { Clock } from '../ports';
import { candidateFor, IncidentWatch, type MeContext } from './incident-watch';
import type { NotificationCandidate } from './notification-candidate';
import { StormGrouper, type Allowed } from './storm-grouper';
import { errorText } from '../../../shared/error-text';

/** The part of the settings store notifications use (SettingsStore fits). */
export interface NotificationSettingsSource {
  get(): Settings;
  update(change: (settings: Settings) => Settings): Settings;
  onChange?(listener: (settings: Settings) => void): () => void;
}

export interface NotificationCenterOptions {
  clock: Clock;
  /** The console's user; without one nothing is "mine" and nothing notifies. */
  me: { id: string } | null;
  /**
   * The same person's ids on the workspace's other paging platforms (a Splunk On-Call
   * username): on call there, or paged there, is on call or paged all the same.
   */
  myOtherIds?(): Promise<string[]>;
  /** Incident managers' escalation policies: whoever is on call for one hears of major incidents. */
  incidentManagerPolicyIds: readonly string[];
  directory(): Promise<Directory>;
  /** Who is on call now (a cached read). */
  onCalls(): Promise<OnCall[]>;
  incidents(): Incident[];
  incident(id: string): Incident | undefined;
  emit(event: ConsoleEvent): void;
  /** Preferences and the persisted pause; defaults when absent (tests, the CLI). */
  settings?: NotificationSettingsSource;
  storm?: { maxIndividual?: number; windowMs?: number };
  /**
   * What was deployed on a service shortly before `openedAt` ("deployed 12 min before
   * (CHG0030011, Payments API 2.14.1)"), or null: a high-urgency new incident says so.
   */
  recentDeployment?(serviceName: string, openedAt: string): string | null;
  /** How often the rule in force is re-checked (quiet hours begin, a shift ends; default 30 s). */
  refreshEveryMs?: number;
  log?: (message: string) => void;
}

interface OnCallNow {
  onCallNow: boolean;
  onCallUntil: string | null;
  levels: Map<string, number>;
}

/** On-call knowledge older than this is read again by the periodic re-check (deltas read the cache). */
const TICK_ONCALL_REFRESH_MS = 5 * 60_000;

export class NotificationCenter {
  private readonly watch = new IncidentWatch();
  private readonly storm: StormGrouper;
  private primed = false;
  private queue: Promise<void> = Promise.resolve();
  private pausedUntil: string | null;
  private readonly defaults = NotificationPreferences.parse({});
  private onCall: { value: OnCallNow; at: number } | null = null;
  /** My ids on the other paging platforms, as last read with the on-calls (myOtherIds). */
  private otherIds: string[] = [];
  /** Incident id -> when its next reminder is due. */
  private readonly reminders = new Map<string, number>();
  private reminderTimer: NodeJS.Timeout | null = null;
  private pauseTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private lastState: string | null = null;
  private sequence = 0;
  private stopped = false;
  private unsubscribeSettings: (() => void) | undefined;

  constructor(private readonly options: NotificationCenterOptions) {
    this.storm = new StormGrouper({ clock: options.clock, ...options.storm, deliver: (notification) => this.deliver(notification) });
    this.pausedUntil = options.settings?.get().notificationsPausedUntil ?? null;
  }

  start(): void {
    this.schedulePauseEnd();
    const every = this.options.refreshEveryMs ?? 30_000;
    this.refreshTimer = setInterval(() => void this.publishState(), every);
    this.refreshTimer.unref?.();
    this.unsubscribeSettings = this.options.settings?.onChange?.((settings) => {
      this.pausedUntil = settings.notificationsPausedUntil;
      this.schedulePauseEnd();
      void this.publishState();
    });
  }

  stop(): void {
    this.stopped = true;
    this.storm.stop();
    for (const timer of [this.reminderTimer, this.pauseTimer]) if (timer) clearTimeout(timer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.unsubscribeSettings?.();
    this.reminders.clear();
  }

  /** The first successful sync is done: from now on, what appears is new. */
  markPrimed(): void {
    this.primed = true;
  }

  /**
   * Whether I am on call now as last learnt (no vendor call: the periodic re-check keeps it
   * fresh within a few minutes; a shift's known end counts), false without a user, null
   * before it is known. The paging sync's pace reads it.
   */
  onCallAsLastKnown(): boolean | null {
    if (!this.options.me) return false;
    const known = this.onCall?.value;
    if (!known) return null;
    return known.onCallNow && (known.onCallUntil === null || Date.parse(known.onCallUntil) > this.options.clock.now());
  }

  /** Resolves once every delta and offer received so far has been handled (tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Looks at an incident delta; before the first sync completed it only remembers. */
  /** `firstLoad`: a platform's first full load (a second platform's first load comes after the first one primed us). */
  onIncidentsChanged(delta: IncidentDelta, firstLoad = false): void {
    const baseline = firstLoad || !this.primed;
    this.enqueue(async () => {
      for (const id of delta.removedIds) this.reminders.delete(id);
      for (const incident of delta.upserted) if (incident.status !== 'triggered') this.reminders.delete(incident.id);
      const me = !baseline && delta.upserted.length > 0 ? await this.meContext() : null;
      const found = this.watch.detect(delta, me, baseline).map((candidate) => this.withRecentDeployment(candidate));
      // The window announces each of these whatever the desktop policy decides next.
      const at = new Date(this.options.clock.now()).toISOString();
      for (const candidate of found) {
        if (candidate.incidentId)
          this.options.emit({
            name: 'attention',
            payload: {
              incidentId: candidate.incidentId,
              kind: candidate.kind,
              title: candidate.title,
              body: candidate.body,
              urgency: candidate.urgency,
              at,
            },
          });
      }
      await this.decideAndGroup(found);
      await this.publishState();
    });
  }

  /** A major incident was declared: the incident managers on call hear of it. */
  onMajorIncidentDeclared(declared: { incidentId: string; title: string; reason: string }): void {
    this.enqueue(async () => {
      const { me, incidentManagerPolicyIds } = this.options;
      if (!me) return;
      const onCall = await this.onCallNow(true);
      if (!incidentManagerPolicyIds.some((policyId) => onCall.levels.has(policyId))) return;
      const incident = this.options.incident(declared.incidentId);
      await this.decideAndGroup([
        {
          kind: 'majorIncident',
          incidentId: declared.incidentId,
          title: `Major incident declared: ${declared.title}`,
          body: declared.reason || (incident ? `#${incident.number} · ${incident.service.name}` : declared.incidentId),
          urgency: 'high',
          onCallForThis: true,
        },
      ]);
    });
  }

  /**
   * The extension point for other sources (specialist requests for my group, once the
   * catalogue lands): candidates go through the same policy, grouping and reminders.
   */
  offer(candidates: NotificationCandidate[]): void {
    this.enqueue(() => this.decideAndGroup(candidates));
  }

  /** A new high-urgency incident says what was deployed on its service just before it, when something was. */
  private withRecentDeployment(candidate: NotificationCandidate): NotificationCandidate {
    if (candidate.kind !== 'newIncident' || candidate.urgency !== 'high' || !candidate.incidentId || !this.options.recentDeployment)
      return candidate;
    const incident = this.options.incident(candidate.incidentId);
    const deployed = incident ? this.options.recentDeployment(incident.service.name, incident.createdAt) : null;
    return deployed ? { ...candidate, body: `${candidate.body} · ${deployed}` } : candidate;
  }

  async pause(minutes: number): Promise<NotificationState> {
    this.setPausedUntil(new Date(this.options.clock.now() + minutes * 60_000).toISOString());
    return this.publishState();
  }

  async resume(): Promise<NotificationState> {
    this.setPausedUntil(null);
    return this.publishState();
  }

  async state(): Promise<NotificationState> {
    return this.computeState(await this.onCallNow(false));
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.options.log?.(`Notifications: ${errorText(error)}`);
    });
  }

  private async decideAndGroup(candidates: NotificationCandidate[]): Promise<void> {
    if (candidates.length === 0 || this.stopped) return;
    const onCall = await this.onCallNow(true);
    const allowed: Allowed[] = [];
    for (const candidate of candidates) {
      const decision = decideNotification({
        ...this.policyState(onCall),
        onCallNow: onCall.onCallNow || candidate.onCallForThis === true,
        urgency: candidate.urgency,
      });
      if (!decision.notify) continue;
      allowed.push({
        kind: candidate.kind,
        incidentId: candidate.incidentId,
        title: candidate.title,
        body: candidate.body,
        urgency: candidate.urgency,
        sound: decision.sound,
        repeat: false,
      });
      if (decision.repeat && candidate.incidentId) this.remindLater(candidate.incidentId);
    }
    this.storm.add(allowed);
  }

  private deliver(notification: Omit<DesktopNotification, 'id'>): void {
    if (this.stopped) return;
    this.sequence += 1;
    const id = `${this.options.clock.now().toString(36)}-${this.sequence}`;
    this.options.emit({ name: 'notify', payload: { id, ...notification } });
  }

  // ------------------------------------------------------------ reminders

  /** Whether the incident is paged to me (reminders are for the person paged, not the whole team). */
  private assignedToMe(incident: Incident | undefined): incident is Incident {
    const me = this.options.me;
    if (incident === undefined || me === null) return false;
    const mine = this.myIds(me);
    return incident.assignees.some((assignee) => mine.has(assignee.id));
  }

  private remindLater(incidentId: string): void {
    const everyMs = this.preferences().repeatHighEverySeconds * 1000;
    if (everyMs <= 0 || this.reminders.has(incidentId) || !this.assignedToMe(this.options.incident(incidentId))) return;
    this.reminders.set(incidentId, this.options.clock.now() + everyMs);
    this.scheduleReminders();
  }

  private scheduleReminders(): void {
    if (this.reminderTimer) clearTimeout(this.reminderTimer);
    this.reminderTimer = null;
    if (this.reminders.size === 0 || this.stopped) return;
    const next = Math.min(...this.reminders.values());
    this.reminderTimer = setTimeout(() => this.enqueue(() => this.remind()), Math.max(0, next - this.options.clock.now()));
    this.reminderTimer.unref?.();
  }

  /** Reminds of every high-urgency incident still triggered whose reminder is due. */
  private async remind(): Promise<void> {
    const now = this.options.clock.now();
    const everyMs = this.preferences().repeatHighEverySeconds * 1000;
    const due: Incident[] = [];
    for (const [incidentId, at] of this.reminders) {
      if (at > now) continue;
      const incident = this.options.incident(incidentId);
      if (!this.assignedToMe(incident) || incident.status !== 'triggered' || everyMs <= 0) this.reminders.delete(incidentId);
      else {
        due.push(incident);
        this.reminders.set(incidentId, now + everyMs);
      }
    }
    if (due.length > 0) {
      const onCall = await this.onCallNow(true);
      const allowed: Allowed[] = [];
      for (const incident of due) {
        const decision = decideNotification({ ...this.policyState(onCall), urgency: incident.urgency });
        // Paused: keep the reminder for after the pause. Off call or low urgency now: stop reminding.
        if (!decision.repeat) {
          if (!this.isPausedNow()) this.reminders.delete(incident.id);
          continue;
        }
        const text = candidateFor('reminder', incident, this.options.me ? { userIds: this.myIds(this.options.me) } : null);
        allowed.push({ ...text, title: `Still triggered: ${incident.title}`, sound: decision.sound, repeat: true });
      }
      this.storm.add(allowed);
    }
    this.scheduleReminders();
  }

  // ------------------------------------------------------------ pause and state

  private setPausedUntil(pausedUntil: string | null): void {
    this.pausedUntil = pausedUntil;
    const settings = this.options.settings;
    if (settings) {
      try {
        settings.update((current) => ({ ...current, notificationsPausedUntil: pausedUntil }));
      } catch (error) {
        this.options.log?.(`Could not keep the notification pause in the settings: ${errorText(error)}`);
      }
    }
    this.schedulePauseEnd();
  }

  private isPausedNow(): boolean {
    return this.pausedUntil !== null && Date.parse(this.pausedUntil) > this.options.clock.now();
  }

  /** When a pause ends, the tray and the header hear of it. */
  private schedulePauseEnd(): void {
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    if (!this.isPausedNow() || this.stopped) return;
    // setTimeout holds at most ~24.8 days; a pause is at most a day.
    const inMs = Date.parse(this.pausedUntil!) - this.options.clock.now();
    this.pauseTimer = setTimeout(() => void this.publishState(), inMs + 50);
    this.pauseTimer.unref?.();
  }

  /** Emits notificationStateChanged when anything in it changed; returns the state. */
  private async publishState(): Promise<NotificationState> {
    const state = this.computeState(await this.onCallNow(false));
    const key = JSON.stringify(state);
    if (key !== this.lastState && !this.stopped) {
      this.lastState = key;
      this.options.emit({ name: 'notificationStateChanged', payload: state });
    }
    return state;
  }

  private computeState(onCall: OnCallNow): NotificationState {
    const policy = this.policyState(onCall);
    return {
      pausedUntil: this.isPausedNow() ? this.pausedUntil : null,
      ruleInForce: describeRuleInForce(policy),
      triggeredCount: this.options.incidents().filter((incident) => incident.status === 'triggered').length,
    };
  }

  private preferences(): NotificationPreferences {
    return this.options.settings?.get().notifications ?? this.defaults;
  }

  private policyState(onCall: OnCallNow): PolicyState {
    return {
      onCallNow: onCall.onCallNow,
      onCallUntil: onCall.onCallUntil,
      now: new Date(this.options.clock.now()),
      preferences: this.preferences(),
      pausedUntil: this.pausedUntil,
    };
  }

  // ------------------------------------------------------------ who I am, and whether I am on call

  private async meContext(): Promise<MeContext | null> {
    const { me } = this.options;
    if (!me) return null;
    // Read first: it also learns my ids on the other platforms.
    const { levels } = await this.onCallNow(true);
    const userIds = this.myIds(me);
    let teamIds = new Set<string>();
    try {
      teamIds = new Set((await this.options.directory()).users.filter((user) => userIds.has(user.id)).flatMap((user) => user.teamIds));
    } catch (error) {
      this.options.log?.(`Notifications: could not read my teams (${errorText(error)}); only incidents assigned to me notify.`);
    }
    return { userIds, teamIds, onCallLevelByPolicy: levels };
  }

  /** My ids on every paging platform, as last read (see myOtherIds). */
  private myIds(me: { id: string }): ReadonlySet<string> {
    return new Set([me.id, ...this.otherIds]);
  }

  /**
   * Whether I am on call now, until when, and at which level per policy. `fresh` reads
   * the engine's cached on-calls (at most one vendor call a minute); otherwise what was
   * learnt in the last few minutes is used. When it cannot be known, assume on call:
   * better to ring than to miss a page.
   */
  private async onCallNow(fresh: boolean): Promise<OnCallNow> {
    const { me, clock } = this.options;
    const now = clock.now();
    if (!me) return { onCallNow: false, onCallUntil: null, levels: new Map() };
    if (this.onCall && (!fresh ? now - this.onCall.at < TICK_ONCALL_REFRESH_MS : false)) return this.onCall.value;
    try {
      this.otherIds = (await this.options.myOtherIds?.().catch(() => this.otherIds)) ?? [];
      const value = onCallOf(await this.options.onCalls(), new Set([me.id, ...this.otherIds]), now);
      this.onCall = { value, at: now };
      return value;
    } catch (error) {
      this.options.log?.(`Notifications: could not tell whether you are on call (${errorText(error)}); treating you as on call.`);
      return this.onCall?.value ?? { onCallNow: true, onCallUntil: null, levels: new Map() };
    }
  }
}

/** My current on-call entries: whether there are any, when the last one ends, my level per policy. */
export function onCallOf(oncalls: readonly OnCall[], userIds: ReadonlySet<string>, now: number): OnCallNow {
  const mine = oncalls.filter(
    (oncall) =>
      userIds.has(oncall.user.id) &&
      (oncall.start === null || Date.parse(oncall.start) <= now) &&
      (oncall.end === null || Date.parse(oncall.end) > now),
  );
  const levels = new Map<string, number>();
  for (const oncall of mine) {
    const known = levels.get(oncall.escalationPolicy.id);
    if (known === undefined || oncall.level < known) levels.set(oncall.escalationPolicy.id, oncall.level);
  }
  const permanent = mine.some((oncall) => oncall.end === null);
  const lastEnd = mine.reduce<string | null>(
    (latest, oncall) => (oncall.end && (!latest || Date.parse(oncall.end) > Date.parse(latest)) ? oncall.end : latest),
    null,
  );
  return { onCallNow: mine.length > 0, onCallUntil: permanent ? null : lastEnd, levels };
}
