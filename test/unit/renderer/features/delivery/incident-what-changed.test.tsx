/**
 * "What changed" in the incident detail as the on-call developer reads it: the production
 * deployments of the incident's service and of those it depends on in the 24 hours before
 * it opened, newest first, each with when, who, its change and its commits (3, then "show
 * all"); the change system's changes that no listed deployment went out under (a change is
 * listed once); why nothing can be said for an unmapped service; and "Roll back to <previous
 * version>", which opens the catalogue's rollback offering linked to the incident with the
 * service and version filled in, so one more click runs it.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { IncidentWhatChanged, type WhatChangedIncident } from '../../../../../renderer/src/features/delivery/incident-what-changed';
import { IncidentDetailPane } from '../../../../../renderer/src/features/incidents/incident-detail';
import { OfferingForm } from '../../../../../renderer/src/features/catalogue/offering-form';
import { useConsoleArea } from '../../../../../renderer/src/features/catalogue/console-area';
import type { Offering } from '../../../../../shared/domain/catalogue';
import type { SpecialistRequest } from '../../../../../shared/domain/specialist-request';
import { renderInConsole } from '../../render-console';
import { incident, snapshot } from '../../fixtures';
import { catalogueWithRollback, changeRequest, changesList, incidentChanges, minutesAgo } from './audit-fixtures';

const OPENED = minutesAgo(30);
const checkoutIncident: WhatChangedIncident = incident('Q1CHK', {
  number: 4211,
  title: 'Checkout 5xx above 5%',
  service: { id: 'PSVC2', name: 'Checkout Web' },
  createdAt: OPENED,
  htmlUrl: 'https://acme.pagerduty.com/incidents/Q1CHK',
});

const checkoutChange = (number: string, version: string, createdAt: string) =>
  changeRequest(number, version, createdAt, { service: { id: 'PSVC2', name: 'Checkout Web' } });
const matched = checkoutChange('CHG0030050', 'v5.2.0', minutesAgo(50));
const raisedSince = checkoutChange('CHG0030051', 'v5.2.1', minutesAgo(5));

/** The detail's section, and the offering's form once the rollback opened it (as the catalogue would show it). */
function Harness({ offering, major = false }: { offering?: Offering; major?: boolean }) {
  const area = useConsoleArea((state) => state.area);
  const offeringId = useConsoleArea((state) => state.offeringId);
  return (
    <>
      <IncidentWhatChanged incident={checkoutIncident} major={major} />
      {offering && area === 'catalogue' && offeringId === offering.id && <OfferingForm offering={offering} />}
    </>
  );
}

beforeEach(() => {
  useConsoleArea.setState(useConsoleArea.getInitialState(), true);
});

describe('what changed before an incident', () => {
  test('lists the deployments newest first, with when, who, their change and commits; a dependency is marked', async () => {
    const { user } = renderInConsole(<Harness />, {
      handlers: {
        getIncidentChanges: () => incidentChanges(OPENED, matched),
        listChanges: () => changesList([matched, raisedSince]),
        getCatalogue: () => catalogueWithRollback(['Search API']),
      },
    });

    const section = within(await screen.findByRole('region', { name: 'What changed' }));
    await section.findByText(
      'Production deployments of Checkout Web and the service it depends on (Payments API) in the 24 hours before it opened, newest first. Not known: Ledger Database (no repository mapped).',
    );
    const items = section.getAllByRole('listitem', { name: /^(Checkout Web|Payments API) / });
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual(['Checkout Web v5.2.0', 'Payments API v2.14.1']);
    const [own, dependency] = items.map((item) => within(item));

    own!.getByText('deployed 12 min before it opened by olivia');
    expect(own!.queryByText('dependency')).toBeNull();
    own!.getByRole('button', { name: 'Open change CHG0030050' });
    own!.getByText('5 commits since v5.1.9:');
    expect(own!.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Checkout Web change 1 Author 1',
      'Checkout Web change 2 Author 2',
      'Checkout Web change 3 Author 3',
    ]);
    await user.click(own!.getByRole('button', { name: 'Show all 5 commits' }));
    expect(own!.getAllByRole('listitem')).toHaveLength(5);
    expect(own!.queryByRole('button', { name: /Show all/ })).toBeNull();

    dependency!.getByText('dependency');
    dependency!.getByText('deployed 3 h before it opened by grace');
    dependency!.getByText(/· normal · Implement/);
    await user.click(dependency!.getByRole('button', { name: 'Open change CHG0030041' }));
    expect(useConsoleArea.getState()).toMatchObject({ area: 'changes', changesTab: 'changes', changeId: 'sys-CHG0030041' });
  });

  test("the change system's changes are listed once: those with a listed deployment only with it", async () => {
    renderInConsole(<Harness />, {
      handlers: {
        getIncidentChanges: () => incidentChanges(OPENED, matched),
        listChanges: () => changesList([matched, raisedSince]),
        getCatalogue: () => catalogueWithRollback([]),
      },
    });
    const changes = within(await screen.findByRole('region', { name: 'Changes' }));
    await changes.findByRole('button', { name: /^Open change CHG0030051 standard · Checkout Web v5\.2\.1 · / });
    expect(changes.queryByRole('button', { name: /^Open change CHG0030050/ })).toBeNull();
    changes.getByText('raised 25 min after it opened · closed successful');
    within(screen.getByRole('region', { name: 'What changed' })).getByRole('button', { name: 'Open change CHG0030050' });
  });

  test('a deployment without a change says so; a source not read yet is said; without a change system there is no Changes section', async () => {
    renderInConsole(<Harness />, {
      handlers: {
        getIncidentChanges: () => ({
          ...incidentChanges(OPENED, null),
          sources: [
            { source: 'github', label: 'GitHub', state: 'ok', readAt: minutesAgo(1), error: null },
            { source: 'jenkins', label: 'Jenkins', state: 'never-read', readAt: null, error: null },
          ],
        }),
        listChanges: () => requestsNoSystem(),
        getCatalogue: () => catalogueWithRollback([]),
      },
    });
    const section = within(await screen.findByRole('region', { name: 'What changed' }));
    await section.findByText('No change matches this deployment');
    section.getByText('Jenkins not read yet: no figures from it so far');
    expect(section.queryByText(/^GitHub read/)).toBeNull();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Changes' })).toBeNull());
  });

  test('says in words why nothing can be said for a service the delivery mapping lacks', async () => {
    renderInConsole(<Harness />, {
      handlers: {
        getIncidentChanges: () => ({
          ...incidentChanges(OPENED, null),
          services: [{ service: 'Checkout Web', dependency: false, mapped: false }],
          deployments: [],
          problem: "Checkout Web has no repository mapped in the workspace's delivery section: its deployments are not known",
        }),
        listChanges: () => changesList([]),
        getCatalogue: () => catalogueWithRollback(['Checkout Web']),
      },
    });
    await screen.findByText("Checkout Web has no repository mapped in the workspace's delivery section: its deployments are not known");
    expect(screen.queryByRole('button', { name: /^Roll back/ })).toBeNull();
  });

  test('Roll back opens the rollback offering linked to the incident, service and previous version filled in; Run now runs it', async () => {
    const catalogue = catalogueWithRollback(['Payments API', 'Checkout Web']);
    const offering = catalogue.catalogue.offerings[0]!;
    const submitted: unknown[] = [];
    const { user } = renderInConsole(<Harness offering={offering} />, {
      handlers: {
        getIncidentChanges: () => incidentChanges(OPENED, matched),
        listChanges: () => changesList([]),
        getCatalogue: () => catalogue,
        submitSpecialistRequest: (input) => {
          submitted.push(input);
          return requestFor(input.offeringId);
        },
        listSpecialistRequests: () => ({ requests: [] }),
      },
    });

    const rollback = await screen.findByRole('button', { name: 'Roll back to v5.1.9' });
    screen.getByText('Checkout Web in production runs v5.2.0: Roll back a service');
    await user.click(rollback);

    expect(useConsoleArea.getState()).toMatchObject({ area: 'catalogue', offeringId: 'roll-back-service' });
    expect(useConsoleArea.getState().raiseFrom).toMatchObject({
      incidentId: 'Q1CHK',
      number: 4211,
      major: false,
      given: { offeringId: 'roll-back-service', inputs: { service: 'Checkout Web', version: 'v5.1.9' } },
    });
    await screen.findByText(
      'Filled in from incident #4211: Service, Roll back to version, Why. Check them, and change anything, before sending.',
    );
    expect((screen.getByRole('textbox', { name: 'Roll back to version' }) as HTMLInputElement).value).toBe('v5.1.9');

    await user.click(screen.getByRole('button', { name: 'Run now' }));
    await waitFor(() => expect(submitted).toHaveLength(1));
    expect(submitted[0]).toEqual({
      offeringId: 'roll-back-service',
      inputs: { service: 'Checkout Web', version: 'v5.1.9', reason: 'Incident #4211: Checkout 5xx above 5%' },
      incidentId: 'Q1CHK',
      urgent: false,
    });
  });

  test('offers no rollback when the catalogue has none for the service of the newest production deployment', async () => {
    renderInConsole(<Harness />, {
      handlers: {
        getIncidentChanges: () => incidentChanges(OPENED, matched),
        listChanges: () => changesList([]),
        getCatalogue: () => catalogueWithRollback(['Payments API']),
      },
    });
    await screen.findByRole('listitem', { name: 'Checkout Web v5.2.0' });
    await waitFor(() => expect(screen.queryByRole('button', { name: /^Roll back/ })).toBeNull());
  });

  test('the incident detail pane shows it, and says so when it cannot be read', async () => {
    const subject = incident('Q1CHK', { service: { id: 'PSVC2', name: 'Checkout Web' }, createdAt: OPENED });
    renderInConsole(<IncidentDetailPane incident={subject} />, {
      snapshot: snapshot({ incidents: [subject] }),
      handlers: {
        getIncidentChanges: () => {
          throw new Error('Delivery is down');
        },
      },
    });
    const section = within(await screen.findByRole('region', { name: 'What changed' }));
    await section.findByText(/^Could not read what changed: /);
    section.getByRole('button', { name: 'Try again to read what changed' });
  });
});

function requestsNoSystem() {
  return { system: null, changes: [], me: null, readAt: null };
}

function requestFor(offeringId: string): SpecialistRequest {
  return {
    id: 'REQ-1',
    offeringId,
    offeringTitle: 'Roll back a service',
    teamId: 'platform-engineering',
    teamName: 'Platform Engineering',
    kind: 'self-service',
    state: 'running',
  } as unknown as SpecialistRequest;
}
