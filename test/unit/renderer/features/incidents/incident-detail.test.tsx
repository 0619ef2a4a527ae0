/**
 * The detail pane as a user sees it: the incident's fields, its alerts, escalation,
 * responders, notes and timeline once loaded (or why they could not be), the action
 * buttons and what they send or open, refused and busy states, a failed action with
 * Retry, and Reopen for a resolved incident.
 */
import { describe, expect, test, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { IncidentDetailPane } from '../../../../../renderer/src/features/incidents/incident-detail';
import { ActionDialogs } from '../../../../../renderer/src/features/actions/action-dialogs';
import { ConsoleClientError } from '../../../../../renderer/src/client/console-client-error';
import type { Incident, IncidentDetail } from '../../../../../shared/domain/incident';
import { renderInConsole } from '../../render-console';
import { action, incident, snapshot } from '../../fixtures';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const ada = { id: 'U1', name: 'Ada Lovelace' };
const grace = { id: 'U2', name: 'Grace Hopper' };

function checkoutIncident(overrides: Partial<Incident> = {}): Incident {
  return incident('Q1CHK', {
    number: 4211,
    title: 'Checkout API 5xx rate above 5%',
    priority: { id: 'PR1', name: 'P1' },
    team: { id: 'T1', name: 'Payments' },
    escalationPolicy: { id: 'EP1', name: 'Payments primary' },
    assignees: [ada],
    createdAt: minutesAgo(12),
    updatedAt: minutesAgo(12),
    htmlUrl: 'https://acme.pagerduty.com/incidents/Q1CHK',
    ...overrides,
  });
}

function checkoutDetail(subject: Incident): IncidentDetail {
  return {
    incident: subject,
    alerts: [
      {
        id: 'AL1',
        summary: 'checkout-api: HTTP 5xx ratio 7.2% over 5m (threshold 5%)',
        status: 'triggered',
        createdAt: minutesAgo(12),
        severity: 'critical',
        details: { region: 'eu-west-1' },
        links: [{ href: 'https://grafana.acme.dev/d/checkout', text: 'Checkout errors dashboard' }],
      },
    ],
    escalation: {
      policy: { id: 'EP1', name: 'Payments primary' },
      currentLevel: 1,
      levels: [
        { level: 1, onCall: [{ user: ada, until: null }] },
        { level: 2, onCall: [{ user: grace, until: null }] },
      ],
    },
    responders: [],
    notes: [{ id: 'N1', content: 'Rolled back to v412, watching error rate.', createdAt: minutesAgo(5), author: ada }],
    logEntries: [
      { id: 'L1', type: 'trigger', summary: 'Triggered through the API', createdAt: minutesAgo(12), agent: null },
      { id: 'L2', type: 'annotate', summary: 'Note added', createdAt: minutesAgo(5), agent: ada },
    ],
  };
}

function renderPane(subject: Incident, options: Parameters<typeof renderInConsole>[1] = {}) {
  const onClose = vi.fn();
  const rendered = renderInConsole(
    <>
      <IncidentDetailPane incident={subject} onClose={onClose} />
      <ActionDialogs />
    </>,
    { details: { [subject.id]: checkoutDetail(subject) }, ...options, snapshot: options.snapshot ?? snapshot({ incidents: [subject] }) },
  );
  return { ...rendered, onClose };
}

describe('the incident detail pane', () => {
  test("shows the incident's fields, then its alerts, escalation, notes and timeline once loaded", async () => {
    const { user, onClose } = renderPane(checkoutIncident());

    const pane = screen.getByRole('complementary', { name: 'Incident 4211: Checkout API 5xx rate above 5%' });
    const fields = within(pane);
    fields.getByRole('heading', { name: 'Checkout API 5xx rate above 5%' });
    fields.getByText('#4211 · Checkout API');
    fields.getByText('Loading alerts, escalation, notes and timeline…');
    expect(fields.getByText('Assigned to').nextElementSibling?.textContent).toBe('Ada Lovelace');
    expect(fields.getByText('Team').nextElementSibling?.textContent).toBe('Payments');
    expect(fields.getByRole('link', { name: /Open in PagerDuty/ }).getAttribute('href')).toBe('https://acme.pagerduty.com/incidents/Q1CHK');

    const alerts = await screen.findByRole('region', { name: 'Alerts' });
    within(alerts).getByText('checkout-api: HTTP 5xx ratio 7.2% over 5m (threshold 5%)');
    expect(
      within(alerts)
        .getByRole('link', { name: /Checkout errors dashboard/ })
        .getAttribute('href'),
    ).toBe('https://grafana.acme.dev/d/checkout');
    within(screen.getByRole('region', { name: 'Escalation' })).getByText('Grace Hopper');
    within(screen.getByRole('region', { name: 'Notes' })).getByText('Rolled back to v412, watching error rate.');
    within(screen.getByRole('region', { name: 'Timeline' })).getByText('Triggered through the API');
    expect(screen.queryByText('Loading alerts, escalation, notes and timeline…')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Close details' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  test('says why the details could not be loaded, and Try again loads them', async () => {
    const subject = checkoutIncident();
    let answer: () => IncidentDetail = () => {
      throw new ConsoleClientError('upstream', 'PagerDuty answered 503 Service Unavailable.');
    };
    const { user } = renderPane(subject, { handlers: { getIncidentDetail: () => answer() } });

    await screen.findByText('Could not load the details: PagerDuty answered 503 Service Unavailable.');
    answer = () => checkoutDetail(subject);
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    await screen.findByRole('region', { name: 'Alerts' });
    expect(screen.queryByText(/Could not load the details/)).toBeNull();
  });

  test('Acknowledge sends an acknowledge action for this incident, then the pane says it is on its way', async () => {
    const { user, submitted } = renderPane(checkoutIncident());
    const acknowledge = screen.getByRole('button', { name: 'Acknowledge' });

    await user.click(acknowledge);

    expect(submitted()).toEqual([{ kind: 'acknowledge', incidentIds: ['Q1CHK'] }]);
    await within(screen.getByRole('status', { name: 'Action status' })).findByText('Acknowledging…');
    expect((acknowledge as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Resolve' }) as HTMLButtonElement).disabled).toBe(true);
  });

  test('Acknowledge is refused for an acknowledged incident; Resolve stays available', () => {
    renderPane(checkoutIncident({ status: 'acknowledged', acknowledgedBy: [ada] }));
    const toolbar = within(screen.getByRole('toolbar', { name: 'Incident actions' }));
    expect((toolbar.getByRole('button', { name: 'Acknowledge' }) as HTMLButtonElement).disabled).toBe(true);
    expect((toolbar.getByRole('button', { name: 'Resolve' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByText('Acknowledged by').nextElementSibling?.textContent).toBe('Ada Lovelace');
  });

  test('a failed action shows its reason; Retry asks the engine to try it again', async () => {
    const subject = checkoutIncident();
    const failed = action(
      'A9',
      { kind: 'escalate', incidentIds: ['Q1CHK'], level: 2 },
      { state: 'failed', attempts: 3, lastError: 'PagerDuty answered 429 Too Many Requests: rate limit reached' },
    );
    const { user, client } = renderPane(subject, {
      snapshot: snapshot({ incidents: [subject], actions: [failed] }),
      handlers: { retryAction: () => ({ ...failed, state: 'pending', lastError: null }) },
    });

    const notice = screen.getByRole('alert');
    within(notice).getByText('Escalate incident to level 2 failed');
    within(notice).getByText('PagerDuty answered 429 Too Many Requests: rate limit reached');

    await user.click(within(notice).getByRole('button', { name: 'Retry: Escalate incident to level 2' }));
    expect(client.call).toHaveBeenCalledWith('retryAction', { actionId: 'A9' });
    await within(screen.getByRole('status', { name: 'Action status' })).findByText('Escalating…');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('a resolved incident offers Reopen instead of the actions', async () => {
    const subject = checkoutIncident({ status: 'resolved', statusChangedBy: grace });
    const { user, submitted } = renderPane(subject);

    expect(screen.queryByRole('toolbar', { name: 'Incident actions' })).toBeNull();
    expect(screen.getByText('Resolved', { selector: 'dt' }).nextElementSibling?.textContent).toMatch(/by Grace Hopper/);
    await user.click(screen.getByRole('button', { name: 'Reopen' }));
    expect(submitted()).toEqual([{ kind: 'reopen', incidentIds: ['Q1CHK'] }]);
  });

  test('the More actions menu opens from the keyboard and its items open their dialog for this incident', async () => {
    const { user } = renderPane(checkoutIncident());

    screen.getByRole('button', { name: 'More actions' }).focus();
    await user.keyboard('{Enter}');
    // happy-dom lays nothing out, so floating-ui takes the button for scrolled out of view and hides the menu (display: none): query it hidden.
    const menu = await screen.findByRole('menu', { hidden: true });
    expect(
      within(menu)
        .getAllByRole('menuitem', { hidden: true })
        .map((item) => item.textContent),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^Change urgency/), expect.stringMatching(/^Declare major incident/)]));

    await user.click(within(menu).getByRole('menuitem', { name: /Declare major incident/, hidden: true }));
    const dialog = await screen.findByRole('dialog', { name: 'Declare major incident' });
    within(dialog).getByText('#4211 · Checkout API 5xx rate above 5%');
  });
});
