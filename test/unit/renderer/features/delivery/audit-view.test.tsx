/**
 * The change audit as a change manager uses it: the last 30 days by default (whole UTC days),
 * the quick periods and a service asked of the engine, the counts by exception kind, the
 * deployments with their change (a link to the change system's record), approvers, window,
 * commits to expand and exceptions in words, the changes closed without a deployment, "only
 * exceptions", the sources' freshness, Export CSV and JSON (the shared export's text, under
 * its file name) and Print; a period that ends before it starts, and the engine's refusal.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { AuditView } from '../../../../../renderer/src/features/delivery/audit-view';
import { ConsoleClientError } from '../../../../../renderer/src/client/console-client-error';
import type { RequestInput } from '../../../../../shared/contract';
import { auditCsv, auditFileName, auditJson } from '../../../../../shared/rules/audit-export';
import { renderInConsole } from '../../render-console';
import { auditReport, deliveryServiceList } from './audit-fixtures';

const DAY_MS = 24 * 3_600_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const todayStart = () => Date.parse(`${utcDay(Date.now())}T00:00:00.000Z`);

function renderAudit(answer: (input: RequestInput<'getAuditReport'>) => ReturnType<typeof auditReport> = () => auditReport()) {
  const asked: RequestInput<'getAuditReport'>[] = [];
  const rendered = renderInConsole(<AuditView />, {
    handlers: {
      listDeliveryServices: () => deliveryServiceList(),
      getAuditReport: (input) => {
        asked.push(input);
        return answer(input);
      },
    },
  });
  return { ...rendered, asked };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the change audit', () => {
  test('asks for the last 30 days (UTC days, today included) and shows the counts, deployments and closed changes', async () => {
    const { asked } = renderAudit();

    const deployments = await screen.findByRole('table', { name: 'Production deployments' });
    expect(asked[0]).toEqual({
      from: `${utcDay(todayStart() - 29 * DAY_MS)}T00:00:00.000Z`,
      to: `${utcDay(Date.now())}T23:59:59.999Z`,
    });
    expect(screen.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText('From (UTC)') as HTMLInputElement).value).toBe(utcDay(todayStart() - 29 * DAY_MS));

    const counts = within(screen.getByLabelText('Counts'));
    expect(counts.getByText('Production deployments').nextElementSibling?.textContent).toBe('3');
    expect(counts.getByText('With exceptions').nextElementSibling?.textContent).toBe('3');
    expect(counts.getByText('No approved change').nextElementSibling?.textContent).toBe('1');
    expect(counts.getByText('Commits untraceable').nextElementSibling?.textContent).toBe('0');
    expect(counts.getByText('Closed without deployment').nextElementSibling?.textContent).toBe('1');

    // Headers, then one row per deployment, newest first.
    const headers = within(deployments)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    expect(headers).toEqual([
      'Deployed at',
      'Service',
      'Environment',
      'Version',
      'Deployer',
      'Change',
      'Type',
      'Approved by',
      'Window',
      'Commits',
      'Exceptions',
    ]);
    const rows = within(deployments).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-deployment-key'))).toEqual(['github:301', 'github:300', 'jenkins:search-api#812']);

    const [unapproved, approved, late] = rows as [HTMLElement, HTMLElement, HTMLElement];
    within(unapproved).getByText('No approved change');
    within(unapproved).getByText('Deployed to production without a change request');
    within(unapproved).getByText('None');
    const link = within(approved).getByRole('link', { name: 'CHG0030042' });
    expect(link.getAttribute('href')).toBe('https://acme.service-now.com/change_request.do?sys_id=sys-42');
    within(approved).getByText(/^Grace Hopper, /);
    within(approved).getByText('normal');
    // A change link that is not http(s) is shown as text, never as a link.
    expect(within(late).queryByRole('link')).toBeNull();
    within(late).getByText('CHG0030043');
    within(late).getByText("Deployed 11 h 10 min after its change's window ended");
    within(late).getByText('not read yet');

    const closed = within(screen.getByRole('table', { name: 'Changes closed without a deployment' }));
    closed.getByRole('link', { name: 'CHG0030050' });
    closed.getByText('Pre-approved (standard)');
    closed.getByText('Closed as implemented; no production deployment of v9.0.0');

    // Freshness, as the report says it.
    screen.getByText(/^Figures as of /);
    screen.getByText('GitHub read 2 min ago');
    screen.getByText(/^Jenkins could not be read for 12 min: HTTP 503 from Jenkins: Service Unavailable; figures as of /);
  });

  test("a deployment's commits open and close", async () => {
    const { user } = renderAudit();
    const toggle = await screen.findByRole('button', { name: 'Show the 2 commits of Payments API v2.14.1' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('list', { name: 'Commits of Payments API v2.14.1' })).toBeNull();

    await user.click(toggle);

    const commits = within(screen.getByRole('list', { name: 'Commits of Payments API v2.14.1' }));
    commits.getByText('Retry card captures once on a timeout');
    commits.getByText('(Marcus Chen)');
    await user.click(screen.getByRole('button', { name: 'Hide the 2 commits of Payments API v2.14.1' }));
    expect(screen.queryByRole('list', { name: 'Commits of Payments API v2.14.1' })).toBeNull();
  });

  test('quick periods and the service are asked of the engine; services without a repository are not offered', async () => {
    const { user, asked } = renderAudit((input) => auditReport({ service: input.service ?? null }));
    await screen.findByRole('table', { name: 'Production deployments' });

    await user.click(screen.getByRole('button', { name: 'Last 7 days' }));
    await waitFor(() => expect(asked.at(-1)?.from).toBe(`${utcDay(todayStart() - 6 * DAY_MS)}T00:00:00.000Z`));

    await user.click(screen.getByRole('button', { name: 'Last calendar month' }));
    const now = new Date();
    const firstOfMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const lastMonth = new Date(firstOfMonth - DAY_MS);
    await waitFor(() =>
      expect(asked.at(-1)).toEqual({
        from: `${utcDay(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth(), 1))}T00:00:00.000Z`,
        to: `${utcDay(firstOfMonth - DAY_MS)}T23:59:59.999Z`,
      }),
    );

    const service = screen.getByRole('combobox', { name: 'Service' });
    expect(
      within(service)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['All services', 'Payments API', 'Checkout Web']);
    await user.selectOptions(service, 'Payments API');
    await waitFor(() => expect(asked.at(-1)?.service).toBe('Payments API'));
    await screen.findByText(/· Payments API$/);
  });

  test('only exceptions keeps the rows with an exception', async () => {
    const { user } = renderAudit();
    const deployments = await screen.findByRole('table', { name: 'Production deployments' });
    expect(within(deployments).getAllByRole('row')).toHaveLength(4);

    await user.click(screen.getByRole('switch', { name: 'Only exceptions' }));

    const rows = within(screen.getByRole('table', { name: 'Production deployments' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((row) => row.getAttribute('data-deployment-key'))).toEqual(['github:301', 'jenkins:search-api#812']);
    screen.getByRole('heading', { name: 'Production deployments (2 of 3)' });
    screen.getByText(/ · only exceptions$/);
  });

  test('Export CSV and Export JSON download the shared export under its file name; Print prints', async () => {
    const blobs: Blob[] = [];
    const clicked: { download: string; href: string }[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return `blob:audit/${blobs.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.getAttribute('href') ?? '' });
    });
    // happy-dom has no print dialog: the page's window.print is the one asked.
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const { user } = renderAudit();
    await screen.findByRole('table', { name: 'Production deployments' });
    const report = auditReport();

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));

    expect(clicked).toEqual([
      { download: auditFileName(report, 'csv'), href: 'blob:audit/1' },
      { download: auditFileName(report, 'json'), href: 'blob:audit/2' },
    ]);
    expect(clicked[0]?.download).toBe('change-audit-2026-10-05-to-2026-11-03.csv');
    expect(await blobs[0]?.text()).toBe(auditCsv(report));
    expect(blobs[0]?.type).toMatch(/^text\/csv/);
    expect(JSON.parse((await blobs[1]?.text()) ?? '')).toEqual(JSON.parse(auditJson(report)));
    // The link is gone once the download started.
    expect(document.querySelector('a[download]')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
  });

  test('a period that ends before it starts is said in words and not asked', async () => {
    const { user, asked } = renderAudit();
    await screen.findByRole('table', { name: 'Production deployments' });
    const before = asked.length;
    const from = screen.getByLabelText('From (UTC)');
    await user.clear(from);
    await user.type(from, '2099-01-01');

    await screen.findByText('The period must start before it ends: pick a first day on or before the last');
    expect(asked.length).toBe(before);
  });

  test("the engine's refusal is shown, with Try again", async () => {
    let fail = true;
    const { user } = renderAudit(() => {
      if (fail)
        throw new ConsoleClientError(
          'not_found',
          'This workspace has no change system to audit against: its `ticketing:` section (ServiceNow or Jira Service Management) is where changes live',
        );
      return auditReport();
    });
    await screen.findByText(/This workspace has no change system to audit against/);
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('table', { name: 'Production deployments' });
  });
});
