/**
 * The Jira Service Management provider's specialist-request methods over real HTTP
 * against the simulator: a request of the specialist request type lands with the team in
 * its Team field, a replay finds it instead of raising twice, and claim / comment /
 * resolve / cancel show in the request's status, assignee and comments.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NewSpecialistTicket } from '../../../../electron/engine/ports/ticketing';
import { createJiraServiceManagementProvider, specialistLabelFor } from '../../../../electron/providers/jira-service-management';
import {
  startJiraServiceManagementSimulator,
  type JiraServiceManagementSimulator,
} from '../../../../electron/simulators/jira-service-management';

const EMAIL = 'oncall-console@example.com';
const TOKEN = 'jira-test-token';
let sim: JiraServiceManagementSimulator | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function setup() {
  sim = await startJiraServiceManagementSimulator({ validCredentials: [{ email: EMAIL, apiToken: TOKEN }] });
  const provider = createJiraServiceManagementProvider({
    siteUrl: sim.baseUrl,
    email: EMAIL,
    apiToken: TOKEN,
    sleep: async () => undefined,
  });
  return { sim, provider };
}

const ask: NewSpecialistTicket = {
  requestId: 'req-9f8e7d6c5b4a',
  assignmentGroup: 'Network Engineering',
  title: 'Investigate network latency: Payments API to ora-ledger',
  description: 'p99 connect time went from 2 ms to 300 ms at 14:05.',
  urgent: false,
  requester: { name: 'Dana Developer', email: 'dana.developer@example.com' },
  pagingIncidentId: null,
};

describe('Jira Service Management specialist requests', () => {
  it("raises a request of the specialist request type in the team's queue, on behalf of the requester", async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask);

    expect(ticket.number).toMatch(/^ITSM-\d+$/);
    expect(ticket.assignmentGroup?.name).toBe('Network Engineering');
    expect(ticket.url).toBe(`${sim.baseUrl}/browse/${ticket.number}`);
    const issue = sim.state.getIssue(ticket.id)!;
    expect(issue.requestTypeId).toBe('12');
    expect(sim.state.getTeam(issue.teamId ?? '')?.name).toBe('Network Engineering');
    expect(issue.labels).toContain(specialistLabelFor(ask.requestId));
    expect(issue.labels).not.toContain('pagerduty');
    expect(sim.state.getUser(issue.reporterId)?.emailAddress).toBe('dana.developer@example.com');
  });

  it('a replay finds the request already raised', async () => {
    const { sim, provider } = await setup();
    const first = await provider.raiseSpecialistRequest(ask);
    const again = await provider.raiseSpecialistRequest(ask);
    expect(again.id).toBe(first.id);
    expect(sim.state.listIssues().filter((issue) => issue.labels.includes(specialistLabelFor(ask.requestId)))).toHaveLength(1);
  });

  it('claim, comment and resolve show in the request', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask);

    const claimed = await provider.assignSpecialistRequest(ticket.id, 'noah.schmidt@example.com');
    expect(claimed.state).toBe('Work in progress');
    expect(claimed.assignedTo?.name).toBe('Noah Schmidt');

    await provider.commentOnSpecialistRequest(ticket.id, 'Noah Schmidt: Can you run mtr from a payments pod?');
    await provider.commentOnSpecialistRequest(ticket.id, 'Noah Schmidt: Can you run mtr from a payments pod?');
    const issue = sim.state.getIssue(ticket.id)!;
    const comments = sim.state.commentsOf(issue).filter((comment) => comment.body.includes('run mtr'));
    expect(comments).toHaveLength(1);
    expect(comments[0]?.public).toBe(true);

    const resolved = await provider.resolveSpecialistRequest(ticket.id, 'A flapping link in DC2 was taken out of service.', 'resolved');
    expect(resolved.state).toBe('Resolved');
    expect(sim.state.getIssue(ticket.id)?.resolution).toBe('Done');
    expect(sim.state.commentsOf(issue).some((comment) => comment.body.includes('flapping link'))).toBe(true);
  });

  it('cancelling an open request moves it to Canceled', async () => {
    const { sim, provider } = await setup();
    const ticket = await provider.raiseSpecialistRequest(ask);
    const cancelled = await provider.resolveSpecialistRequest(ticket.id, 'Solved it ourselves', 'cancelled');
    expect(cancelled.state).toBe('Canceled');
    expect(sim.state.getIssue(ticket.id)?.statusName).toBe('Canceled');
  });

  it('an unknown team is refused with the teams there are', async () => {
    const { provider } = await setup();
    await expect(provider.raiseSpecialistRequest({ ...ask, assignmentGroup: 'Storage Wizards' })).rejects.toThrow(
      /no team "Storage Wizards".*Database Administration/,
    );
  });
});
