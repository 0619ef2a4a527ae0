/**
 * The change audit (shared/rules/change-audit.ts) over a hand-counted November: which
 * production deployments it lists, the change each went out under, and every exception kind;
 * and the one rule matching a deployment to its change.
 */
import { describe, expect, it } from 'vitest';
import { AuditReport } from '../../../shared/domain/audit';
import type { ChangeRequest } from '../../../shared/domain/change';
import type { DeploymentRange, ServiceDeployment, SourceFreshness } from '../../../shared/domain/delivery';
import { buildAuditReport, changeForDeployment, indexChanges, type AuditInput } from '../../../shared/rules/change-audit';
import { sampleChange } from '../../support/sample-change';

const PAYMENTS = { id: 'PSVC1', name: 'Payments API' };
const CHECKOUT = { id: 'PSVC2', name: 'Checkout Web' };
const sha = (digit: string) => digit.repeat(40);

function change(n: number, overrides: Partial<ChangeRequest>): ChangeRequest {
  const number = `CHG${String(30_000 + n).padStart(7, '0')}`;
  return sampleChange({
    id: `C${n}`,
    record: { system: 'servicenow', id: `sys${n}`, number, url: `https://acme.service-now.com/change_request.do?sys_id=sys${n}` },
    ...overrides,
  });
}

function ships(version: string, digit: string) {
  return { deployment: { version, commit: sha(digit), runUrl: null } };
}

type Shape = Pick<ServiceDeployment, 'id' | 'ref' | 'sha' | 'createdAt'> & Partial<ServiceDeployment>;
function deployment(shape: Shape): ServiceDeployment {
  return {
    key: `github:${shape.id}`,
    service: PAYMENTS.name,
    source: 'github',
    repository: 'acme/payments-api',
    environment: 'production',
    production: true,
    description: '',
    creator: 'ada',
    state: 'success',
    vendorState: 'success',
    stateAt: shape.createdAt,
    succeededAt: shape.createdAt,
    logUrl: null,
    environmentUrl: null,
    change: null,
    range: null,
    ...shape,
  };
}

const traceable: DeploymentRange = {
  from: 'v1.9.0',
  traceable: true,
  reason: null,
  relation: 'ahead',
  totalCommits: 1,
  commits: [
    {
      sha: sha('a'),
      message: 'Retry card captures',
      author: 'Ada',
      authorLogin: 'ada',
      authoredAt: '2026-10-31T20:00:00Z',
      committedAt: '2026-10-31T20:00:00Z',
      url: 'https://github.com/acme/payments-api/commit/a',
    },
  ],
  firstCommitAt: '2026-10-31T20:00:00Z',
};

const grace = (state: 'approved' | 'requested', decidedAt: string | null) => ({
  approver: { id: 'u7', name: 'Grace Hopper' },
  state,
  comment: '',
  decidedAt,
});

const C11 = change(11, { service: CHECKOUT, ...ships('v4.9.0', '8'), createdAt: '2026-11-02T09:00:00Z' });

const deployments: ServiceDeployment[] = [
  // Before the period: never a row, but it shipped C10's version.
  deployment({ id: 'D0', ref: 'v1.9.0', sha: sha('0'), createdAt: '2026-10-28T10:00:00Z' }),
  // Exactly at `from`: a clean standard change (C1), its commits read.
  deployment({ id: 'D1', ref: 'v2.0.0', sha: sha('a'), createdAt: '2026-11-01T00:00:00Z', range: traceable }),
  // Replaced since (inactive) but it succeeded; its change was set by the store (C11), not matched.
  deployment({
    id: 'D11',
    service: CHECKOUT.name,
    ref: 'v4.9.0',
    sha: sha('8'),
    createdAt: '2026-11-02T10:00:00Z',
    state: 'inactive',
    change: C11,
  }),
  // A normal change approved by Grace Hopper, deployed in its window (C2).
  deployment({ id: 'D2', ref: 'v2.1.0', sha: sha('b'), createdAt: '2026-11-05T15:00:00Z' }),
  // Deployed from a branch: matched by commit to C3 (v2.2.0); 2 h 10 min after its window ended. OUTSIDE-WINDOW.
  deployment({ id: 'D3', ref: 'main', sha: sha('c'), createdAt: '2026-11-07T18:10:00Z' }),
  // C4 (standard) matches; the later C4x was canceled and is ignored.
  deployment({ id: 'D4', ref: 'v2.3.0', sha: sha('d'), createdAt: '2026-11-09T10:00:00Z' }),
  // Failed, and no change at all. NO-APPROVED-CHANGE.
  deployment({ id: 'D5', ref: 'v2.4.0', sha: sha('e'), createdAt: '2026-11-10T10:00:00Z', state: 'failure', succeededAt: null }),
  // Errored, under a normal change still waiting for approval (C6). NO-APPROVED-CHANGE.
  deployment({ id: 'D6', ref: 'v2.5.0', sha: sha('f'), createdAt: '2026-11-12T10:00:00Z', state: 'error', succeededAt: null }),
  // Checkout Web, a standard change (C8), but its commits cannot be traced. UNTRACEABLE.
  deployment({
    id: 'D7',
    service: CHECKOUT.name,
    ref: 'v5.0.0',
    sha: sha('9'),
    createdAt: '2026-11-14T10:00:00Z',
    range: { ...traceable, from: 'v4.9.0', traceable: false, reason: 'v4.9.0 was force-pushed away', commits: [], totalCommits: 0 },
  }),
  // Staging, not production: no row (and it does not count as shipping C9's v2.6.0).
  deployment({ id: 'D8', ref: 'v2.6.0', sha: sha('1'), createdAt: '2026-11-15T10:00:00Z', environment: 'staging', production: false }),
  // Still running; never succeeded and replaced: no rows.
  deployment({ id: 'D9', ref: 'v2.7.0', sha: sha('2'), createdAt: '2026-11-16T10:00:00Z', state: 'in_progress', succeededAt: null }),
  deployment({ id: 'D10', ref: 'v2.7.0', sha: sha('2'), createdAt: '2026-11-16T11:00:00Z', state: 'queued', succeededAt: null }),
  deployment({ id: 'D12', ref: 'v2.8.0', sha: sha('3'), createdAt: '2026-11-17T10:00:00Z', state: 'inactive', succeededAt: null }),
  // Checkout Web under a rejected normal change (C15), the only one for v5.1.0. NO-APPROVED-CHANGE.
  deployment({ id: 'D15', service: CHECKOUT.name, ref: 'v5.1.0', sha: sha('7'), createdAt: '2026-11-20T10:00:00Z' }),
  // Exactly at `to`: counted (C13, standard). One millisecond later: not.
  deployment({ id: 'D13', ref: 'v2.9.0', sha: sha('4'), createdAt: '2026-11-30T00:00:00Z' }),
  deployment({ id: 'D14', ref: 'v3.0.0', sha: sha('5'), createdAt: '2026-11-30T00:00:00.001Z' }),
];

const closed = { state: 'closed' as const, vendorState: 'Closed', closeCode: 'successful' as const };
const changes: ChangeRequest[] = [
  // Closed in the period; its version shipped before the period (D0): fine.
  change(10, { ...ships('v1.9.0', '0'), ...closed, createdAt: '2026-10-28T09:00:00Z', updatedAt: '2026-11-02T09:00:00Z' }),
  change(1, { ...ships('v2.0.0', 'a'), ...closed, createdAt: '2026-10-31T23:00:00Z', updatedAt: '2026-11-01T01:00:00Z' }),
  change(2, {
    type: 'normal',
    templateId: null,
    ...ships('v2.1.0', 'b'),
    state: 'implement',
    vendorState: 'Implement',
    approvals: [grace('approved', '2026-11-05T08:30:00Z'), { ...grace('requested', null), approver: { id: 'u8', name: 'Alan Turing' } }],
    plannedStart: '2026-11-05T14:00:00Z',
    plannedEnd: '2026-11-05T16:00:00Z',
    createdAt: '2026-11-04T10:00:00Z',
  }),
  change(3, {
    type: 'normal',
    templateId: null,
    ...ships('v2.2.0', 'c'),
    approvals: [grace('approved', '2026-11-07T09:00:00Z')],
    plannedStart: '2026-11-07T14:00:00Z',
    plannedEnd: '2026-11-07T16:00:00Z',
    createdAt: '2026-11-06T10:00:00Z',
  }),
  change(4, { ...ships('v2.3.0', 'd'), createdAt: '2026-11-09T08:00:00Z' }),
  change(40, {
    type: 'normal',
    ...ships('v2.3.0', 'd'),
    state: 'canceled',
    approval: 'requested',
    createdAt: '2026-11-09T09:00:00Z',
  }),
  change(6, {
    type: 'normal',
    templateId: null,
    ...ships('v2.5.0', 'f'),
    approval: 'requested',
    approvals: [grace('requested', null)],
    createdAt: '2026-11-12T09:00:00Z',
  }),
  change(8, { service: CHECKOUT, ...ships('v5.0.0', '9'), createdAt: '2026-11-14T09:00:00Z' }),
  C11,
  change(13, { ...ships('v2.9.0', '4'), createdAt: '2026-11-29T23:30:00Z' }),
  change(15, { service: CHECKOUT, type: 'normal', ...ships('v5.1.0', '7'), approval: 'rejected', createdAt: '2026-11-20T09:00:00Z' }),
  // Closed as implemented with no production deployment of their version: CLOSED-WITHOUT-DEPLOYMENT (C9, C16).
  change(9, { ...ships('v2.6.0', '1'), ...closed, createdAt: '2026-11-15T09:00:00Z', updatedAt: '2026-11-20T12:00:00Z' }),
  change(16, {
    service: CHECKOUT,
    ...ships('v6.0.0', '6'),
    ...closed,
    closeCode: 'successful_issues',
    createdAt: '2026-11-21T09:00:00Z',
    updatedAt: '2026-11-22T08:00:00Z',
  }),
  // Not listed: closed unsuccessful; closed after the period; a service out of scope (no deployments).
  change(17, { ...ships('v3.1.0', 'x'), ...closed, closeCode: 'unsuccessful', updatedAt: '2026-11-21T10:00:00Z' }),
  change(18, { ...ships('v3.2.0', 'y'), ...closed, updatedAt: '2026-11-30T00:00:00.001Z' }),
  change(19, { service: { id: 'PSVC9', name: 'Ledger' }, ...ships('v1.0.0', 'z'), ...closed, updatedAt: '2026-11-18T10:00:00Z' }),
];

const sources: SourceFreshness[] = [{ source: 'github', label: 'GitHub', state: 'ok', readAt: '2026-12-01T08:59:00Z', error: null }];
const base: AuditInput = {
  deployments,
  changes,
  from: '2026-11-01T00:00:00Z',
  to: '2026-11-30T00:00:00Z',
  sources,
  now: '2026-12-01T09:00:00Z',
};

describe('buildAuditReport over the hand-counted November', () => {
  const report = buildAuditReport(base);
  const row = (id: string) => {
    const found = report.rows.find((entry) => entry.deploymentKey === `github:${id}`);
    if (!found) throw new Error(`no row for ${id}`);
    return found;
  };

  it('lists the production deployments that went out in the period, newest first, both ends included', () => {
    expect(report.rows.map((entry) => entry.deploymentKey.slice('github:'.length))).toEqual([
      'D13',
      'D15',
      'D7',
      'D6',
      'D5',
      'D4',
      'D3',
      'D2',
      'D11',
      'D1',
    ]);
    expect(report).toMatchObject({ from: base.from, to: base.to, service: null, generatedAt: base.now, sources });
    expect(AuditReport.parse(report)).toEqual(report);
  });

  it('shows a clean standard change: pre-approved, nobody named, no exception, with the commits it brought', () => {
    expect(row('D1')).toEqual({
      deploymentKey: 'github:D1',
      service: 'Payments API',
      environment: 'production',
      source: 'github',
      version: 'v2.0.0',
      sha: sha('a'),
      deployedAt: '2026-11-01T00:00:00Z',
      deployer: 'ada',
      state: 'success',
      change: {
        id: 'C1',
        number: 'CHG0030001',
        url: 'https://acme.service-now.com/change_request.do?sys_id=sys1',
        type: 'standard',
        vendorState: 'Closed',
        templateId: 't1',
        approvedBy: [],
        plannedStart: null,
        plannedEnd: null,
        closeCode: 'successful',
      },
      commits: traceable.commits,
      totalCommits: 1,
      exceptions: [],
    });
    expect(row('D13')).toMatchObject({ change: { number: 'CHG0030013' }, exceptions: [], commits: null, totalCommits: null });
  });

  it('names who approved a normal change and when (only those who approved)', () => {
    expect(row('D2').change).toMatchObject({
      number: 'CHG0030002',
      type: 'normal',
      approvedBy: [{ name: 'Grace Hopper', at: '2026-11-05T08:30:00Z' }],
    });
    expect(row('D2').exceptions).toEqual([]);
  });

  it('matches by commit when the version differs, and says how far outside its window it went out', () => {
    expect(row('D3').change?.number).toBe('CHG0030003');
    expect(row('D3').exceptions).toEqual([
      { kind: 'outside-window', message: "Deployed 2 h 10 min after its change's window ended (CHG0030003, window 14:00–16:00 UTC)." },
    ]);
  });

  it('ignores a canceled change, and takes a change the store set over matching', () => {
    expect(row('D4')).toMatchObject({ change: { id: 'C4' }, exceptions: [] });
    expect(row('D11')).toMatchObject({ state: 'inactive', change: { id: 'C11', number: 'CHG0030011' }, exceptions: [] });
  });

  it('flags deployments without an approved change, saying which case', () => {
    expect(row('D5').exceptions).toEqual([
      { kind: 'no-approved-change', message: 'No change request matches it (Payments API v2.4.0, commit eeeeeee).' },
    ]);
    expect(row('D5')).toMatchObject({ state: 'failure', change: null });
    expect(row('D6').exceptions).toEqual([
      { kind: 'no-approved-change', message: 'Its normal change CHG0030006 is not approved: it is still waiting for approval.' },
    ]);
    expect(row('D15').exceptions).toEqual([{ kind: 'no-approved-change', message: 'Its normal change CHG0030015 was rejected.' }]);
  });

  it('flags a deployment whose commits cannot be traced, with the reason', () => {
    expect(row('D7').exceptions).toEqual([
      { kind: 'untraceable', message: 'The commits it brought cannot be traced: v4.9.0 was force-pushed away.' },
    ]);
    expect(row('D7')).toMatchObject({ commits: [], totalCommits: 0 });
  });

  it('lists changes closed as implemented that no production deployment shipped, newest first', () => {
    expect(report.changesWithoutDeployment).toEqual([
      {
        service: 'Checkout Web',
        version: 'v6.0.0',
        closedAt: '2026-11-22T08:00:00Z',
        change: expect.objectContaining({ number: 'CHG0030016', closeCode: 'successful_issues' }),
        exceptions: [
          {
            kind: 'closed-without-deployment',
            message:
              'Closed as successful with issues on 2026-11-22 08:00 UTC, but no production deployment of Checkout Web v6.0.0 (commit 6666666) is known.',
          },
        ],
      },
      expect.objectContaining({ service: 'Payments API', version: 'v2.6.0', change: expect.objectContaining({ id: 'C9' }) }),
    ]);
    expect(report.changesWithoutDeployment[1]!.exceptions[0]!.message).toBe(
      'Closed as successful on 2026-11-20 12:00 UTC, but no production deployment of Payments API v2.6.0 (commit 1111111) is known.',
    );
  });

  it('counts the rows, those with exceptions and each kind', () => {
    expect(report.counts).toEqual({
      deployments: 10,
      // D3, D5, D6, D7, D15 and the changes C9, C16.
      withExceptions: 7,
      byKind: { 'no-approved-change': 3, 'outside-window': 1, untraceable: 1, 'closed-without-deployment': 2 },
    });
  });
});

describe('buildAuditReport options and edges', () => {
  it('reports on one service (case aside)', () => {
    const report = buildAuditReport({ ...base, service: 'payments api' });
    expect(report.service).toBe('payments api');
    expect(report.rows.map((entry) => entry.deploymentKey)).toEqual(
      ['D13', 'D6', 'D5', 'D4', 'D3', 'D2', 'D1'].map((id) => `github:${id}`),
    );
    expect(report.changesWithoutDeployment.map((entry) => entry.change.id)).toEqual(['C9']);
    expect(report.counts).toEqual({
      deployments: 7,
      withExceptions: 4,
      byKind: { 'no-approved-change': 2, 'outside-window': 1, untraceable: 0, 'closed-without-deployment': 1 },
    });
  });

  it('has every count at zero for an empty period', () => {
    const report = buildAuditReport({ ...base, from: '2026-12-02T00:00:00Z', to: '2026-12-09T00:00:00Z' });
    expect(report).toMatchObject({ rows: [], changesWithoutDeployment: [] });
    expect(report.counts).toEqual({
      deployments: 0,
      withExceptions: 0,
      byKind: { 'no-approved-change': 0, 'outside-window': 0, untraceable: 0, 'closed-without-deployment': 0 },
    });
    expect(AuditReport.parse(report)).toEqual(report);
  });

  it('takes a date as the end of the period as that whole day (UTC)', () => {
    const report = buildAuditReport({ ...base, from: '2026-11-30', to: '2026-11-30' });
    expect(report.rows.map((entry) => entry.deploymentKey)).toEqual(['github:D14', 'github:D13']);
  });

  it('checks the services named in scope for closed changes, when given', () => {
    const report = buildAuditReport({ ...base, services: ['Payments API', 'ledger'] });
    expect(report.changesWithoutDeployment.map((entry) => entry.change.id)).toEqual(['C9', 'C19']);
  });

  it('says how early a deployment went out, with dates when its window is on another day', () => {
    const early = change(21, {
      type: 'normal',
      ...ships('v9.0.0', '9'),
      plannedStart: '2026-11-10T14:00:00Z',
      plannedEnd: '2026-11-10T16:00:00Z',
      createdAt: '2026-11-01T00:00:00Z',
    });
    const exceptionsAt = (createdAt: string, changeRequest: ChangeRequest) =>
      buildAuditReport({
        ...base,
        deployments: [deployment({ id: 'E', ref: 'v9.0.0', sha: sha('9'), createdAt })],
        changes: [changeRequest],
      }).rows[0]!.exceptions;
    expect(exceptionsAt('2026-11-10T13:15:00Z', early)).toEqual([
      { kind: 'outside-window', message: "Deployed 45 min before its change's window started (CHG0030021, window 14:00–16:00 UTC)." },
    ]);
    expect(exceptionsAt('2026-11-12T16:00:00Z', early)[0]!.message).toBe(
      "Deployed 2 days after its change's window ended (CHG0030021, window 2026-11-10 14:00–16:00 UTC).",
    );
    // Its ends are inside.
    expect(exceptionsAt('2026-11-10T14:00:00Z', early)).toEqual([]);
    expect(exceptionsAt('2026-11-10T16:00:00Z', early)).toEqual([]);
    const overnight = { ...early, plannedStart: '2026-11-10T22:00:00Z', plannedEnd: '2026-11-11T02:00:00Z' };
    expect(exceptionsAt('2026-11-11T02:30:00Z', overnight)[0]!.message).toBe(
      "Deployed 30 min after its change's window ended (CHG0030021, window 2026-11-10 22:00 – 2026-11-11 02:00 UTC).",
    );
    const untilOnly = { ...early, plannedStart: null };
    expect(exceptionsAt('2026-11-10T17:00:00Z', untilOnly)[0]!.message).toBe(
      "Deployed 1 h after its change's window ended (CHG0030021, window until 16:00 UTC).",
    );
  });

  it('refuses a period it cannot read, saying what to write', () => {
    expect(() => buildAuditReport({ ...base, from: 'last week' })).toThrow(/The period start \(from\) is not a date: "last week"/);
    expect(() => buildAuditReport({ ...base, from: base.to, to: base.from })).toThrow(/must start before it ends/);
  });
});

describe('changeForDeployment', () => {
  const at = (createdAt: string) => ({ service: 'Payments API', ref: 'v1.0.0', sha: sha('a'), createdAt });
  const deployedAt = '2026-11-10T10:00:00Z';

  it('takes the latest change of the same service (case aside) by version or by commit, created by an hour after the deployment', () => {
    const older = change(1, { ...ships('v1.0.0', 'b'), createdAt: '2026-11-10T08:00:00Z' });
    const byCommit = change(2, { ...ships('v0.9.9', 'a'), createdAt: '2026-11-10T09:00:00Z' });
    const justAfter = change(3, { ...ships('v1.0.0', 'c'), createdAt: '2026-11-10T10:59:59Z' });
    const tooLate = change(4, { ...ships('v1.0.0', 'a'), createdAt: '2026-11-10T11:00:00Z' });
    const otherService = change(5, { service: CHECKOUT, ...ships('v1.0.0', 'a'), createdAt: '2026-11-10T09:30:00Z' });
    expect(changeForDeployment(at(deployedAt), [older, byCommit])?.id).toBe('C2');
    expect(changeForDeployment(at(deployedAt), [older, byCommit, justAfter, tooLate, otherService])?.id).toBe('C3');
    expect(changeForDeployment({ ...at(deployedAt), service: ' payments api ' }, [older])?.id).toBe('C1');
    expect(changeForDeployment(at(deployedAt), [tooLate, otherService])).toBeNull();
    expect(changeForDeployment(at(deployedAt), [])).toBeNull();
  });

  it('never matches a canceled change, and a rejected one only when nothing else does', () => {
    const approved = change(1, { ...ships('v1.0.0', 'a'), createdAt: '2026-11-10T08:00:00Z' });
    const rejected = change(2, { type: 'normal', ...ships('v1.0.0', 'a'), approval: 'rejected', createdAt: '2026-11-10T09:00:00Z' });
    const canceled = change(3, { ...ships('v1.0.0', 'a'), state: 'canceled', createdAt: '2026-11-10T09:30:00Z' });
    expect(changeForDeployment(at(deployedAt), [approved, rejected, canceled])?.id).toBe('C1');
    expect(changeForDeployment(at(deployedAt), [rejected, canceled])?.id).toBe('C2');
    expect(changeForDeployment(at(deployedAt), [canceled])).toBeNull();
  });

  it('indexChanges answers as the rule read naively does, over many deployments and changes', () => {
    // A small deterministic generator (a linear congruential one), so a failure replays.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const services = ['Payments API', 'Checkout Web', 'payments api'];
    const start = Date.parse('2026-11-01T00:00:00Z');
    const time = () => new Date(start + next(72) * 1_800_000).toISOString();
    const many: ChangeRequest[] = Array.from({ length: 150 }, (_, n) =>
      change(n, {
        service: { id: 'S', name: services[next(3)]! },
        deployment: { version: `v${next(100)}`, commit: `c${next(100)}`, runUrl: null },
        state: (['scheduled', 'closed', 'canceled'] as const)[next(3)]!,
        approval: (['approved', 'requested', 'rejected'] as const)[next(3)]!,
        createdAt: time(),
      }),
    );
    const naive = (deployment: { service: string; ref: string; sha: string; createdAt: string }) => {
      const limit = Date.parse(deployment.createdAt) + 3_600_000;
      const fits = many.filter(
        (candidate) =>
          candidate.state !== 'canceled' &&
          candidate.service.name.toLowerCase() === deployment.service.toLowerCase() &&
          (candidate.deployment.version === deployment.ref || candidate.deployment.commit === deployment.sha) &&
          Date.parse(candidate.createdAt) < limit,
      );
      const rank = (candidate: ChangeRequest) => [candidate.approval === 'rejected' ? 0 : 1, Date.parse(candidate.createdAt)] as const;
      const best = fits.sort((a, b) => {
        const [ra, rb] = [rank(a), rank(b)];
        return ra[0] - rb[0] || ra[1] - rb[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      });
      return best.at(-1) ?? null;
    };
    const match = indexChanges(many);
    const found = { none: 0, rejected: 0, other: 0 };
    for (let n = 0; n < 400; n += 1) {
      const query = { service: services[next(3)]!, ref: `v${next(100)}`, sha: `c${next(100)}`, createdAt: time() };
      const answer = match(query);
      expect(answer?.id ?? null, JSON.stringify(query)).toBe(naive(query)?.id ?? null);
      found[answer === null ? 'none' : answer.approval === 'rejected' ? 'rejected' : 'other'] += 1;
    }
    // Every case came up, often.
    expect(Math.min(found.none, found.rejected, found.other)).toBeGreaterThan(10);
  });
});
