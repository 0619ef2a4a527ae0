/**
 * The Delivery area's Metrics tab as a user sees it: the four figures with their DORA band
 * (in words, not colour alone), the split by change type with standard and normal side by
 * side (emergency too when there were some), the figures per service and per team with
 * the reason for a missing figure in words, the window and team switches, and a failure.
 */
import { describe, expect, test } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import DeliveryMetricsView from '../../../../../renderer/src/features/delivery/delivery-metrics-view';
import { ConsoleClientError } from '../../../../../renderer/src/client/console-client-error';
import { deliveryMetrics, deliveryServices } from './delivery-fixtures';
import { renderDelivery, type Handlers } from './render-delivery';

const text = (element: Element | null | undefined) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

const handlers: Handlers = {
  getDeliveryMetrics: () => deliveryMetrics(),
  listDeliveryServices: () => deliveryServices(),
};

describe('the Delivery metrics', () => {
  test('shows the four figures with their bands, for everything shown', async () => {
    renderDelivery(<DeliveryMetricsView />, handlers);
    await screen.findByRole('group', { name: 'Deployment frequency' });
    // 5 successful production deployments in 30 days: 1.2 a week, high (at least weekly).
    expect(text(screen.getByRole('group', { name: 'Deployment frequency' }))).toMatch('1.2 a weekhigh');
    // 1 of 6 failed: 17%, low.
    expect(text(screen.getByRole('group', { name: 'Change failure rate' }))).toMatch('17%low');
    // The failed deployment was followed by a successful one a day later.
    expect(text(screen.getByRole('group', { name: 'Failed deployment recovery time' }))).toMatch('1 daymedium');
  });

  test('draws the trend week by week, with the same figures as a table', async () => {
    renderDelivery(<DeliveryMetricsView />, handlers);
    const trend = await screen.findByRole('figure', { name: 'Delivery trend of all services, week by week' });
    const rows = within(within(trend).getByRole('table', { name: 'Delivery trend by week' }))
      .getAllByRole('row')
      .slice(1);
    const column = (index: number) => rows.map((row) => Number(within(row).getAllByRole('cell')[index]?.textContent));
    expect(column(1).reduce((sum, count) => sum + count, 0)).toBe(6);
    expect(column(2).reduce((sum, count) => sum + count, 0)).toBe(1);
  });

  test('sets standard and normal changes side by side, with emergency when there were some', async () => {
    renderDelivery(<DeliveryMetricsView />, handlers);
    const split = await screen.findByRole('table', { name: 'By change type: all services' });
    const headers = within(split)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toEqual(['Figure', 'Standard (pre-approved)', 'Normal (approved one by one)', 'Emergency']);
    const lead = within(split).getByRole('row', { name: /^Lead time for changes/ });
    const cells = within(lead).getAllByRole('cell').map(text);
    // Standard: 5 h and 6 h (median 5 h 30 min); normal: 4 days and 2 days (the failed one left out).
    expect(cells[0]).toMatch(/^5 h 30 min elite/);
    expect(cells[1]).toMatch(/^3 days high/);
    expect(cells[2]).toMatch(/^3 h elite/);
  });

  test('lists the figures per service and per team, with the reason for a missing one in words', async () => {
    renderDelivery(<DeliveryMetricsView />, handlers);
    const services = await screen.findByRole('table', { name: 'Figures by service' });
    const checkout = within(services).getByRole('row', { name: /^Checkout Web/ });
    expect(text(checkout)).toMatch('No production deployments in the window.');
    const payments = within(services).getByRole('row', { name: /^Payments API/ });
    expect(within(payments).getAllByRole('cell')[0]?.textContent).toBe('6');
    const teams = screen.getByRole('table', { name: 'Figures by team' });
    // Team ids are named from the services' owners.
    expect(within(teams).getByRole('row', { name: /^Payments/ })).toBeTruthy();
    expect(within(teams).getByRole('row', { name: /^Storefront/ })).toBeTruthy();
  });

  test('asks for another window and for one team', async () => {
    const rendered = renderDelivery(<DeliveryMetricsView />, handlers);
    await screen.findByRole('table', { name: 'Figures by team' });
    expect(rendered.calls('getDeliveryMetrics')[0]).toMatchObject({ days: 30 });
    await rendered.user.click(screen.getByRole('radio', { name: 'Last 90 days' }));
    await waitFor(() => expect(rendered.calls('getDeliveryMetrics').at(-1)).toMatchObject({ days: 90 }));
    await waitFor(() => expect(screen.getByRole('option', { name: 'Storefront' })).toBeTruthy());
    await rendered.user.selectOptions(screen.getByRole('combobox', { name: 'Team' }), 'Storefront');
    await waitFor(() => expect(rendered.calls('getDeliveryMetrics').at(-1)).toMatchObject({ days: 90, team: 'PTEAM2' }));
  });

  test('says why the metrics could not be read', async () => {
    renderDelivery(<DeliveryMetricsView />, {
      ...handlers,
      getDeliveryMetrics: () => {
        throw new ConsoleClientError('upstream', 'GitHub refused the token (401 Bad credentials).');
      },
    });
    const alert = await screen.findByRole('alert');
    expect(text(alert)).toMatch('Could not load the delivery metrics');
    expect(text(alert)).toMatch('GitHub refused the token (401 Bad credentials).');
  });
});
