/**
 * The action dialogs as a user meets them: focus goes into the dialog and back out, Esc
 * cancels, the submit button stays off until the form makes sense, what is sent is what
 * the user chose, a refused action keeps the dialog and what was typed, and problems are
 * said in the user's words.
 *
 * Most dialogs are opened the way the app's commands open them, through the action store
 * (the dialog's own input: which dialog, for which incident ids); the focus test opens one
 * from the detail pane's button, as a user does.
 */
import { describe, expect, test } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { ActionDialogs } from '../../../../../renderer/src/features/actions/action-dialogs';
import { useActionUi, type DialogKind } from '../../../../../renderer/src/features/actions/action-store';
import { IncidentDetailPane } from '../../../../../renderer/src/features/incidents/incident-detail';
import { ConsoleClientError } from '../../../../../renderer/src/client/console-client-error';
import type { Directory } from '../../../../../shared/domain/directory';
import type { Incident, IncidentDetail } from '../../../../../shared/domain/incident';
import { renderInConsole } from '../../render-console';
import { connection, incident, snapshot } from '../../fixtures';

const ada = { id: 'U1', name: 'Ada Lovelace' };
const grace = { id: 'U2', name: 'Grace Hopper' };
const linus = { id: 'U3', name: 'Linus Torvalds' };

const checkout = incident('Q1CHK', {
  number: 4211,
  title: 'Checkout API 5xx rate above 5%',
  escalationPolicy: { id: 'EP1', name: 'Payments primary' },
  assignees: [ada],
});
const webhook = incident('Q2WHK', {
  number: 4210,
  title: 'Payment webhook latency p99 above 2s',
  status: 'acknowledged',
  service: { id: 'S2', name: 'Payment Webhooks' },
  escalationPolicy: { id: 'EP1', name: 'Payments primary' },
  assignees: [grace],
  acknowledgedBy: [grace],
});
const disk = incident('Q3DSK', {
  number: 4209,
  title: 'Disk 91% full on ledger-db-replica-3',
  status: 'acknowledged',
  urgency: 'low',
  service: { id: 'S3', name: 'Ledger DB' },
  assignees: [linus],
  acknowledgedBy: [linus],
});
const incidents: Incident[] = [checkout, webhook, disk];

const directory: Directory = {
  users: [
    { id: 'U1', name: 'Ada Lovelace', email: 'ada@acme.dev', teamIds: ['T1'], contactMethods: [] },
    { id: 'U2', name: 'Grace Hopper', email: 'grace@acme.dev', teamIds: ['T1'], contactMethods: [] },
    { id: 'U3', name: 'Linus Torvalds', email: 'linus@acme.dev', teamIds: ['T2'], contactMethods: [] },
  ],
  teams: [
    { id: 'T1', name: 'Payments' },
    { id: 'T2', name: 'Platform' },
  ],
  services: [
    { id: 'S1', name: 'Checkout API', kind: 'digital-service', teamIds: ['T1'], escalationPolicyId: 'EP1' },
    { id: 'S3', name: 'Ledger DB', kind: 'foundational-system', teamIds: ['T2'], escalationPolicyId: 'EP2' },
  ],
  escalationPolicies: [
    { id: 'EP1', name: 'Payments primary', teamIds: ['T1'], levels: [] },
    { id: 'EP2', name: 'Platform DBA', teamIds: ['T2'], levels: [] },
  ],
  priorities: [
    { id: 'PR1', name: 'P1', order: 1 },
    { id: 'PR2', name: 'P2', order: 2 },
  ],
};

function detailOf(subject: Incident): IncidentDetail {
  return {
    incident: subject,
    alerts: [],
    notes: [],
    logEntries: [],
    responders: [],
    escalation: {
      policy: { id: 'EP1', name: 'Payments primary' },
      currentLevel: 1,
      levels: [
        { level: 1, onCall: [{ user: ada, until: null }] },
        { level: 2, onCall: [{ user: grace, until: null }] },
        { level: 3, onCall: [] },
      ],
    },
  };
}

function renderDialogs(options: Parameters<typeof renderInConsole>[1] = {}) {
  return renderInConsole(<ActionDialogs />, {
    snapshot: snapshot({ incidents }),
    directory,
    details: Object.fromEntries(incidents.map((subject) => [subject.id, detailOf(subject)])),
    ...options,
  });
}

/** Opens a dialog as a command does: for these incident ids. */
async function openDialog(kind: DialogKind, incidentIds: string[]): Promise<HTMLElement> {
  act(() => useActionUi.getState().openDialog(kind, incidentIds));
  return screen.findByRole('dialog');
}

/** The dialog has gone (after its closing transition). */
async function dialogClosed(): Promise<void> {
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
}

function isDisabled(element: HTMLElement): boolean {
  return (element as HTMLButtonElement).disabled;
}

describe('the action dialogs', () => {
  test('open from the detail pane with focus in the field; Esc cancels and gives focus back to the button', async () => {
    const { user, submitted } = renderInConsole(
      <>
        <IncidentDetailPane incident={checkout} onClose={() => {}} />
        <ActionDialogs />
      </>,
      { snapshot: snapshot({ incidents }), details: { Q1CHK: detailOf(checkout) } },
    );
    const noteButton = screen.getByRole('button', { name: 'Note' });

    await user.click(noteButton);
    const dialog = await screen.findByRole('dialog', { name: 'Add note' });
    const note = within(dialog).getByRole('textbox', { name: 'Note' });
    expect(document.activeElement).toBe(note);
    await user.keyboard('Rolled back');

    await user.keyboard('{Escape}');
    await dialogClosed();
    await waitFor(() => expect(document.activeElement).toBe(noteButton));
    expect(submitted()).toEqual([]);
  });

  test('Add note stays off until there is text, and Ctrl+Enter sends it trimmed', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('addNote', ['Q1CHK']);
    within(dialog).getByText('#4211 · Checkout API 5xx rate above 5%');
    const send = within(dialog).getByRole('button', { name: 'Add note' });
    expect(isDisabled(send)).toBe(true);

    await user.keyboard('   ');
    expect(isDisabled(send)).toBe(true);
    await user.keyboard('Rolled back checkout to v412; 5xx back under 0.1%  ');
    expect(isDisabled(send)).toBe(false);
    await user.keyboard('{Control>}{Enter}{/Control}');

    expect(submitted()).toEqual([
      { kind: 'addNote', incidentIds: ['Q1CHK'], content: 'Rolled back checkout to v412; 5xx back under 0.1%' },
    ]);
    await dialogClosed();
  });

  test('Resolve for several incidents names them and sends one action, the note being optional', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('resolve', ['Q1CHK', 'Q2WHK']);
    expect(dialog.getAttribute('aria-labelledby')).not.toBeNull();
    within(dialog).getByRole('heading', { name: 'Resolve incidents' });
    within(dialog).getByText('2 incidents');
    const listed = within(within(dialog).getByRole('list', { name: 'Incidents this acts on' })).getAllByRole('listitem');
    expect(listed.map((item) => item.textContent)).toEqual([
      '#4211 · Checkout API 5xx rate above 5%',
      '#4210 · Payment webhook latency p99 above 2s',
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Resolve' }));
    expect(submitted()).toEqual([{ kind: 'resolve', incidentIds: ['Q1CHK', 'Q2WHK'] }]);
    await dialogClosed();
  });

  test('a refused resolve keeps the dialog and the note, and says why', async () => {
    const { user, submitted } = renderDialogs({
      handlers: {
        submitAction: () => {
          throw new ConsoleClientError('upstream', 'PagerDuty answered 403: you cannot resolve incidents of Checkout API.');
        },
      },
    });
    const dialog = await openDialog('resolve', ['Q1CHK']);
    await user.keyboard('Feature flag checkout-v2 turned off');
    await user.click(within(dialog).getByRole('button', { name: 'Resolve' }));

    expect(submitted()).toEqual([{ kind: 'resolve', incidentIds: ['Q1CHK'], note: 'Feature flag checkout-v2 turned off' }]);
    await screen.findByText('Resolve incident failed');
    screen.getByText('PagerDuty answered 403: you cannot resolve incidents of Checkout API.');
    expect(screen.getByRole('dialog', { name: 'Resolve incident' })).toBe(dialog);
    expect((within(dialog).getByRole('textbox') as HTMLTextAreaElement).value).toBe('Feature flag checkout-v2 turned off');
  });

  test('Snooze sends a preset length for the acknowledged incidents', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('snooze', ['Q2WHK', 'Q3DSK']);
    within(dialog).getByRole('heading', { name: 'Snooze incidents' });

    await user.click(within(dialog).getByRole('button', { name: '1 h' }));
    expect(submitted()).toEqual([{ kind: 'snooze', incidentIds: ['Q2WHK', 'Q3DSK'], durationSeconds: 3600 }]);
    await dialogClosed();
  });

  test('Snooze reads a typed length, and says what is wrong with one it cannot read', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('snooze', ['Q2WHK']);
    const custom = within(dialog).getByRole('textbox', { name: 'Custom length' });

    await user.type(custom, 'soon{Enter}');
    within(dialog).getByText('"soon" is not a length: use minutes, hours and days, e.g. 90m, 2h or 1d 4h');
    expect(custom.getAttribute('aria-invalid')).toBe('true');
    expect(submitted()).toEqual([]);

    await user.clear(custom);
    await user.type(custom, '2h 30m');
    within(dialog).getByText('Snooze for 2 h 30 min');
    await user.click(within(dialog).getByRole('button', { name: 'Snooze' }));
    expect(submitted()).toEqual([{ kind: 'snooze', incidentIds: ['Q2WHK'], durationSeconds: 9000 }]);
  });

  test('Snooze refuses a triggered incident: it says to acknowledge first and offers only Close', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('snooze', ['Q1CHK']);

    within(dialog).getByText('Only acknowledged incidents can be snoozed');
    within(dialog).getByText('#4211 is not acknowledged yet. Acknowledge first (a), then snooze.');
    expect(within(dialog).queryByRole('button', { name: '1 h' })).toBeNull();
    expect(within(dialog).queryByRole('textbox', { name: 'Custom length' })).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await dialogClosed();
    expect(submitted()).toEqual([]);
  });

  test('Snooze leaves a triggered incident out of a mixed selection, and says so', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('snooze', ['Q1CHK', 'Q2WHK']);

    within(dialog).getByText('#4211 is not acknowledged and will not be snoozed.');
    await user.click(within(dialog).getByRole('button', { name: '30 min' }));
    expect(submitted()).toEqual([{ kind: 'snooze', incidentIds: ['Q2WHK'], durationSeconds: 1800 }]);
  });

  test('Reassign searches people and services, says what will happen, and sends who was assigned when chosen', async () => {
    const { user, submitted } = renderDialogs({
      snapshot: snapshot({ incidents, connections: [connection(), connection({ provider: 'servicenow', label: 'ServiceNow' })] }),
    });
    const dialog = await openDialog('reassign', ['Q1CHK']);
    const send = within(dialog).getByRole('button', { name: 'Reassign' });
    const picker = await within(dialog).findByRole('combobox', { name: 'Reassign to' });
    expect(document.activeElement).toBe(picker);
    expect(isDisabled(send)).toBe(true);

    await user.type(picker, 'grace');
    await user.keyboard('{Enter}');
    const outcome = within(dialog).getByLabelText('What happens');
    expect(
      within(outcome)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'PagerDuty: assigned to Grace Hopper.',
      'ServiceNow: the ticket keeps its assignment group (pick a service to move it too).',
    ]);

    await user.click(send);
    expect(submitted()).toEqual([
      {
        kind: 'reassign',
        incidentIds: ['Q1CHK'],
        to: { type: 'users', userIds: ['U2'] },
        seen: { Q1CHK: { assigneeIds: ['U1'], escalationPolicyId: 'EP1' } },
      },
    ]);
  });

  test('Escalate offers the next level with who is on call there, and sends the level picked', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('escalate', ['Q1CHK']);

    const levelTwo = await within(dialog).findByRole('radio', { name: /Level 2/ });
    expect((levelTwo as HTMLInputElement).checked).toBe(true);
    within(dialog).getByText(/Grace Hopper/);
    within(dialog).getByRole('radio', { name: /Level 1 \(current\)/ });

    await user.click(within(dialog).getByRole('radio', { name: /Level 3/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Escalate to level 3' }));
    expect(submitted()).toEqual([{ kind: 'escalate', incidentIds: ['Q1CHK'], level: 3 }]);
  });

  test('Declare major needs a reason, says what happens in each system, and declares each incident', async () => {
    const { user, submitted } = renderDialogs({
      snapshot: snapshot({ incidents, connections: [connection(), connection({ provider: 'servicenow', label: 'ServiceNow' })] }),
    });
    const dialog = await openDialog('declareMajor', ['Q1CHK', 'Q2WHK']);
    const declare = within(dialog).getByRole('button', { name: 'Declare major' });
    within(dialog).getByText('ServiceNow: priority 1 - Critical, major incident state Accepted');
    expect(isDisabled(declare)).toBe(true);

    await user.type(
      within(dialog).getByRole('textbox', { name: /Why is this a major incident\?/ }),
      '  Checkout down for all EU customers ',
    );
    await user.click(declare);

    expect(submitted()).toEqual([
      { kind: 'declareMajor', incidentIds: ['Q1CHK'], reason: 'Checkout down for all EU customers' },
      { kind: 'declareMajor', incidentIds: ['Q2WHK'], reason: 'Checkout down for all EU customers' },
    ]);
  });

  test('Merge keeps the first incident unless told otherwise and merges the rest into it', async () => {
    const { user, submitted } = renderDialogs();
    const dialog = await openDialog('merge', ['Q1CHK', 'Q2WHK']);
    expect((within(dialog).getByRole('radio', { name: '#4211 Checkout API 5xx rate above 5%' }) as HTMLInputElement).checked).toBe(true);

    await user.click(within(dialog).getByRole('radio', { name: '#4210 Payment webhook latency p99 above 2s' }));
    within(dialog).getByText(/1 incident will be merged into #4210 Payment webhook latency p99 above 2s and resolved/);
    await user.click(within(dialog).getByRole('button', { name: 'Merge' }));

    expect(submitted()).toEqual([{ kind: 'merge', incidentIds: ['Q1CHK'], targetIncidentId: 'Q2WHK' }]);
  });
});
