/**
 * Reads the shared record of specialist requests back from the ticketing system: each
 * round asks for the console-raised tickets changed since the last round and reads their
 * journals once. A console note (request-sharing.ts) is merged into this console's copy,
 * importing requests raised on other machines; a comment a person wrote in the ticketing
 * system becomes a comment on the request; an expertise ticket closed there ends the
 * request here. The desk is told what changed, to show it and notify.
 */
import type { ConnectionStatus } from '../../../shared/domain/connection';
import { nextState, RequestTransitionError, type RequestEvent } from '../../../shared/rules/request-lifecycle';
import type { Clock } from '../ports';
import { PollLoop } from '../poll-loop';
import { CONSOLE_NOTE_MARKER, type SpecialistTicketEntry, type SpecialistTicketing, type SpecialistTicketRecord } from '../ports/ticketing';
import type { StoredRequest } from './request-record';
import { decodeSharedNote, mergeShared, requestFromShared } from './request-sharing';
import type { SpecialistRequestStore } from './request-store';
import { errorText } from '../../../shared/error-text';

export interface RequestSyncOptions {
  ticketing: SpecialistTicketing & { id: string; label: string };
  store: SpecialistRequestStore;
  clock: Clock;
  pollIntervalMs: number;
  /** A request read from another console's note, before it is stored here (the desk fixes what it is from its catalogue). */
  adopt?(request: StoredRequest): StoredRequest;
  /**
   * A request read from the ticket is new here, or changed: `before` null for a new one.
   * `backlog`: read while catching up after a start (what happened while this console was
   * not running), shown but not worth a notification each. The round waits for it.
   */
  onChange(before: StoredRequest | null, after: StoredRequest, backlog: boolean): Promise<void>;
  onStatus?(status: ConnectionStatus): void;
  log?(message: string): void;
}

type Change = { before: StoredRequest | null; after: StoredRequest };

/** Pages read in one round at most (100 records each); the rest waits for the next round. */
const MAX_PAGES_PER_ROUND = 10;
const OPEN_STATES = new Set(['new', 'claimed', 'in-progress', 'waiting-for-requester']);

/** Where the read position is kept in the store, per ticketing system. */
const cursorKey = (ticketingId: string) => `specialist-sync-cursor:${ticketingId}`;

export class SpecialistRequestSync {
  /** The provider's position, kept in the store so a restart carries on from it. */
  private cursor: string | null;
  /** Until a round reads to the end, what is read is the backlog (what happened while this console was not running). */
  private catchingUp = true;
  private readonly loop: PollLoop;

  constructor(private readonly options: RequestSyncOptions) {
    this.cursor = options.store.getSetting(cursorKey(options.ticketing.id));
    // The loop names the system it reads in its messages ("ServiceNow answers with errors (503) since
    // 14:02:11"); the badge and banner name what is behind: "Specialist requests (ServiceNow)", next to
    // the ticketing system's own badge, which can say OK while this read fails.
    this.loop = new PollLoop({
      provider: { id: `${options.ticketing.id}-requests`, label: options.ticketing.label },
      clock: options.clock,
      pollIntervalMs: options.pollIntervalMs,
      round: () => this.round(),
      onStatus: (status) => options.onStatus?.(this.shown(status)),
      onError: (error) => options.log?.(`Reading specialist requests from ${options.ticketing.label} failed: ${errorText(error)}`),
    });
  }

  /** The health of these reads: a secondary connection (the ticketing system's own badge is the main one). */
  get status(): ConnectionStatus {
    return this.shown(this.loop.status);
  }

  private shown(status: ConnectionStatus): ConnectionStatus {
    return { ...status, label: `Specialist requests (${this.options.ticketing.label})`, secondary: true };
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One round now (tests, and the UI's refresh). */
  pollNow(): Promise<void> {
    return this.loop.pollNow();
  }

  private async round(): Promise<void> {
    for (let page = 0; page < MAX_PAGES_PER_ROUND; page += 1) {
      const { records, cursor } = await this.options.ticketing.specialistRequestsChangedSince(this.cursor);
      for (const record of records) await this.read(record);
      const moved = cursor !== this.cursor;
      this.cursor = cursor;
      this.options.store.setSetting(cursorKey(this.options.ticketing.id), cursor);
      if (records.length < 100 || !moved) {
        this.catchingUp = false;
        return;
      }
    }
  }

  /** Reads one ticket's new journal entries and its state into this console's copy. */
  private async read(record: SpecialistTicketRecord): Promise<void> {
    const { store } = this.options;
    for (const entry of record.entries) {
      if (store.wasRead(entry.id)) continue;
      // A person's comment on a request not here yet is read again once the request is (its first note comes first).
      if (entry.public && !store.get(record.requestId)) continue;
      const change = this.readEntry(record, entry);
      store.markRead(entry.id, record.requestId);
      if (change) await this.options.onChange(change.before, change.after, this.catchingUp);
    }
    const change = this.followTicket(record);
    if (change) await this.options.onChange(change.before, change.after, this.catchingUp);
  }

  /** Reads one journal entry into the request; returns the change it made, if any. */
  private readEntry(record: SpecialistTicketRecord, entry: SpecialistTicketEntry): Change | null {
    const { store } = this.options;
    // Console records are read from internal notes only: the requester's portal comments are not ours.
    const change = entry.public ? null : decodeSharedNote(entry.text);
    if (change instanceof Error) {
      this.options.log?.(`${record.ticket.number}: a console note (${entry.id}) was skipped: ${change.message}`);
      return null;
    }
    if (change) {
      if (change.core.id !== record.requestId) {
        this.options.log?.(
          `${record.ticket.number}: a console note (${entry.id}) is about ${change.core.id}, not ${record.requestId}; skipped`,
        );
        return null;
      }
      const before = store.get(record.requestId);
      if (!before) {
        const shared = requestFromShared(change);
        const imported = this.options.adopt ? this.options.adopt(shared) : shared;
        imported.ticket ??= { id: record.ticket.id, number: record.ticket.number, url: record.ticket.url, state: record.ticket.state };
        store.insert(imported, 'ticket');
        return { before: null, after: imported };
      }
      const after = store.update(record.requestId, (request) => mergeShared(request, change), 'ticket');
      return after && JSON.stringify(after) !== JSON.stringify(before) ? { before, after } : null;
    }
    // A person's comment written in the ticketing system (the console's own carry the marker).
    if (!entry.public || entry.text.includes(CONSOLE_NOTE_MARKER)) return null;
    const before = store.get(record.requestId);
    const commentId = `ticket-${entry.id}`;
    if (!before || before.comments.some((comment) => comment.id === commentId)) return null;
    const at = Date.parse(entry.at) || this.options.clock.now();
    const name = entry.author?.name ?? 'Someone';
    const after = store.update(
      record.requestId,
      (request) => {
        request.comments.push({
          id: commentId,
          author: { id: entry.author?.email ?? name, name, email: entry.author?.email ?? '' },
          text: entry.text.trim(),
          at,
          asksRequester: false,
        });
        request.history.push({
          at,
          actor: { id: entry.author?.email ?? name, name },
          summary: `${name} commented in ${this.options.ticketing.label} (${record.ticket.number})`,
          state: request.state,
        });
      },
      'ticket',
    );
    return after ? { before, after } : null;
  }

  /** The ticket's state as shown; an expertise ticket closed in the ticketing system ends the request. */
  private followTicket(record: SpecialistTicketRecord): Change | null {
    const { store } = this.options;
    const before = store.get(record.requestId);
    if (!before?.ticket) return null;
    const stage = record.ticket.stage;
    const ends: RequestEvent | null =
      before.kind === 'expertise' && OPEN_STATES.has(before.state)
        ? stage === 'resolved' || stage === 'closed'
          ? 'closed-in-ticketing'
          : stage === 'canceled'
            ? 'cancel'
            : null
        : null;
    if (before.ticket.state === record.ticket.state && !ends) return null;
    const after = store.update(
      record.requestId,
      (request) => {
        if (request.ticket) request.ticket = { ...request.ticket, state: record.ticket.state };
        if (!ends) return;
        try {
          request.state = nextState(request.kind, request.state, ends);
        } catch (error) {
          if (error instanceof RequestTransitionError) return;
          throw error;
        }
        request.updatedAt = Date.parse(record.updatedAt) || this.options.clock.now();
        const by = record.ticket.assignedTo ? ` (assigned to ${record.ticket.assignedTo.name})` : '';
        request.history.push({
          at: request.updatedAt,
          actor: null,
          summary: `${record.ticket.number} was set to ${record.ticket.state} in ${this.options.ticketing.label}${by}`,
          state: request.state,
        });
      },
      'ticket',
    );
    return after ? { before, after } : null;
  }
}
