/**
 * One queue over two paging platforms, as a user meets it: a Splunk On-Call incident
 * carries its platform's mark (PagerDuty's, the workspace's first, carry none), the
 * Filters offer the platform, an action Splunk On-Call does not offer is refused with its
 * reason (a key on one incident; on a selection spanning both, it goes to the PagerDuty
 * ones and says so), a note on a Splunk On-Call incident says it goes to the ticket only,
 * and while Splunk On-Call cannot be read its incidents stay, marked stale.
 */
import { describe, expect, test } from 'vitest';
import { screen, within } from '@testing-library/react';
import { IncidentQueue } from '../../../../../renderer/src/features/incidents/incident-queue';
import { useQueue } from '../../../../../renderer/src/features/incidents/use-queue';
import { IncidentDetailPane } from '../../../../../renderer/src/features/incidents/incident-detail';
import { QueueToolbar } from '../../../../../renderer/src/features/queue/queue-toolbar';
import { ActionDialogs } from '../../../../../renderer/src/features/actions/action-dialogs';
import { useQueueShortcuts } from '../../../../../renderer/src/features/actions/use-queue-shortcuts';
import { useActionUi } from '../../../../../renderer/src/features/actions/action-store';
import { queuePrefsStore } from '../../../../../renderer/src/features/queue/use-queue-prefs';
import { useSnapshot } from '../../../../../renderer/src/state/use-snapshot';
import { useUiStore } from '../../../../../renderer/src/state/ui-store';
import type { ConnectionStatus } from '../../../../../shared/domain/connection';
import { renderInConsole } from '../../render-console';
import { connection, incident, snapshot } from '../../fixtures';
import { giveTheQueueAWindow, rowFor } from '../../queue-layout';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const pagerDutyIncident = incident('Q1PD', { number: 4211, title: 'Checkout API 5xx rate above 5%', createdAt: minutesAgo(3) });
const splunkIncident = incident('splunk-on-call:812', {
  provider: 'splunk-on-call',
  number: 812,
  title: 'Ledger replica lag above 30s',
  status: 'acknowledged',
  createdAt: minutesAgo(5),
});

const pagerDuty = connection({ paging: true, lastSuccessAt: new Date().toISOString() });
const splunkOk = connection({ provider: 'splunk-on-call', label: 'Splunk On-Call', paging: true, lastSuccessAt: new Date().toISOString() });
const serviceNow = connection({ provider: 'servicenow', label: 'ServiceNow', lastSuccessAt: new Date().toISOString() });

/** The queue with its toolbar and keys, as the app mounts them. */
function Queue() {
  const queue = useQueue();
  useQueueShortcuts(queue);
  const { isPending } = useSnapshot();
  return (
    <>
      <QueueToolbar
        open={queue.open}
        shownCount={queue.visibleIds.length}
        changedCount={0}
        selectedIds={queue.selectedIds}
        visibleIds={queue.visibleIds}
        directory={undefined}
        hasMe={false}
        hasTickets={false}
        droppedForWidth={[]}
        onMarkAllSeen={() => {}}
      />
      <IncidentQueue queue={queue} loading={isPending} />
      <ActionDialogs />
    </>
  );
}

function renderQueue(connections: ConnectionStatus[] = [pagerDuty, splunkOk], incidents = [pagerDutyIncident, splunkIncident]) {
  return renderInConsole(<Queue />, { snapshot: snapshot({ incidents, connections }) });
}

/** The picker's visible text field among the elements its label names. */
const pickerInput = (labelled: HTMLElement[]) =>
  labelled.find((element) => element instanceof HTMLInputElement && element.type !== 'hidden')!;

const shownNumbers = () =>
  screen
    .getAllByRole('row')
    .filter((row) => row.hasAttribute('data-incident-id'))
    .map((row) => row.querySelector('[data-col="number"]')?.textContent);

giveTheQueueAWindow();

describe('a queue over PagerDuty and Splunk On-Call', () => {
  test('a Splunk On-Call incident carries its platform mark in words; a PagerDuty one carries none', () => {
    renderQueue();
    const splunk = within(rowFor(812));
    expect(splunk.getByText('SOC')).toBeTruthy();
    expect(splunk.getByText('Splunk On-Call').className).toBe('queue-sr-only');
    expect(splunk.getByTitle('From Splunk On-Call')).toBeTruthy();
    expect(rowFor(4211).querySelector('[data-platform-mark]')).toBeNull();
  });

  test('the Filters offer the platform; choosing Splunk On-Call shows only its incidents, with a pill to undo it', async () => {
    const { user } = renderQueue();
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    await user.click(pickerInput(await screen.findAllByLabelText('Platform')));
    await user.click(await screen.findByRole('option', { name: 'Splunk On-Call', hidden: true }));
    expect(queuePrefsStore.getState().filter.platforms).toEqual(['splunk-on-call']);
    expect(shownNumbers()).toEqual(['812']);
    await user.click(screen.getByRole('button', { name: 'Remove filter Platform: Splunk On-Call' }));
    expect(shownNumbers()).toEqual(['4211', '812']);
  });

  test('the platform filter is not offered while the queue has one platform', async () => {
    const { user } = renderQueue([pagerDuty], [pagerDutyIncident]);
    await user.click(screen.getByRole('button', { name: 'Filters' }));
    await screen.findAllByLabelText('Priority');
    expect(screen.queryAllByLabelText('Platform')).toEqual([]);
  });

  test('a key for an action Splunk On-Call does not offer says why, and opens nothing', async () => {
    const { user } = renderQueue();
    useUiStore.getState().setCursor(splunkIncident.id, [pagerDutyIncident.id, splunkIncident.id]);
    await user.keyboard('s');
    await screen.findByText("Snooze is not offered on #812: Splunk On-Call's public API has no snooze (only its web app snoozes).");
    expect(useActionUi.getState().dialog).toBeNull();
  });

  test('on a selection spanning both platforms, snooze goes to the PagerDuty incident and says how many', async () => {
    const { user } = renderQueue();
    useUiStore.getState().setSelected([pagerDutyIncident.id, splunkIncident.id]);
    await user.keyboard('s');
    await screen.findByText("Snooze: 1 of 2 incidents; not #812: Splunk On-Call's public API has no snooze (only its web app snoozes).");
    expect(useActionUi.getState().dialog).toEqual({ kind: 'snooze', incidentIds: [pagerDutyIncident.id] });
  });

  test('while Splunk On-Call cannot be read, its incidents stay, marked stale since its last read; PagerDuty ones look normal', () => {
    const lastRead = new Date(Date.now() - 10 * 60_000);
    const down = { ...splunkOk, state: 'offline' as const, lastSuccessAt: lastRead.toISOString(), message: 'Cannot reach Splunk On-Call' };
    renderQueue([pagerDuty, down]);
    const clock = [lastRead.getHours(), lastRead.getMinutes(), lastRead.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    const stale = rowFor(812);
    expect(stale.getAttribute('title')).toBe(`stale: Splunk On-Call could not be read since ${clock}`);
    expect(stale.getAttribute('aria-description')).toBe(`stale: Splunk On-Call could not be read since ${clock}`);
    expect(stale.hasAttribute('data-stale')).toBe(true);
    expect(rowFor(4211).hasAttribute('data-stale')).toBe(false);
    expect(rowFor(4211).getAttribute('title')).toBeNull();
  });
});

describe("a Splunk On-Call incident's detail pane", () => {
  function renderDetail(connections: ConnectionStatus[]) {
    return renderInConsole(
      <>
        <IncidentDetailPane incident={splunkIncident} onClose={() => {}} />
        <ActionDialogs />
      </>,
      { snapshot: snapshot({ incidents: [pagerDutyIncident, splunkIncident], connections }) },
    );
  }

  test('names the platform in its header, and disables what Splunk On-Call does not offer with the reason', () => {
    renderDetail([pagerDuty, splunkOk]);
    const pane = within(screen.getByRole('complementary'));
    expect(pane.getByText('SOC')).toBeTruthy();
    const snooze = pane.getByRole('button', { name: /Snooze/ });
    expect(snooze.getAttribute('aria-disabled')).toBe('true');
    expect(snooze.getAttribute('aria-description')).toBe("Splunk On-Call's public API has no snooze (only its web app snoozes)");
    // Without a ticketing system a note has nowhere to go.
    expect(pane.getByRole('button', { name: /Note/ }).getAttribute('aria-disabled')).toBe('true');
    expect(pane.getByRole('button', { name: /Reassign/ }).getAttribute('aria-disabled')).toBeNull();
  });

  test('with a ticketing system, a note is offered and its dialog says it goes to the ticket only', async () => {
    const { user } = renderDetail([pagerDuty, splunkOk, serviceNow]);
    const note = within(screen.getByRole('complementary')).getByRole('button', { name: /Note/ });
    expect(note.getAttribute('aria-disabled')).toBeNull();
    await user.click(note);
    const notice = await screen.findByTestId('platform-notice');
    expect(notice.textContent).toBe('Splunk On-Call has no incident notes in its public API: the note goes to the ticket only.');
  });
});
