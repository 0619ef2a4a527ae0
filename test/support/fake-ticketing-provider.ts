/**
 * An in-memory TicketingProvider for engine unit tests, with optional random latency so
 * concurrent hosts interleave. Integration tests use the real providers and simulators.
 */
import { isTicketOpen, type Ticket } from '../../shared/domain/ticket';
import { ProviderError } from '../../electron/engine/ports';
import {
  duplicateNoteText,
  type NewSpecialistTicket,
  type NewTicket,
  type SpecialistTicket,
  type SpecialistTicketEntry,
  type SpecialistTicketOutcome,
  type SpecialistTicketRecord,
  type TicketChange,
  type TicketingProvider,
  type TicketRouting,
} from '../../electron/engine/ports/ticketing';

export class FakeTicketingProvider implements TicketingProvider {
  readonly id = 'fake-ticketing';
  readonly label = 'FakeDesk';
  readonly tickets = new Map<string, Ticket>();
  readonly workNotes: Array<{ ticketId: string; text: string }> = [];
  readonly failNext = new Map<string, ProviderError[]>();
  /** Specialist requests, by ticket id, with what was asked and every comment. */
  readonly specialistTickets = new Map<
    string,
    SpecialistTicket & {
      request: NewSpecialistTicket;
      comments: string[];
      notes: string[];
      journal: SpecialistTicketEntry[];
      closeNotes: string | null;
      changedSeq: number;
    }
  >();
  private counter = 0;
  /** Every change to a specialist ticket takes the next number: the changedSince cursor. */
  private changeSeq = 0;

  constructor(private readonly latencyMs = 0) {}

  private async step(method: string): Promise<void> {
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * this.latencyMs));
    const error = this.failNext.get(method)?.shift();
    if (error) throw error;
  }

  private update(id: string, change: Partial<Ticket>): Ticket {
    const ticket = this.tickets.get(id);
    if (!ticket) throw new ProviderError('rejected', `No ticket ${id}`, 404);
    const next = { ...ticket, ...change, updatedAt: new Date().toISOString() };
    this.tickets.set(id, next);
    return next;
  }

  async whoAmI() {
    return { id: 'u-dana', name: 'Dana Developer', email: 'dana@example.com' };
  }

  async findUserByEmail(email: string) {
    return email === 'dana@example.com' ? { id: 'u-dana', name: 'Dana Developer' } : null;
  }

  async findByPagingIncidents(ids: string[]): Promise<Ticket[]> {
    await this.step('find');
    return [...this.tickets.values()].filter((t) => t.pagingIncidentId !== null && ids.includes(t.pagingIncidentId));
  }

  async createTicket(input: NewTicket): Promise<Ticket> {
    await this.step('create');
    this.counter += 1;
    const ticket: Ticket = {
      id: `sys-${this.counter}`,
      provider: this.id,
      number: `INC${String(this.counter).padStart(7, '0')}`,
      state: 'New',
      stage: 'new',
      title: input.title,
      assignmentGroup: input.assignmentGroupId ? { id: input.assignmentGroupId, name: input.assignmentGroupId } : null,
      assignedTo: null,
      businessService: input.businessServiceId ? { id: input.businessServiceId, name: input.businessServiceId } : null,
      configurationItem: input.configurationItemId ? { id: input.configurationItemId, name: input.configurationItemId } : null,
      priority: input.priority,
      majorIncident: false,
      pagingIncidentId: input.pagingIncidentId,
      url: `https://desk.example.com/${this.counter}`,
      updatedAt: new Date().toISOString(),
    };
    this.tickets.set(ticket.id, ticket);
    return ticket;
  }

  async withdrawDuplicate(duplicateId: string, standing: Ticket): Promise<Ticket> {
    await this.step('withdrawDuplicate');
    const ticket = this.tickets.get(duplicateId);
    if (!ticket) throw new ProviderError('rejected', `No ticket ${duplicateId}`, 404);
    if (!isTicketOpen(ticket)) return ticket;
    this.workNotes.push({ ticketId: duplicateId, text: duplicateNoteText(standing.number) });
    return this.update(duplicateId, { state: 'Canceled', stage: 'canceled' });
  }

  async acknowledge(ticketId: string, assigneeId: string): Promise<Ticket> {
    await this.step('acknowledge');
    return this.update(ticketId, { state: 'In Progress', stage: 'in-progress', assignedTo: { id: assigneeId, name: assigneeId } });
  }

  async addWorkNote(ticketId: string, text: string): Promise<void> {
    await this.step('addWorkNote');
    this.workNotes.push({ ticketId, text });
  }

  async reassign(ticketId: string, routing: TicketRouting): Promise<Ticket> {
    await this.step('reassign');
    return this.update(ticketId, {
      assignmentGroup: routing.assignmentGroupId ? { id: routing.assignmentGroupId, name: routing.assignmentGroupId } : null,
      businessService: routing.businessServiceId ? { id: routing.businessServiceId, name: routing.businessServiceId } : null,
      configurationItem: routing.configurationItemId ? { id: routing.configurationItemId, name: routing.configurationItemId } : null,
    });
  }

  async declareMajor(ticketId: string): Promise<Ticket> {
    await this.step('declareMajor');
    return this.update(ticketId, { majorIncident: true, priority: '1 - Critical' });
  }

  async resolve(ticketId: string): Promise<Ticket> {
    await this.step('resolve');
    return this.update(ticketId, { state: 'Resolved', stage: 'resolved' });
  }

  async changesSince(cursor: string | null): Promise<{ changes: TicketChange[]; cursor: string }> {
    await this.step('changesSince');
    return { changes: [], cursor: cursor ?? '0' };
  }

  // ---- specialist requests (replay-safe like the real providers: found by request id, comments once) ----

  async raiseSpecialistRequest(request: NewSpecialistTicket): Promise<SpecialistTicket> {
    await this.step('raiseSpecialistRequest');
    const existing = [...this.specialistTickets.values()].find((ticket) => ticket.request.requestId === request.requestId);
    if (existing) return this.specialistView(existing.id);
    this.counter += 1;
    const id = `ritm-${this.counter}`;
    this.specialistTickets.set(id, {
      id,
      number: `RITM${String(this.counter).padStart(7, '0')}`,
      url: `https://desk.example.com/ritm/${this.counter}`,
      state: 'Open',
      stage: 'new',
      assignmentGroup: { id: request.assignmentGroup, name: request.assignmentGroup },
      assignedTo: null,
      request,
      comments: [],
      notes: [],
      journal: [],
      closeNotes: null,
      changedSeq: ++this.changeSeq,
    });
    return this.specialistView(id);
  }

  async commentOnSpecialistRequest(ticketId: string, text: string): Promise<void> {
    await this.step('commentOnSpecialistRequest');
    const ticket = this.specialistTicket(ticketId);
    if (!ticket.comments.includes(text)) {
      ticket.comments.push(text);
      this.addEntry(ticketId, `${text}\n\n[via On-Call Console]`, true, null);
    }
  }

  async addSpecialistRequestNote(ticketId: string, text: string): Promise<void> {
    await this.step('addSpecialistRequestNote');
    const ticket = this.specialistTicket(ticketId);
    if (!ticket.notes.includes(text)) {
      ticket.notes.push(text);
      this.addEntry(ticketId, `${text}\n\n[via On-Call Console]`, false, null);
    }
  }

  /** A journal entry written in the ticketing system itself (a person's comment, or a note), as another console would. */
  addEntry(ticketId: string, text: string, isPublic: boolean, author: SpecialistTicketEntry['author']): void {
    const ticket = this.specialistTicket(ticketId);
    this.counter += 1;
    ticket.journal.push({ id: `j-${this.counter}`, at: new Date().toISOString(), author, text, public: isPublic });
    ticket.changedSeq = ++this.changeSeq;
  }

  async specialistRequestsChangedSince(cursor: string | null): Promise<{ records: SpecialistTicketRecord[]; cursor: string }> {
    await this.step('specialistRequestsChangedSince');
    const since = cursor === null ? 0 : Number(cursor);
    const changed = [...this.specialistTickets.values()]
      .filter((ticket) => ticket.changedSeq > since)
      .sort((a, b) => a.changedSeq - b.changedSeq)
      .slice(0, 100);
    return {
      records: changed.map((ticket) => ({
        requestId: ticket.request.requestId,
        ticket: this.specialistView(ticket.id),
        updatedAt: new Date().toISOString(),
        entries: ticket.journal.map((entry) => ({ ...entry })),
      })),
      cursor: String(changed.at(-1)?.changedSeq ?? since),
    };
  }

  async assignSpecialistRequest(ticketId: string, assigneeEmail: string): Promise<SpecialistTicket> {
    await this.step('assignSpecialistRequest');
    Object.assign(this.specialistTicket(ticketId), {
      state: 'Work in Progress',
      stage: 'in-progress',
      assignedTo: { id: assigneeEmail, name: assigneeEmail },
      changedSeq: ++this.changeSeq,
    });
    return this.specialistView(ticketId);
  }

  async resolveSpecialistRequest(ticketId: string, text: string, outcome: SpecialistTicketOutcome): Promise<SpecialistTicket> {
    await this.step('resolveSpecialistRequest');
    const ticket = this.specialistTicket(ticketId);
    if (ticket.closeNotes === null) {
      Object.assign(
        ticket,
        outcome === 'resolved' ? { state: 'Closed Complete', stage: 'closed' } : { state: 'Closed Incomplete', stage: 'canceled' },
        { closeNotes: text, changedSeq: ++this.changeSeq },
      );
    }
    return this.specialistView(ticketId);
  }

  async getSpecialistRequest(ticketId: string): Promise<SpecialistTicket> {
    await this.step('getSpecialistRequest');
    return this.specialistView(ticketId);
  }

  private specialistTicket(ticketId: string) {
    const ticket = this.specialistTickets.get(ticketId);
    if (!ticket) throw new ProviderError('rejected', `No specialist ticket ${ticketId}`, 404);
    return ticket;
  }

  private specialistView(ticketId: string): SpecialistTicket {
    const {
      request: _request,
      comments: _comments,
      notes: _notes,
      journal: _journal,
      closeNotes: _closeNotes,
      changedSeq: _changedSeq,
      ...view
    } = this.specialistTicket(ticketId);
    return { ...view };
  }
}
