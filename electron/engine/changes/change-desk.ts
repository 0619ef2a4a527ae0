/**
 * Change management in the console: serves the Changes area's requests (the changes in
 * flight and recent ones, the templates per service, a change manager's decisions, a
 * product team's template proposals), executes the outbox's change actions, and watches
 * the change system so the console's person hears of a change waiting for them or their
 * team's change decided. Every write goes through the outbox; reads are kept briefly so
 * the UI may ask as often as it likes.
 */
import { ContractFailure, type RequestInput, type RequestOutput } from '../../../shared/contract';
import { CHANGE_ACTION_KINDS, type ActionRecord, type ActionRequest } from '../../../shared/domain/action';
import { CHANGE_STATE_LABEL, type ChangeRequest, type ChangeTemplate } from '../../../shared/domain/change';
import type { Directory } from '../../../shared/domain/directory';
import type { Ref } from '../../../shared/domain/incident';
import { errorText } from '../../../shared/error-text';
import { CachedRead } from '../cached-read';
import type { ClaimedAction, Outbox } from '../outbox';
import { ProviderError, type Clock } from '../ports';
import type { Actor } from '../ports/actor';
import type { ChangeSystem } from '../ports/change-system';
import type { NotificationCandidate } from '../notifications/notification-candidate';
import { executeChangeAction, sameProposal } from './change-executor';
import { pendingApprovers, waitsFor } from '../../../shared/rules/change-approvals';
import { changeNotices, templateNotices, type NoticeContext } from './change-notices';

/** How far back the console reads changes: the Changes area's longest window. */
const LOOKBACK_DAYS = 30;
const DAY_MS = 24 * 60 * 60_000;
const CHANGES_TTL_MS = 15_000;
const TEMPLATES_TTL_MS = 60_000;
const SERVICES_TTL_MS = 10 * 60_000;
/** How long before an incident a deployment is news in its notification. */
const RECENT_DEPLOYMENT_MS = 60 * 60_000;

export interface ChangeDeskOptions {
  changeSystem: ChangeSystem;
  outbox: Outbox;
  clock: Clock;
  /** Who acts (the persona in the demo); rejects with a ContractFailure when nobody is known. */
  actor(): Promise<Actor>;
  directory(): Promise<Directory>;
  onRecorded(record: ActionRecord): void;
  /** Tells the UI to read changes again. */
  changed(): void;
  notify(candidates: NotificationCandidate[]): void;
  /** How often the change system is read for news (default 30 s). */
  watchIntervalMs?: number;
  /** On the automation host: closes changes whose pipeline run ended without closing them. */
  autoClose?: { start(): void; stop(): Promise<void> } | null;
  log?: (message: string) => void;
}

type ChangeActionRequest = Extract<
  ActionRequest,
  { kind: 'decideChange' | 'proposeChangeTemplate' | 'decideChangeTemplate' | 'closeChange' }
>;

const lower = (text: string) => text.trim().toLowerCase();

export class ChangeDesk {
  private readonly changes: CachedRead<ChangeRequest[]>;
  private readonly templates: CachedRead<ChangeTemplate[]>;
  private readonly services: CachedRead<Ref[]>;
  private seenChanges: Map<string, ChangeRequest> | null = null;
  private seenTemplates: Map<string, ChangeTemplate> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watching: Promise<void> | null = null;

  constructor(private readonly options: ChangeDeskOptions) {
    const { changeSystem, clock } = options;
    this.changes = new CachedRead(
      () => changeSystem.findChanges({ since: new Date(clock.now() - LOOKBACK_DAYS * DAY_MS).toISOString() }),
      CHANGES_TTL_MS,
      clock,
    );
    this.templates = new CachedRead(() => changeSystem.listTemplates(), TEMPLATES_TTL_MS, clock);
    this.services = new CachedRead(() => changeSystem.listServices(), SERVICES_TTL_MS, clock);
  }

  private get summary() {
    return { label: this.options.changeSystem.label, system: this.options.changeSystem.system };
  }

  start(): void {
    if (this.timer) return;
    const every = this.options.watchIntervalMs ?? 30_000;
    this.timer = setInterval(() => void this.watchNow(), every);
    this.timer.unref();
    void this.watchNow();
    this.options.autoClose?.start();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([this.watching, this.options.autoClose?.stop()]);
  }

  /** Reads the change system afresh, tells the UI when something changed and the person what concerns them (tests call it too). */
  watchNow(): Promise<void> {
    this.watching ??= this.watchOnce().finally(() => {
      this.watching = null;
    });
    return this.watching;
  }

  private async watchOnce(): Promise<void> {
    this.changes.invalidate();
    this.templates.invalidate();
    let changes: ChangeRequest[];
    let templates: ChangeTemplate[];
    try {
      [changes, templates] = await Promise.all([this.changes.get(), this.templates.get()]);
    } catch (error) {
      this.options.log?.(`${this.options.changeSystem.label} changes could not be read: ${errorText(error)}`);
      return;
    }
    const context = await this.noticeContext();
    const differs =
      this.seenChanges !== null &&
      (changes.length !== this.seenChanges.size ||
        changes.some((change) => this.seenChanges?.get(change.id)?.updatedAt !== change.updatedAt) ||
        templates.length !== this.seenTemplates?.size ||
        templates.some((template) => this.seenTemplates?.get(template.id)?.state !== template.state));
    if (context) {
      const notices = [...changeNotices(this.seenChanges, changes, context), ...templateNotices(this.seenTemplates, templates, context)];
      if (notices.length > 0) this.options.notify(notices);
    }
    this.seenChanges = new Map(changes.map((change) => [change.id, change]));
    this.seenTemplates = new Map(templates.map((template) => [template.id, template]));
    if (differs) this.options.changed();
  }

  private async me(): Promise<{ email: string; name: string } | null> {
    try {
      const { person } = await this.options.actor();
      return { email: person.email, name: person.name };
    } catch {
      return null;
    }
  }

  private async noticeContext(): Promise<NoticeContext | null> {
    const me = await this.me();
    if (!me) return null;
    let myServiceNames = new Set<string>();
    try {
      const directory = await this.options.directory();
      const teamIds = new Set(directory.users.find((user) => lower(user.email) === lower(me.email))?.teamIds ?? []);
      myServiceNames = new Set(
        directory.services.filter((service) => service.teamIds.some((id) => teamIds.has(id))).map((service) => lower(service.name)),
      );
    } catch {
      // Without the directory only approvals addressed to me are news.
    }
    return { me, myServiceNames };
  }

  /**
   * The newest change on a service that deployed (Implement, Review or Closed successfully)
   * within the hour before `openedAt`, as the watch last read it (no request): "deployed
   * 12 min before (CHG0030011, Payments API 2.14.1)", or null.
   */
  recentDeployment(serviceName: string, openedAt: string): string | null {
    const opened = Date.parse(openedAt);
    const deployed = [...(this.seenChanges?.values() ?? [])]
      .filter((change) => lower(change.service.name) === lower(serviceName))
      .filter((change) => ['implement', 'review', 'closed'].includes(change.state) && change.closeCode !== 'unsuccessful')
      .map((change) => ({ change, at: Date.parse(change.updatedAt) }))
      .filter(({ at }) => at <= opened && opened - at <= RECENT_DEPLOYMENT_MS)
      .sort((a, b) => b.at - a.at)[0];
    if (!deployed) return null;
    const minutes = Math.max(1, Math.round((opened - deployed.at) / 60_000));
    const { change } = deployed;
    return `deployed ${minutes} min before (${change.record.number}, ${change.service.name} ${change.deployment.version})`;
  }

  async listChanges({ days }: RequestInput<'listChanges'>): Promise<RequestOutput<'listChanges'>> {
    const changes = await this.read('changes', () => this.changes.get());
    const since = this.options.clock.now() - (days ?? 7) * DAY_MS;
    const shown = changes
      .filter((change) => !isEnded(change) || Date.parse(change.updatedAt) >= since)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    return { system: this.summary, changes: shown, me: await this.me(), readAt: new Date(this.options.clock.now()).toISOString() };
  }

  async listChangeTemplates(): Promise<RequestOutput<'listChangeTemplates'>> {
    const [templates, services] = await Promise.all([
      this.read('templates', () => this.templates.get()),
      this.read('services', () => this.services.get()),
    ]);
    return { system: this.summary, templates, services };
  }

  async proposeChangeTemplate(input: RequestInput<'proposeChangeTemplate'>): Promise<RequestOutput<'proposeChangeTemplate'>> {
    const services = await this.read('services', () => this.services.get());
    const service = services.find((candidate) => lower(candidate.name) === lower(input.service.name));
    if (!service) {
      throw new ContractFailure(
        'bad_request',
        `${this.summary.label} knows no service "${input.service.name}": choose one of ${services.map((known) => known.name).join(', ') || '(none)'}`,
      );
    }
    const templates = await this.read('templates', () => this.templates.get());
    const existing = templates.find((template) => template.state !== 'retired' && sameProposal(template, input));
    if (existing)
      throw new ContractFailure(
        'bad_request',
        `${service.name} already has a template named "${existing.name}" (${existing.state}): choose another name`,
      );
    const pending = this.pendingOf((request) => request.kind === 'proposeChangeTemplate' && sameProposal(request.template, input));
    if (pending) return pending;
    return this.record({
      kind: 'proposeChangeTemplate',
      incidentIds: [],
      template: { ...input, service: { id: service.id, name: service.name } },
    });
  }

  async decideChange(input: RequestInput<'decideChange'>): Promise<RequestOutput<'decideChange'>> {
    const me = await this.decider();
    // The list the person decided from (kept briefly) when it shows the change waiting for them; else the change as it is now.
    const listed = (await this.read('changes', () => this.changes.get())).find((candidate) => candidate.id === input.changeId);
    const change =
      listed && waitsFor(listed, me) ? listed : await this.read('the change', () => this.options.changeSystem.getChange(input.changeId));
    const number = change.record.number;
    if (!waitsFor(change, me)) {
      const waiting = pendingApprovers(change);
      const why =
        waiting.length > 0
          ? `it waits for ${waiting.join(', ')}`
          : `it is ${CHANGE_STATE_LABEL[change.state]}, approval ${change.approval}`;
      throw new ContractFailure('bad_request', `${number} is not waiting for your approval (${why})`);
    }
    const pending = this.pendingOf((request) => request.kind === 'decideChange' && request.changeId === change.id);
    if (pending) return pending;
    return this.record({
      kind: 'decideChange',
      incidentIds: [],
      changeId: change.id,
      changeNumber: number,
      decision: input.decision,
      comment: input.comment ?? '',
      approver: me,
    });
  }

  async decideChangeTemplate(input: RequestInput<'decideChangeTemplate'>): Promise<RequestOutput<'decideChangeTemplate'>> {
    const me = await this.decider();
    const templates = await this.read('templates', () => this.templates.get());
    const template = templates.find((candidate) => candidate.id === input.templateId);
    if (!template) throw new ContractFailure('not_found', `No template ${input.templateId} in ${this.summary.label}`);
    if (template.state !== 'proposed')
      throw new ContractFailure(
        'bad_request',
        `The template "${template.name}" is ${template.state}: only a proposal waits for a decision`,
      );
    const pending = this.pendingOf((request) => request.kind === 'decideChangeTemplate' && request.templateId === template.id);
    if (pending) return pending;
    return this.record({
      kind: 'decideChangeTemplate',
      incidentIds: [],
      templateId: template.id,
      templateName: template.name,
      decision: input.decision,
      comment: input.comment ?? '',
      approver: me,
    });
  }

  /** Carries out a change action from the outbox, then reads the change system again so every console sees the result. */
  async execute(claimed: ClaimedAction): Promise<void> {
    const request = claimed.record.request;
    if (!CHANGE_ACTION_KINDS.has(request.kind)) throw new ProviderError('rejected', `Not a change action: ${request.kind}`);
    try {
      await executeChangeAction(request as ChangeActionRequest, this.options.changeSystem, claimed.record.attempts > 1);
    } finally {
      this.changes.invalidate();
      this.templates.invalidate();
      this.options.changed();
      void this.watchNow();
    }
  }

  private async decider(): Promise<{ email: string; name: string }> {
    const me = await this.me();
    if (!me)
      throw new ContractFailure('bad_request', 'The console does not know who you are: set up the paging connection to decide on changes');
    return me;
  }

  /** The same write already waiting in the outbox: asked twice (a double click, two windows), it is sent once. */
  private pendingOf(matches: (request: ChangeActionRequest) => boolean): ActionRecord | null {
    return (
      this.options.outbox
        .listVisible(0)
        .find(
          (record) =>
            record.state === 'pending' && CHANGE_ACTION_KINDS.has(record.request.kind) && matches(record.request as ChangeActionRequest),
        ) ?? null
    );
  }

  private record(request: ChangeActionRequest): ActionRecord {
    const record = this.options.outbox.enqueue(request);
    this.options.onRecorded(record);
    return record;
  }

  private async read<T>(what: string, load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      if (error instanceof ContractFailure) throw error;
      if (error instanceof ProviderError && error.status === 404) throw new ContractFailure('not_found', errorText(error));
      throw new ContractFailure('upstream', `${this.summary.label}: ${what} could not be read: ${errorText(error)}`);
    }
  }
}

function isEnded(change: ChangeRequest): boolean {
  return change.state === 'closed' || change.state === 'canceled';
}
