/**
 * Settings in the web console against `serve --demo`: the gear opens the settings; the
 * connections come from the demo workspace and are read-only, with a note; export gives a
 * workspace YAML without any secret; a malformed workspace shows its problem by line. With
 * Splunk On-Call beside PagerDuty, its connection is listed and tested, and exported in the list form.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, type RunningConsole } from './fixtures/console-server';
import { screenshotBothThemes, settled } from './fixtures/screens';

/** The demo's built-in credentials (electron/host/demo-setup.ts), which must never be shown or exported. */
const DEMO_SECRETS = ['demo-token-for-the-built-in-simulator', 'demo-api-token'];

async function openSettings(page: Page, running: RunningConsole) {
  await page.goto(running.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Open incidents' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  const drawer = page.getByRole('dialog', { name: 'Settings' });
  await expect(drawer).toBeVisible();
  return drawer;
}

test('the settings open from the header, with the demo connections read-only', async ({ page, console: running }) => {
  const drawer = await openSettings(page, running);
  await expect(drawer.getByRole('tab', { name: 'Connections' })).toHaveAttribute('aria-selected', 'true');
  await expect(drawer.getByTestId('connections-note')).toContainText('Read-only here');
  const list = drawer.getByRole('list', { name: 'Connections' });
  await expect(list.getByRole('listitem', { name: /^PagerDuty: / })).toBeVisible();
  await expect(list.getByRole('listitem', { name: /^ServiceNow: / })).toContainText('Secret stored');
  await expect(drawer.getByRole('button', { name: 'Add connection' })).toHaveCount(0);
  await expect(drawer.getByRole('button', { name: 'Remove' })).toHaveCount(0);

  // Test signs in with the stored (demo) secret, which never reaches the page.
  await list
    .getByRole('listitem', { name: /^PagerDuty: / })
    .getByRole('button', { name: 'Test' })
    .click();
  await expect(list.getByRole('status')).toContainText(/Signed in to .* as /);
  const html = await page.content();
  for (const secret of DEMO_SECRETS) expect(html).not.toContain(secret);
});

test('export gives the workspace as YAML without secrets', async ({ page, console: running }) => {
  const drawer = await openSettings(page, running);
  await drawer.getByRole('tab', { name: 'Workspace' }).click();
  const downloading = page.waitForEvent('download');
  await drawer.getByRole('button', { name: 'Export workspace YAML' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('oncall-workspace.yaml');
  const yaml = readFileSync(await download.path(), 'utf8');
  expect(yaml).toContain('paging:');
  expect(yaml).toContain(`baseUrl: ${running.pagerDutyApi}`);
  expect(yaml).toContain('provider: servicenow');
  for (const secret of DEMO_SECRETS) expect(yaml).not.toContain(secret);
  expect(yaml).not.toMatch(/^\s*(token|password|apiToken|secret)\s*:/im);
  await expect(drawer.getByLabel('Exported workspace')).toHaveValue(yaml);
});

test('a malformed workspace shows its problems with their line numbers', async ({ page, console: running }) => {
  const drawer = await openSettings(page, running);
  await drawer.getByRole('tab', { name: 'Workspace' }).click();
  await drawer
    .getByLabel('Workspace YAML')
    .fill('name: Team\npaging:\n  provider: pagerduty\n  baseUrl: api.pagerduty.com\n  pollIntervalSecs: 5\n');
  await drawer.getByRole('button', { name: 'Check' }).click();
  const problems = drawer.getByRole('alert').filter({ hasText: 'The workspace has problems' });
  await expect(problems).toContainText('Line 4, column 12: paging.baseUrl: must be an http(s) URL');
  await expect(problems).toContainText(
    'Line 5, column 3: paging.pollIntervalSecs: unknown key "pollIntervalSecs" (did you mean "pollIntervalSeconds"?)',
  );

  await drawer.getByLabel('Workspace YAML').fill('paging:\n  provider: [pagerduty\n');
  await drawer.getByRole('button', { name: 'Check' }).click();
  await expect(drawer.getByRole('alert').filter({ hasText: 'The workspace has problems' })).toContainText(
    /Line \d+, column \d+: invalid YAML/,
  );
});

test.describe('with Splunk On-Call beside PagerDuty (serve --demo --demo-splunk-on-call)', () => {
  test.use({ consoleArgs: ['--demo-splunk-on-call'] });

  test('the Splunk On-Call connection is listed, its Test names the API ID and the user, and export lists both platforms', async ({
    page,
    console: running,
  }) => {
    const splunkKey = 'demo-api-key-for-the-built-in-simulator';
    const drawer = await openSettings(page, running);
    const item = drawer.getByRole('list', { name: 'Connections' }).getByRole('listitem', { name: /^Splunk On-Call: / });
    await expect(item).toContainText('Secret stored');
    await expect(item).toContainText(running.splunkOnCallApi!);
    await item.getByRole('button', { name: 'Test' }).click();
    await expect(item.getByRole('status')).toContainText(
      /Signed in to Splunk On-Call \(the organisation's API key, API ID demo-api-id\) as .* \(dana\.developer\)/,
    );
    await page.setViewportSize({ width: 1280, height: 720 });
    await settled(page, drawer);
    await screenshotBothThemes(page, 'settings-splunk-on-call');

    await drawer.getByRole('tab', { name: 'Workspace' }).click();
    const downloading = page.waitForEvent('download');
    await drawer.getByRole('button', { name: 'Export workspace YAML' }).click();
    const yaml = readFileSync(await (await downloading).path(), 'utf8');
    expect(yaml).toContain('- provider: splunk-on-call');
    expect(yaml).toContain(`apiUrl: ${running.splunkOnCallApi}`);
    expect(yaml).not.toContain(splunkKey);
    expect(await page.content()).not.toContain(splunkKey);
  });
});
