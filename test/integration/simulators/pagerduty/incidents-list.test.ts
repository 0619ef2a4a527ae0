// GET /incidents: classic pagination with its 10,000 cap, filters, date ranges, sorting and include[] expansion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../../../electron/simulators/pagerduty';
import { pd, type IncidentPage, type WireIncident } from './pd-http';

let sim: PagerDutySimulator;
beforeAll(async () => {
  sim = await startPagerDutySimulator({ seedIncidents: 60, seed: 42 });
});
afterAll(async () => {
  await sim.close();
});

async function page(query: string): Promise<IncidentPage> {
  const response = await pd<IncidentPage>(sim, `/incidents?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe('pagination', () => {
  it('defaults to 25 per page with total null unless total=true', async () => {
    const first = await page('');
    expect(first.incidents).toHaveLength(25);
    expect(first).toMatchObject({ limit: 25, offset: 0, more: true, total: null });
    expect((await page('total=true')).total).toBe(60);
  });

  it('clamps limit to 100 and walks offsets without gaps or repeats', async () => {
    const clamped = await page('limit=500');
    expect(clamped.limit).toBe(100);
    expect(clamped.incidents).toHaveLength(60);
    expect(clamped.more).toBe(false);
    const seen: string[] = [];
    for (let offset = 0; offset < 100; offset += 7) {
      const chunk = await page(`limit=7&offset=${offset}`);
      seen.push(...chunk.incidents.map((incident) => incident.id));
      if (!chunk.more) break;
    }
    expect(seen).toEqual(clamped.incidents.map((incident) => incident.id));
  });

  it('refuses offset + limit above 10,000 with 400', async () => {
    const over = await pd<{ error: { code: number; message: string; errors: string[] } }>(sim, '/incidents?offset=9901&limit=100');
    expect(over.status).toBe(400);
    expect(over.body.error.code).toBe(2001);
    expect(over.body.error.errors.join(' ')).toContain('10000');
    expect((await pd(sim, '/incidents?offset=9900&limit=100')).status).toBe(200);
    expect((await pd(sim, '/incidents?offset=9950&limit=1000')).status).toBe(400);
    expect((await pd(sim, '/incidents?limit=abc')).status).toBe(400);
  });
});

describe('filters', () => {
  it('filters by status, urgency, service, team and assignee', async () => {
    const all = (await page('limit=100')).incidents;
    const triggered = (await page('statuses[]=triggered&limit=100')).incidents;
    const acknowledged = (await page('statuses[]=acknowledged&limit=100')).incidents;
    expect(triggered.length).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(triggered.every((incident) => incident.status === 'triggered')).toBe(true);
    expect(triggered.length + acknowledged.length).toBe(all.length);
    expect((await page('statuses[]=triggered&statuses[]=acknowledged&limit=100')).incidents).toHaveLength(all.length);

    const high = (await page('urgencies[]=high&limit=100')).incidents;
    expect(high.every((incident) => incident.urgency === 'high')).toBe(true);
    expect(high.length).toBe(all.filter((incident) => incident.urgency === 'high').length);

    const serviceId = all[0]!.service.id;
    const byService = (await page(`service_ids[]=${serviceId}&limit=100`)).incidents;
    expect(byService.length).toBe(all.filter((incident) => incident.service.id === serviceId).length);
    expect(byService.every((incident) => incident.service.id === serviceId)).toBe(true);

    const teamId = all[0]!.teams[0]!.id;
    const byTeam = (await page(`team_ids[]=${teamId}&limit=100`)).incidents;
    expect(byTeam.length).toBe(all.filter((incident) => incident.teams.some((team) => team.id === teamId)).length);

    const userId = all[0]!.assignments[0]!.assignee.id;
    const byUser = (await page(`user_ids[]=${userId}&limit=100`)).incidents;
    expect(byUser.length).toBe(all.filter((incident) => incident.assignments.some((a) => a.assignee.id === userId)).length);

    const key = all[3]!.incident_key!;
    expect((await page(`incident_key=${key}`)).incidents.map((incident) => incident.id)).toEqual([all[3]!.id]);
    expect((await pd(sim, '/incidents?statuses[]=sleeping')).status).toBe(400);
  });

  it('applies since/until to created_at and date_range=all ignores them', async () => {
    const all = (await page('limit=100&sort_by=created_at:asc')).incidents;
    const middle = all[30]!.created_at;
    const after = (await page(`since=${encodeURIComponent(middle)}&limit=100`)).incidents;
    expect(after.length).toBe(all.filter((incident) => incident.created_at >= middle).length);
    const before = (await page(`until=${encodeURIComponent(middle)}&limit=100`)).incidents;
    expect(after.length + before.length).toBe(all.length);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await page(`since=${future}&limit=100`)).incidents).toHaveLength(0);
    expect((await page(`since=${future}&date_range=all&limit=100`)).incidents).toHaveLength(60);
    expect((await pd(sim, '/incidents?since=yesterday-ish')).status).toBe(400);
  });
});

describe('sorting and include[]', () => {
  it('sorts by created_at and incident_number in both directions', async () => {
    const asc = (await page('limit=100&sort_by=created_at:asc')).incidents;
    const desc = (await page('limit=100&sort_by=created_at:desc')).incidents;
    expect(desc.map((incident) => incident.id)).toEqual([...asc].reverse().map((incident) => incident.id));
    const byNumber = (await page('limit=100&sort_by=incident_number:desc')).incidents.map((incident) => incident.incident_number);
    expect(byNumber).toEqual([...byNumber].sort((a, b) => b - a));
    const byUrgency = (await page('limit=100&sort_by=urgency:desc')).incidents;
    const firstLow = byUrgency.findIndex((incident) => incident.urgency === 'low');
    expect(byUrgency.slice(firstLow).every((incident) => incident.urgency === 'low')).toBe(true);
    expect((await pd(sim, '/incidents?sort_by=title:asc')).status).toBe(400);
  });

  it('expands references in place when included', async () => {
    const plain = (await page('limit=1')).incidents[0]!;
    expect(plain.service).toMatchObject({ type: 'service_reference' });
    expect(plain.assignments[0]!.assignee.type).toBe('user_reference');
    const expanded = (await page('limit=1&include[]=services&include[]=assignees&include[]=teams&include[]=first_trigger_log_entries'))
      .incidents[0]!;
    expect(expanded.id).toBe(plain.id);
    expect(expanded.service).toMatchObject({ id: plain.service.id, type: 'service', name: plain.service.summary });
    expect(expanded.assignments[0]!.assignee).toMatchObject({ type: 'user', email: expect.stringMatching(/@example\.com$/) });
    expect(expanded.teams[0]!.type).toBe('team');
    expect(expanded.first_trigger_log_entry?.type).toBe('trigger_log_entry');
  });

  it('shows one incident by id or number, and 404 for an unknown one', async () => {
    const first = (await page('limit=1')).incidents[0]!;
    const byId = await pd<{ incident: WireIncident }>(sim, `/incidents/${first.id}`);
    expect(byId.body.incident.id).toBe(first.id);
    const byNumber = await pd<{ incident: WireIncident }>(sim, `/incidents/${first.incident_number}`);
    expect(byNumber.body.incident.id).toBe(first.id);
    expect((await pd(sim, '/incidents/QNOPE0000000000')).status).toBe(404);
  });
});
