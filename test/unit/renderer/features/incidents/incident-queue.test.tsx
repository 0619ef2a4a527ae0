/**
 * The incident queue as a user sees it: the open incidents as rows of a grid, sorting by a
 * column, the cursor and the multi-selection, the "new since you last looked" mark, action
 * progress in a row, and what the queue says when it lists nothing (all quiet, nothing
 * matching, or the console unable to see the paging platform).
 */
import { describe, expect, test } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { IncidentQueue } from '../../../../../renderer/src/features/incidents/incident-queue';
import { useQueue } from '../../../../../renderer/src/features/incidents/use-queue';
import { queuePrefsStore } from '../../../../../renderer/src/features/queue/use-queue-prefs';
import { useSnapshot } from '../../../../../renderer/src/state/use-snapshot';
import type { Incident } from '../../../../../shared/domain/incident';
import { renderInConsole } from '../../render-console';
import { action, connection, incident, snapshot } from '../../fixtures';
import { giveTheQueueAWindow, rowFor } from '../../queue-layout';

/** The queue as the app mounts it: fed by useQueue from the snapshot and the window's stores. */
function Queue() {
  const queue = useQueue();
  const { isPending } = useSnapshot();
  return <IncidentQueue queue={queue} loading={isPending} />;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const ada = { id: 'U1', name: 'Ada Lovelace' };
const grace = { id: 'U2', name: 'Grace Hopper' };

function queueIncidents(): Incident[] {
  return [
    incident('Q1CHK', {
      number: 4211,
      title: 'Checkout API 5xx rate above 5%',
      priority: { id: 'PR1', name: 'P1' },
      assignees: [ada],
      createdAt: minutesAgo(3),
      updatedAt: minutesAgo(3),
    }),
    incident('Q2WHK', {
      number: 4210,
      title: 'Payment webhook latency p99 above 2s',
      status: 'acknowledged',
      service: { id: 'S2', name: 'Payment Webhooks' },
      assignees: [grace],
      acknowledgedBy: [grace],
      createdAt: minutesAgo(25),
      updatedAt: minutesAgo(10),
    }),
    incident('Q3DSK', {
      number: 4209,
      title: 'Disk 91% full on ledger-db-replica-3',
      urgency: 'low',
      service: { id: 'S3', name: 'Ledger DB' },
      assignees: [],
      createdAt: minutesAgo(70),
      updatedAt: minutesAgo(70),
    }),
  ];
}

/** The queue's body rows (not the header row), in display order. */
function bodyRows(): HTMLElement[] {
  return screen.getAllByRole('row').filter((row) => row.hasAttribute('data-incident-id'));
}

function titles(): string[] {
  return bodyRows().map((row) => row.querySelector('[data-col="title"]')!.textContent ?? '');
}

function checked(element: HTMLElement): boolean {
  return (element as HTMLInputElement).checked;
}

giveTheQueueAWindow();

describe('the incident queue', () => {
  test('lists the open incidents newest first, each row saying its status, urgency, priority and who has it', () => {
    const resolved = incident('Q0OLD', { number: 4100, title: 'Card vault certificate expiring', status: 'resolved' });
    renderInConsole(<Queue />, { snapshot: snapshot({ incidents: [...queueIncidents(), resolved] }) });

    const grid = screen.getByRole('grid', { name: 'Open incidents' });
    expect(grid.getAttribute('aria-rowcount')).toBe('4');
    expect(titles()).toEqual([
      'Checkout API 5xx rate above 5%',
      'Payment webhook latency p99 above 2s',
      'Disk 91% full on ledger-db-replica-3',
    ]);
    expect(screen.queryByText('Card vault certificate expiring')).toBeNull();

    const checkout = within(rowFor(4211));
    checkout.getByText('Triggered');
    checkout.getByText('High');
    checkout.getByText('P1');
    checkout.getByText('Ada Lovelace');
    within(rowFor(4210)).getByText('Acknowledged');
    const disk = within(rowFor(4209));
    disk.getByText('Low');
    disk.getByText('Unassigned');
    disk.getByText('No priority');
  });

  test('a click on a column header sorts by it, says so in aria-sort, and a second click reverses it', async () => {
    const { user } = renderInConsole(<Queue />, { snapshot: snapshot({ incidents: queueIncidents() }) });
    const titleHeader = screen.getByRole('columnheader', { name: 'Title' });
    expect(titleHeader.getAttribute('aria-sort')).toBe('none');

    await user.click(within(titleHeader).getByRole('button', { name: 'Title' }));
    expect(titleHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(titles()).toEqual([
      'Checkout API 5xx rate above 5%',
      'Disk 91% full on ledger-db-replica-3',
      'Payment webhook latency p99 above 2s',
    ]);

    await user.click(within(titleHeader).getByRole('button', { name: 'Title' }));
    expect(titleHeader.getAttribute('aria-sort')).toBe('descending');
    expect(titles()).toEqual([
      'Payment webhook latency p99 above 2s',
      'Disk 91% full on ledger-db-replica-3',
      'Checkout API 5xx rate above 5%',
    ]);
  });

  test('the header row is one tab stop: arrow keys move along it and Enter sorts', async () => {
    const { user } = renderInConsole(<Queue />, { snapshot: snapshot({ incidents: queueIncidents() }) });

    await user.tab(); // the grid itself
    expect(document.activeElement).toBe(screen.getByRole('grid'));
    await user.tab(); // the first column's sort button
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Status' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Status column options' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Urgency' }));
    await user.keyboard('{Enter}');
    const urgency = screen.getByRole('columnheader', { name: 'Urgency' });
    expect(urgency.getAttribute('aria-sort')).toBe('ascending');
    await user.keyboard('{Enter}');
    expect(urgency.getAttribute('aria-sort')).toBe('descending');
    expect(titles()[0]).toBe('Disk 91% full on ledger-db-replica-3');
  });

  test('a click puts the cursor on a row; Ctrl+click builds a selection, which is then what actions target', async () => {
    const { user } = renderInConsole(<Queue />, { snapshot: snapshot({ incidents: queueIncidents() }) });
    const grid = screen.getByRole('grid');
    expect(bodyRows().filter((row) => row.getAttribute('aria-selected') === 'true')).toHaveLength(0);

    await user.click(within(rowFor(4209)).getByText('Disk 91% full on ledger-db-replica-3'));
    expect(rowFor(4209).getAttribute('aria-selected')).toBe('true');
    expect(grid.getAttribute('aria-activedescendant')).toBe(rowFor(4209).id);
    expect(rowFor(4211).getAttribute('aria-selected')).toBe('false');

    await user.keyboard('[ControlLeft>]');
    await user.click(within(rowFor(4211)).getByText('Checkout API 5xx rate above 5%'));
    await user.click(within(rowFor(4210)).getByText('Payment webhook latency p99 above 2s'));
    await user.keyboard('[/ControlLeft]');

    expect(checked(within(rowFor(4211)).getByRole('checkbox'))).toBe(true);
    expect(checked(within(rowFor(4210)).getByRole('checkbox'))).toBe(true);
    expect(checked(within(rowFor(4209)).getByRole('checkbox'))).toBe(false);
    // With a selection, the selected rows are the targets, not the cursor row (which keeps the cursor).
    expect(bodyRows().map((row) => row.getAttribute('aria-selected'))).toEqual(['true', 'true', 'false']);
    expect(grid.getAttribute('aria-activedescendant')).toBe(rowFor(4209).id);
  });

  test('the header checkbox selects every shown incident and reads as mixed when only some are', async () => {
    const { user } = renderInConsole(<Queue />, { snapshot: snapshot({ incidents: queueIncidents() }) });
    const all = screen.getByRole('checkbox', { name: 'Select all shown incidents' });

    await user.click(screen.getByRole('checkbox', { name: 'Select incident 4210' }));
    expect(checked(all)).toBe(false);
    expect((all as HTMLInputElement).indeterminate).toBe(true);

    await user.click(all);
    expect(bodyRows().map((row) => checked(within(row).getByRole('checkbox')))).toEqual([true, true, true]);
    expect(checked(all)).toBe(true);
    expect((all as HTMLInputElement).indeterminate).toBe(false);

    await user.click(all);
    expect(bodyRows().map((row) => checked(within(row).getByRole('checkbox')))).toEqual([false, false, false]);
  });

  test('an incident that arrives after the queue loaded is marked new until the user puts the cursor on it', async () => {
    const { user, push } = renderInConsole(<Queue />, { snapshot: snapshot({ incidents: queueIncidents() }) });
    expect(screen.queryAllByRole('img', { name: 'New since you last looked' })).toHaveLength(0);

    const arrived = incident('Q4NEW', {
      number: 4212,
      title: 'Refund worker queue depth above 10k',
      createdAt: minutesAgo(0),
      updatedAt: minutesAgo(0),
    });
    await push({ name: 'incidentsChanged', payload: { seq: 1, upserted: [arrived], removedIds: [] } });

    expect(titles()[0]).toBe('Refund worker queue depth above 10k');
    const marks = screen.getAllByRole('img', { name: 'New since you last looked' });
    expect(marks).toHaveLength(1);
    expect(rowFor(4212).contains(marks[0]!)).toBe(true);

    await user.click(within(rowFor(4212)).getByText('Refund worker queue depth above 10k'));
    expect(screen.queryAllByRole('img', { name: 'New since you last looked' })).toHaveLength(0);
  });

  test('a row shows the action on its way instead of the status, and flags one that failed', () => {
    const incidents = queueIncidents();
    renderInConsole(<Queue />, {
      snapshot: snapshot({
        incidents,
        actions: [
          action('A1', { kind: 'acknowledge', incidentIds: ['Q1CHK'] }),
          action(
            'A2',
            { kind: 'reassign', incidentIds: ['Q3DSK'], to: { type: 'users', userIds: ['U2'] } },
            { state: 'failed', lastError: 'PagerDuty refused: the user has no access to Ledger DB' },
          ),
        ],
      }),
    });

    const checkout = within(rowFor(4211));
    checkout.getByText('Acknowledging…');
    expect(checkout.queryByText('Triggered')).toBeNull();
    within(rowFor(4209)).getByRole('img', { name: 'Last action failed' });
    expect(within(rowFor(4210)).queryByRole('img', { name: 'Last action failed' })).toBeNull();
  });

  test('with nothing open and the platform in sight, the queue says all is quiet', () => {
    renderInConsole(<Queue />, {
      snapshot: snapshot({
        incidents: [],
        connections: [connection({ paging: true, lastSuccessAt: minutesAgo(0) })],
        lastSyncAt: minutesAgo(0),
      }),
    });
    screen.getByText('No open incidents. All quiet.');
    expect((screen.getByRole('checkbox', { name: 'Select all shown incidents' }) as HTMLInputElement).disabled).toBe(true);
  });

  test('when the console cannot reach the paging platform, an empty queue says why and never "All quiet"', () => {
    renderInConsole(<Queue />, {
      snapshot: snapshot({
        incidents: [],
        connections: [
          connection({
            paging: true,
            state: 'offline',
            lastSuccessAt: null,
            failingSince: minutesAgo(4),
            nextRetryAt: new Date(Date.now() + 20_000).toISOString(),
            message: 'Cannot reach PagerDuty at https://api.pagerduty.com: the connection was refused',
          }),
        ],
        lastSyncAt: null,
      }),
    });
    const blind = screen.getByTestId('queue-blind');
    expect(blind.textContent).toMatch(/The console cannot see PagerDuty yet \(since .+\): it has not loaded any incident\./);
    expect(blind.textContent).toContain('Cannot reach PagerDuty at https://api.pagerduty.com: the connection was refused.');
    expect(screen.queryByText(/All quiet/)).toBeNull();
  });

  test('when the search hides every incident, the queue says so and clears it on request', async () => {
    const { user } = renderInConsole(<Queue />, { snapshot: snapshot({ incidents: queueIncidents() }) });
    act(() => queuePrefsStore.getState().setFilter({ search: 'kafka' }));

    await screen.findByText(/No incidents match these filters\./);
    expect(bodyRows()).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Clear filters and search' }));
    expect(bodyRows()).toHaveLength(3);
  });
});
