/**
 * The ServiceNow provider's specialist-request methods over real HTTP against the
 * simulator: a Service Catalog order lands as sc_request + sc_req_item in the team's
 * assignment group, replays find the item instead of ordering twice (also after a lost
 * answer), and claim / comment / resolve / cancel show in the requested item.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../electron/engine/ports';
import type { NewSpecialistTicket } from '../../../../electron/engine/ports/ticketing';
import { createServiceNowProvider } from '../../../../electron/providers/servicenow';
import { startServiceNowSimulator, SPECIALIST_ITEM_SYS_ID, type ServiceNowSimulator } from '../../../../electron/simulators/servicenow';

let sim: ServiceNowSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup() {
  sim = await startServiceNowSimulator({ validCredentials: [{ kind: 'basic', user: 'oncall.console', password: 'pw' }] });
  const provider = createServiceNowProvider({
    instanceUrl: sim.baseUrl,
    auth: { kind: 'basic', user: 'oncall.console', password: 'pw' },
    sleep: async () => undefined,
  });
  return { sim, provider };
}

const ask: NewSpecialistTicket = {
  requestId: 'req-0a1b2c3d4e5f',
  assignmentGroup: 'Database Administration',
  title: 'Query performance review: pg-payments',
  description: 'The payments query got slow after the 14:00 deploy.',
  urgent: true,
  requester: { name: 'Dana Developer', email: 'dana.developer@example.com' },
  pagingIncidentId: 'PINC123',
};

describe('ServiceNow specialist requests (Service Catalog)', () => {
  it("orders the catalog item: an sc_request and an sc_req_item in the team's assignment group, linked to the console request", async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask);

    expect(ticket.number).toMatch(/^RITM\d{7}$/);
    expect(ticket.stage).toBe('new');
    expect(ticket.assignmentGroup?.name).toBe('Database Administration');
    const item = sim.state.get('sc_req_item', ticket.id)!;
    const group = sim.state.rows('sys_user_group').find((row) => row.name === 'Database Administration')!;
    expect(item.assignment_group).toBe(group.sys_id);
    expect(item.correlation_id).toBe(ask.requestId);
    expect(item.cat_item).toBe(SPECIALIST_ITEM_SYS_ID);
    expect(item.urgency).toBe('1');
    expect(item.requested_for).toBe(sim.state.userByEmail('dana.developer@example.com')?.sys_id);
    expect(sim.state.get('sc_request', item.request ?? '')?.number).toMatch(/^REQ\d{7}$/);
    const order = sim.requests.find((request) => request.path.endsWith('/order_now'))!;
    expect(order.method).toBe('POST');
    expect(order.path).toBe(`/api/sn_sc/servicecatalog/items/${SPECIALIST_ITEM_SYS_ID}/order_now`);
    expect(ticket.url).toContain(encodeURIComponent(`sc_req_item.do?sys_id=${ticket.id}`));
  });

  it('a replay returns the item already raised instead of ordering again', async () => {
    const { sim, provider } = await setup();
    const first = await provider.raiseSpecialistRequest(ask);
    const again = await provider.raiseSpecialistRequest(ask);
    expect(again.id).toBe(first.id);
    expect(sim.state.rows('sc_req_item').filter((row) => row.correlation_id === ask.requestId)).toHaveLength(1);
    expect(sim.requests.filter((request) => request.path.endsWith('/order_now'))).toHaveLength(1);
  });

  it('an order whose answer was lost is found, not ordered twice', async () => {
    const { sim, provider } = await setup();
    sim.faults.inject({ kind: 'server-error', count: 1, status: 502, path: '/api/sn_sc/' });
    // A 502 answer after the order: the provider looks before failing. Here the instance did not take it,
    // so it fails transiently and the outbox's retry orders once.
    await expect(provider.raiseSpecialistRequest(ask)).rejects.toMatchObject({ kind: 'transient' });
    const ticket = await provider.raiseSpecialistRequest(ask);
    expect(
      sim.state
        .rows('sc_req_item')
        .filter((row) => row.correlation_id === ask.requestId)
        .map((row) => row.sys_id),
    ).toEqual([ticket.id]);
  });

  it('claim, comment and resolve show in the requested item and its journal; the request closes with it', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask);

    const claimed = await provider.assignSpecialistRequest(ticket.id, 'victor.alvarez@example.com');
    expect(claimed.stage).toBe('in-progress');
    expect(claimed.assignedTo?.name).toBe('Victor Alvarez');
    expect(sim.state.get('sc_req_item', ticket.id)?.state).toBe('2');

    await provider.commentOnSpecialistRequest(ticket.id, 'Victor Alvarez: Which index did the deploy drop?');
    await provider.commentOnSpecialistRequest(ticket.id, 'Victor Alvarez: Which index did the deploy drop?');
    const comments = sim.state.journal(ticket.id, 'comments');
    expect(comments).toHaveLength(1);
    expect(comments[0]?.value).toContain('Which index did the deploy drop?');

    const resolved = await provider.resolveSpecialistRequest(ticket.id, 'Added the missing index on payments(created_at).', 'resolved');
    expect(resolved.stage).toBe('closed');
    expect(resolved.state).toBe('Closed Complete');
    const item = sim.state.get('sc_req_item', ticket.id)!;
    expect(item.close_notes).toContain('Added the missing index');
    expect(sim.state.get('sc_request', item.request ?? '')?.request_state).toBe('closed_complete');
    // Resolving again is a no-op, not an error.
    expect((await provider.resolveSpecialistRequest(ticket.id, 'again', 'resolved')).state).toBe('Closed Complete');
    expect((await provider.getSpecialistRequest(ticket.id)).assignedTo?.name).toBe('Victor Alvarez');
  });

  it('cancelling closes the item incomplete; a closed item refuses comments with a message that says so', async () => {
    const { provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask);
    const cancelled = await provider.resolveSpecialistRequest(ticket.id, 'No longer needed', 'cancelled');
    expect(cancelled.state).toBe('Closed Incomplete');
    expect(cancelled.stage).toBe('canceled');
    const error = await provider.commentOnSpecialistRequest(ticket.id, 'late').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toMatch(/RITM\d+ is Closed Incomplete/);
  });

  it('an unknown assignment group is refused with what to fix', async () => {
    const { provider } = await setup();
    await expect(provider.raiseSpecialistRequest({ ...ask, assignmentGroup: 'Storage Wizards' })).rejects.toThrow(
      /no active assignment group named "Storage Wizards"/,
    );
  });

  it('the simulator refuses an order without its mandatory variables', async () => {
    const { provider } = await setup();
    await expect(provider.raiseCatalogRequest({ item: 'Ask a specialist team', variables: { short_description: 'x' } })).rejects.toThrow(
      /Mandatory Variables are required.*assignment_group/,
    );
  });
});
