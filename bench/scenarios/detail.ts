/**
 * Detail: what the incident detail pane costs PagerDuty, measured on the real page.
 *
 * The web console (headless host + built renderer) runs in Debian's Chromium against the
 * engine and the PagerDuty simulator. What the simulator's request log shows in a window,
 * the engine's polls left out, is the pane's own traffic (and the action's):
 *
 * - opening: a click on a triggered incident's row opens its pane; the requests until the
 *   pane shows its timeline, plus a settle time for any late ones.
 * - opening again: Escape, then a click on the same row, within the detail's cache time.
 * - acknowledging from the pane: the pane's Acknowledge button, then 10 s of everything
 *   that follows (the action, the engine's poll after it, the pane's refetches).
 * - acknowledging from the queue: the same with the pane closed (`a` on the row under the
 *   cursor): the action's own cost, which the pane's figure is compared against.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startHttpHost, type HttpHost } from '../../electron/server';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';
import { restRequests, sleep, startBenchEngine, withTimeout } from '../harness';
import { ensureRendererBuilt } from '../renderer-build';
import { describeByPath } from '../request-count';
import { makeRow, type ScenarioResult } from '../report';
import { summarize } from '../stats';

export interface DetailOptions {
  /** Incidents opened and acknowledged from the pane (and as many from the queue). */
  samples: number;
  allowBuild: boolean;
  log: (line: string) => void;
}

const OPEN_TARGET = 3;
const ACTION_EXTRA_TARGET = 2;
/** How long after an action its requests (and the pane's refetches) are counted. */
const ACTION_WINDOW_MS = 10_000;
/** After the pane shows, how long late requests are still counted as the opening's. */
const SETTLE_MS = 1_000;
/**
 * The engine's polls (GET /log_entries, account-wide) are left out of every window: their
 * cadence is the poll loop's business (it polls faster while someone is looking), and one
 * after an action comes with the queue's acknowledge and the pane's alike.
 */
const POLL_PATH = '/log_entries';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const STEP_TIMEOUT_MS = 20_000;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Window {
  count: number;
  byPath: string;
}

/** Counts the REST requests the simulator logged while `step` ran and for `extraMs` after. */
async function countDuring(simulator: PagerDutySimulator, step: () => Promise<void>, extraMs: number): Promise<Window> {
  const mark = simulator.requests.length;
  await step();
  await sleep(extraMs);
  const seen = restRequests(simulator.requests.slice(mark)).filter((request) => request.path !== POLL_PATH);
  return {
    count: seen.length,
    byPath: describeByPath(seen.map((request) => ({ ...request, path: shortPath(request.path) }))),
  };
}

/** "/incidents/Q1ABC/notes" -> "/incidents/{id}/notes", so a note sums paths over incidents. */
function shortPath(path: string): string {
  return path.replace(/^\/(incidents|escalation_policies)\/[^/]+/, '/$1/{id}');
}

function row(page: Page, incidentId: string) {
  return page.locator(`[role="row"][data-incident-id="${incidentId}"]`);
}

async function openPane(page: Page, incidentId: string): Promise<void> {
  await row(page, incidentId).click({ timeout: STEP_TIMEOUT_MS });
  await page.locator('aside.detail-pane section[aria-label="Timeline"]').waitFor({ timeout: STEP_TIMEOUT_MS });
}

async function closePane(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('aside.detail-pane').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
}

export async function runDetail(options: DetailOptions): Promise<ScenarioResult> {
  const build = await ensureRendererBuilt({ repoRoot, allowBuild: options.allowBuild, log: options.log });
  const startedAt = performance.now();
  const simulator = await startPagerDutySimulator({ seedIncidents: 60 });
  const { me } = simulator.state;
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: me.email,
    // The console's user, as a real host has it (whoAmI at start): the notification center reads who is on call.
    me: { id: me.id, name: me.name, email: me.email },
    pollIntervalMs: 60_000,
    reconcileIntervalMs: 30 * 60_000,
  });
  let host: HttpHost | null = null;
  let browser: Browser | null = null;
  const opens: Window[] = [];
  const reopens: Window[] = [];
  const paneAcks: Window[] = [];
  const queueAcks: Window[] = [];
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    host = await startHttpHost({ engine: bench.engine, staticDir: build.dir, log: () => undefined });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.locator('[role="row"][data-incident-id]').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await sleep(2_000); // the queue's own start-up reads (directory, who is on call) are not the pane's

    // Rows the page has drawn (the queue is virtualised) whose incident is triggered.
    const drawn = await page
      .locator('[role="row"][data-incident-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-incident-id')));
    const isTriggered = new Set(simulator.state.listIncidents({ statuses: ['triggered'] }).map((incident) => incident.id));
    const triggered = drawn.filter((id): id is string => id !== null && isTriggered.has(id)).slice(0, options.samples * 2 + 1);
    if (triggered.length < options.samples * 2 + 1)
      throw new Error(`Only ${triggered.length} triggered incidents drawn; need ${options.samples * 2 + 1}`);
    // Every pane incident gets a note (the pane reads notes only for incidents that have some: this is the costlier case).
    for (let sample = 0; sample < options.samples; sample++)
      simulator.state.addNote(triggered[sample * 2]!, simulator.state.meUserId, 'Looking');
    // One action first, unmeasured: who the token belongs to is read once per run, by whichever action comes first.
    await bench.engine.submitAction({ kind: 'acknowledge', incidentIds: [triggered.pop()!] });
    await sleep(3_000);
    for (let sample = 0; sample < options.samples; sample++) {
      const paneId = triggered[sample * 2]!;
      const queueId = triggered[sample * 2 + 1]!;
      opens.push(await countDuring(simulator, () => openPane(page, paneId), SETTLE_MS));
      await closePane(page);
      reopens.push(await countDuring(simulator, () => openPane(page, paneId), SETTLE_MS));
      const ack = page.locator('aside.detail-pane [role="toolbar"]').getByRole('button', { name: /^Acknowledge/ });
      paneAcks.push(await countDuring(simulator, () => ack.click({ timeout: STEP_TIMEOUT_MS }), ACTION_WINDOW_MS));
      await closePane(page);

      // From the queue: the row under the cursor with the pane closed (opened once first, settled, then closed).
      await openPane(page, queueId);
      await sleep(SETTLE_MS);
      await closePane(page);
      queueAcks.push(await countDuring(simulator, () => page.keyboard.press('a'), ACTION_WINDOW_MS));
    }
  } finally {
    await browser?.close();
    await host?.close();
    await bench.stop();
    await simulator.close();
  }

  const open = summarize(opens.map((window) => window.count));
  const reopen = summarize(reopens.map((window) => window.count));
  const pane = summarize(paneAcks.map((window) => window.count));
  const queue = summarize(queueAcks.map((window) => window.count));
  const extra = summarize(paneAcks.map((window, index) => window.count - queueAcks[index]!.count));
  return {
    rows: [
      makeRow({
        scenario: 'detail',
        metric: 'requests to open an incident detail',
        unit: 'req',
        summary: open,
        show: 'max',
        target: { atMost: OPEN_TARGET, appliesTo: 'max' },
      }),
      makeRow({ scenario: 'detail', metric: 'requests to open it again (cached)', unit: 'req', summary: reopen, show: 'max' }),
      makeRow({
        scenario: 'detail',
        metric: 'acknowledge from the pane, 10 s',
        unit: 'req',
        summary: pane,
        show: 'max',
        other: `queue: ${queue.median}`,
      }),
      makeRow({
        scenario: 'detail',
        metric: 'pane acknowledge beyond the queue one',
        unit: 'req',
        summary: extra,
        show: 'max',
        target: { atMost: ACTION_EXTRA_TARGET, appliesTo: 'max' },
      }),
      makeRow({ scenario: 'detail', metric: 'acknowledge from the queue, 10 s', unit: 'req', summary: queue, show: 'max' }),
    ],
    notes: [
      `Chromium (${CHROMIUM_PATH}) on the web console, 60 open incidents; the engine's polls (GET /log_entries) are left out of every window, so they hold only the pane's and the action's requests; ${options.samples} incidents opened and acknowledged from the pane, ${options.samples} others acknowledged from the queue.`,
      "Who is on call for the incident's policy comes from the engine's shared on-call read (the notification center reads it every 5 minutes for the console's user) while every shift of the policy is under way, else from GET /oncalls for the policy.",
      `First opening: ${opens[0]?.byPath ?? '-'}. Again: ${reopens[0]?.byPath ?? '-'}.`,
      `Acknowledge from the pane: ${paneAcks[0]?.byPath ?? '-'}. From the queue: ${queueAcks[0]?.byPath ?? '-'}.`,
      ...(opens.length > 1
        ? [
            `Later openings: ${opens
              .slice(1)
              .map((window) => window.byPath)
              .join(' | ')}`,
          ]
        : []),
    ],
    details: { opens, reopens, paneAcks, queueAcks, rendererBuild: build.action },
    durationMs: performance.now() - startedAt,
  };
}
