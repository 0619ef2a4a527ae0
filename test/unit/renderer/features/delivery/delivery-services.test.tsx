/**
 * The Delivery area's Services tab as a user sees it: every mapped service with the version
 * in each environment, a service with no repository mapped saying so in words, how fresh
 * the sources are (and how old a failing source's figures are), j/k through the list; a
 * service's page with its environments now, its history (failed ones marked) and the
 * compare of production's previous and current versions (commits, pull requests, or why it
 * cannot be traced); and the lists read again on deliveryChanged.
 */
import { describe, expect, test } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { ConsoleClientError } from '../../../../../renderer/src/client/console-client-error';
import { DeliveryServices } from '../../../../../renderer/src/features/delivery/delivery-services';
import { useDeliveryEvents } from '../../../../../renderer/src/features/delivery/use-delivery';
import { deliveryServices, paymentsCompare, paymentsDelivery, untraceableCompare } from './delivery-fixtures';
import { renderDelivery, type Handlers } from './render-delivery';

/** An element's text, its whitespace as a reader sees it. */
const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

const handlers: Handlers = {
  listDeliveryServices: () => deliveryServices(),
  getServiceDelivery: () => paymentsDelivery(),
  compareVersions: ({ from, to }) => paymentsCompare(from, to),
};

function WithEvents() {
  useDeliveryEvents();
  return <DeliveryServices />;
}

describe('the Delivery services', () => {
  test('lists each service with its versions per environment, and says why one has nothing', async () => {
    renderDelivery(<DeliveryServices />, handlers);
    const list = await screen.findByRole('navigation', { name: 'Services' });
    const payments = within(list).getByRole('button', { name: /Payments API/ });
    expect(text(payments)).toMatch('staging: v2.15.0 · production: v2.14.1');
    expect(text(within(list).getByRole('button', { name: /Checkout Web/ }))).toMatch('production: nothing deployed yet');
    expect(text(within(list).getByRole('button', { name: /Billing Batch/ }))).toMatch(
      "No repository is mapped for this service in the workspace's delivery section",
    );
    // The freshness of each source, in words; the failing one says for how long, why, and how old its figures are.
    const freshness = screen.getAllByRole('list', { name: 'Where the figures come from' })[0]!;
    expect(text(freshness)).toMatch('GitHub read 2 min ago');
    expect(text(freshness)).toMatch(
      /Jenkins could not be read for 12 min: HTTP 503 from Jenkins: Service Unavailable; figures as of \d\d:\d\d/,
    );
  });

  test("opens the first service's page: environments now, the history with the failed one marked, and the compare", async () => {
    const rendered = renderDelivery(<DeliveryServices />, handlers);
    const page = await screen.findByRole('article', { name: 'Delivery of Payments API' });
    const environments = await within(page).findByRole('table', { name: 'Environments now' });
    const production = within(environments).getByRole('row', { name: /^production/ });
    expect(text(production)).toMatch('v2.14.1');
    expect(text(production)).toMatch('grace');
    expect(text(production)).toMatch('CHG0030042 (normal)');
    expect(text(production)).toMatch(/3h 00m ago/);

    const history = within(page).getByRole('table', { name: 'Deployment history' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[2]?.textContent)).toEqual([
      'v2.15.0',
      'v2.14.1',
      'v2.14.0',
      'v2.14.1',
      'v2.13.0',
    ]);
    const failed = rows[2]!;
    expect(failed.getAttribute('data-failed')).toBe('true');
    expect(text(failed)).toMatch('failed');
    expect(text(failed)).toMatch('CHG0030041 (standard)');
    expect(text(rows[1])).toMatch(/CHG0030042 \(normal\)2$/);
    expect(text(rows[0])).toMatch('no change');

    // The compare starts at production's previous and current versions (the failed v2.14.0 never ran there).
    expect((within(page).getByRole('combobox', { name: 'From' }) as HTMLSelectElement).value).toBe('v2.13.0');
    expect((within(page).getByRole('combobox', { name: 'To' }) as HTMLSelectElement).value).toBe('v2.14.1');
    const result = await within(page).findByRole('region', { name: 'Compare result' });
    expect(text(result)).toMatch('v2.14.1 is ahead: a release');
    expect(text(result)).toMatch('It brings in 2 commits, through 1 pull request.');
    const commits = within(result).getByRole('table', { name: 'Commits brought in' });
    expect(text(commits)).toMatch('Retry card authorisations once on a gateway timeout');
    expect(text(commits)).toMatch('Grace Hopper');
    const pulls = within(result).getByRole('table', { name: 'Pull requests' });
    expect(text(pulls)).toMatch('#812');
    expect(text(pulls)).toMatch('Gateway timeouts: retry once');
    expect(text(pulls)).toMatch('grace approved');
    expect(text(pulls)).toMatch('linus asked for changes');
    expect(rendered.calls('compareVersions')).toEqual([{ service: 'Payments API', from: 'v2.13.0', to: 'v2.14.1' }]);

    // Any two versions: the compare follows the selects.
    await rendered.user.selectOptions(within(page).getByRole('combobox', { name: 'From' }), 'v2.14.0');
    await waitFor(() =>
      expect(rendered.calls('compareVersions').at(-1)).toEqual({ service: 'Payments API', from: 'v2.14.0', to: 'v2.14.1' }),
    );
  });

  test('says prominently why two versions cannot be traced', async () => {
    renderDelivery(<DeliveryServices />, { ...handlers, compareVersions: ({ from, to }) => untraceableCompare(from, to) });
    const result = await screen.findByRole('region', { name: 'Compare result' });
    expect(within(result).getByRole('alert')).toBeTruthy();
    expect(text(result)).toMatch('v2.13.0 to v2.14.1 cannot be traced');
    expect(text(result)).toMatch('v2.13.0 is no longer in acme/payments-api: it was force-pushed away or deleted');
  });

  test('a service with no repository mapped says so on its page, not a blank', async () => {
    const rendered = renderDelivery(<DeliveryServices />, handlers);
    const list = await screen.findByRole('navigation', { name: 'Services' });
    await rendered.user.click(within(list).getByRole('button', { name: /Billing Batch/ }));
    const page = screen.getByRole('article', { name: 'Delivery of Billing Batch' });
    expect(text(page)).toMatch('No delivery figures for Billing Batch');
    expect(text(page)).toMatch("No repository is mapped for this service in the workspace's delivery section");
    expect(rendered.calls('getServiceDelivery')).toEqual([{ service: 'Payments API', limit: 200 }]);
  });

  test('j and k move through the services', async () => {
    const rendered = renderDelivery(<DeliveryServices />, handlers);
    const list = await screen.findByRole('navigation', { name: 'Services' });
    within(list)
      .getByRole('button', { name: /Payments API/ })
      .focus();
    await rendered.user.keyboard('j');
    expect(
      within(list)
        .getByRole('button', { name: /Checkout Web/ })
        .getAttribute('aria-current'),
    ).toBe('true');
    expect(document.activeElement).toBe(within(list).getByRole('button', { name: /Checkout Web/ }));
    expect(screen.getByRole('article', { name: 'Delivery of Checkout Web' })).toBeTruthy();
    await rendered.user.keyboard('j');
    await rendered.user.keyboard('k');
    expect(
      within(list)
        .getByRole('button', { name: /Checkout Web/ })
        .getAttribute('aria-current'),
    ).toBe('true');
  });

  test('says what to do when no service is mapped', async () => {
    renderDelivery(<DeliveryServices />, { listDeliveryServices: () => ({ services: [], sources: [] }) });
    expect(await screen.findByText(/No service is mapped for delivery/)).toBeTruthy();
  });

  test("says delivery is not set up, in the engine's words, when the workspace maps nothing", async () => {
    renderDelivery(<DeliveryServices />, {
      listDeliveryServices: () => {
        throw new ConsoleClientError('not_found', 'This workspace maps no services to repositories: add a `delivery:` section');
      },
    });
    expect(await screen.findByText('Delivery is not set up')).toBeTruthy();
    expect(screen.getByText(/add a `delivery:` section/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('shows a failure to load the services in words, with Try again', async () => {
    let fail = true;
    const rendered = renderDelivery(<DeliveryServices />, {
      ...handlers,
      listDeliveryServices: () => {
        if (fail) throw new ConsoleClientError('network', 'The engine is not running.');
        return deliveryServices();
      },
    });
    const alert = await screen.findByRole('alert');
    expect(text(alert)).toMatch('Could not load the services');
    expect(text(alert)).toMatch('The engine is not running.');
    fail = false;
    await rendered.user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('navigation', { name: 'Services' })).toBeTruthy();
  });

  test('reads the services again when the engine says deliveries changed', async () => {
    const rendered = renderDelivery(<WithEvents />, handlers);
    await screen.findByRole('navigation', { name: 'Services' });
    const before = rendered.calls('listDeliveryServices').length;
    await rendered.push({ name: 'deliveryChanged', payload: { at: new Date().toISOString() } });
    await waitFor(() => expect(rendered.calls('listDeliveryServices').length).toBe(before + 1));
  });
});
