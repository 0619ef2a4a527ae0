/**
 * The queue during the engine's first load: the first page's rows show at once, the later
 * pages (older incidents, the queue being newest first) arrive below them without moving
 * the row under the cursor or taking the keyboard focus, and nothing is marked "new since
 * you last looked" just for arriving late, nor does the queue ever say all is quiet.
 */
import { describe, expect, test } from 'vitest';
import { screen, within } from '@testing-library/react';
import { IncidentQueue } from '../../../../../renderer/src/features/incidents/incident-queue';
import { useQueue } from '../../../../../renderer/src/features/incidents/use-queue';
import { useSnapshot } from '../../../../../renderer/src/state/use-snapshot';
import type { Incident } from '../../../../../shared/domain/incident';
import { renderInConsole } from '../../render-console';
import { connection, incident, snapshot } from '../../fixtures';
import { giveTheQueueAWindow, rowFor } from '../../queue-layout';

function Queue() {
  const queue = useQueue();
  const { isPending } = useSnapshot();
  return <IncidentQueue queue={queue} loading={isPending} />;
}

const NOW = Date.now();
/** Incidents numbered from..to, the higher the number the newer (as a newest-first load hands them over, page by page). */
function page(from: number, to: number): Incident[] {
  const incidents: Incident[] = [];
  for (let number = to; number >= from; number--) {
    incidents.push(
      incident(`Q${number}`, {
        number,
        title: `Incident number ${number}`,
        createdAt: new Date(NOW - (1_000 - number) * 60_000).toISOString(),
      }),
    );
  }
  return incidents;
}

const loadingConnection = (loaded: number) =>
  connection({ paging: true, state: 'connecting', lastSuccessAt: null, loading: { loaded, total: 300 } });

function bodyRows(): HTMLElement[] {
  return screen.getAllByRole('row').filter((row) => row.hasAttribute('data-incident-id'));
}

giveTheQueueAWindow();

describe('the queue during the first load', () => {
  test('shows the first page at once; later pages go below without moving the cursor row or the focus, and mark nothing new', async () => {
    const { user, push } = renderInConsole(<Queue />, {
      snapshot: snapshot({ seq: 1, incidents: page(201, 300), connections: [loadingConnection(100)], lastSyncAt: null }),
    });
    expect(bodyRows()[0]!.getAttribute('data-incident-id')).toBe('Q300');
    expect(screen.queryByText(/All quiet/)).toBeNull();

    await user.click(within(rowFor(296)).getByText('Incident number 296'));
    const grid = screen.getByRole('grid');
    expect(document.activeElement).toBe(grid);
    const cursorRow = rowFor(296);
    const cursorTop = cursorRow.style.top;
    expect(grid.getAttribute('aria-activedescendant')).toBe(cursorRow.id);
    expect(cursorRow.getAttribute('aria-rowindex')).toBe('6');

    await push({ name: 'incidentsChanged', payload: { seq: 2, upserted: page(101, 200), removedIds: [] } });
    await push({ name: 'connectionChanged', payload: loadingConnection(200) });
    await push({ name: 'incidentsChanged', payload: { seq: 3, upserted: page(1, 100), removedIds: [] } });
    expect(grid.getAttribute('aria-rowcount')).toBe('301');
    // The cursor row is where it was: same place in the list, same place on screen, still the grid's active row with the focus.
    expect(rowFor(296).getAttribute('aria-rowindex')).toBe('6');
    expect(rowFor(296).style.top).toBe(cursorTop);
    expect(rowFor(296).getAttribute('aria-selected')).toBe('true');
    expect(grid.getAttribute('aria-activedescendant')).toBe(rowFor(296).id);
    expect(document.activeElement).toBe(grid);
    expect(bodyRows()[0]!.getAttribute('data-incident-id')).toBe('Q300');

    // The whole list is in: what was there all along is not news.
    await push({ name: 'connectionChanged', payload: connection({ paging: true, state: 'ok', lastSuccessAt: new Date().toISOString() }) });
    expect(screen.queryAllByRole('img', { name: 'New since you last looked' })).toHaveLength(0);
  });

  test('while the first load has brought nothing yet, the queue says it is loading, never that all is quiet', () => {
    renderInConsole(<Queue />, {
      snapshot: snapshot({
        incidents: [],
        connections: [connection({ paging: true, state: 'connecting', lastSuccessAt: null })],
        lastSyncAt: null,
      }),
    });
    screen.getByText('Loading incidents from PagerDuty…');
    expect(screen.queryByText(/All quiet/)).toBeNull();
  });
});
