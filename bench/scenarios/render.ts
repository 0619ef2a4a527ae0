/**
 * Render: the web console in Debian's Chromium, served by the headless host (engine +
 * startHttpHost + the built renderer) over 5,000 open incidents.
 *
 * - first rows: the page is reloaded several times (after one warm-up load); each time,
 *   from the end of the getSnapshot response that fed the table (resource timing) to the
 *   first incident row in the DOM and to the frame after it.
 * - live delta: 50 incidents at the top of the queue (the rows on screen) change status in
 *   the simulator (acknowledged <-> triggered), the engine polls at once, and the page
 *   times from the incidentsChanged message's arrival to every changed row on screen
 *   showing its new status, and to the frame after it.
 * - storm: the same with 500 incidents in one incidentsChanged message.
 * - page load: from navigation start to the first rows, and the start bundle (the scripts
 *   and style sheets fetched before them).
 *
 * Everything is timed inside the page (see render-probe.ts); no renderer hooks needed.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { startHttpHost, type HttpHost } from '../../electron/server';
import { startPagerDutySimulator } from '../../electron/simulators/pagerduty';
import type { IncidentRecord } from '../../electron/simulators/pagerduty';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_RECONCILE_INTERVAL_MS, sleep, startBenchEngine, withTimeout } from '../harness';
import { ensureRendererBuilt } from '../renderer-build';
import { PROBE_SCRIPT, type ProbeWindow } from '../render-probe';
import { formatValue, makeRow, type ScenarioResult } from '../report';
import { summarize } from '../stats';
import { errorText } from '../../shared/error-text';

export interface RenderOptions {
  /** Measured page loads (one warm-up load comes first). */
  loads: number;
  /** Measured live deltas. */
  deltas: number;
  incidents?: number;
  deltaSize?: number;
  /** Measured storms (default: as many as deltas). */
  storms?: number;
  stormSize?: number;
  allowBuild: boolean;
  log: (line: string) => void;
}

const FIRST_ROWS_TARGET_MS = 300;
const DELTA_TARGET_MS = 16;
const STORM_TARGET_MS = 50;
const PAGE_LOAD_TARGET_MS = 400;
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIEWPORT = { width: 1280, height: 800 };
/** The first live updates after a load, reported apart in a note (the page's code for them is still being optimised). */
const WARM_UP_DELTAS = 10;
/** After the last load, before the live updates: the page fetches and compiles the other areas' code while idle (lazy-view.tsx). */
const SETTLE_MS = 3_000;
const STEP_TIMEOUT_MS = 20_000;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface LoadSample {
  /** getSnapshot response end to first row in the DOM. */
  toDomMs: number;
  /** getSnapshot response end to the frame after it. */
  toFrameMs: number;
  /** Navigation start to the frame after the first row. */
  pageToFrameMs: number;
  /** Navigation start to the getSnapshot request that fed the rows (the start bundle fetched and run). */
  toSnapshotRequestMs: number;
  /** That getSnapshot request's start to its response's end. */
  snapshotTransferMs: number;
  snapshotFetches: number;
  snapshotBytes: number;
  /** Bytes (as sent) of the scripts and style sheets fetched before the first row, and how many. */
  startBundleBytes: number;
  startBundleFiles: number;
}

interface DeltaSample {
  toDomMs: number;
  /** The message to the page's own listener returning: parsed and folded into its store. */
  handledMs: number;
  toFrameMs: number;
  rowsChecked: number;
  upserted: number | null;
}

/**
 * The incidents to change: those whose rows the page has rendered (so the change is
 * visible), then the newest others, up to `count`.
 */
function pickChanged(open: IncidentRecord[], renderedIds: string[], count: number): IncidentRecord[] {
  const byId = new Map(open.map((incident) => [incident.id, incident]));
  const rendered = renderedIds.map((id) => byId.get(id)).filter((incident): incident is IncidentRecord => incident !== undefined);
  const chosen = new Set(rendered.slice(0, count));
  const newestFirst = [...open].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
  for (const incident of newestFirst) {
    if (chosen.size >= count) break;
    chosen.add(incident);
  }
  return [...chosen];
}

/** Problems the page reported (uncaught errors, console errors), for failure messages. */
function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return problems;
}

/** Waits for a condition in the page; on timeout, says what it waited for and what the page showed. */
async function waitInPage(page: Page, problems: string[], what: string, predicate: () => unknown): Promise<void> {
  try {
    // A function, not a string: the console's CSP forbids eval, which string predicates need.
    await page.waitForFunction(predicate, null, { timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    const rows = await page
      .locator('[role="row"][data-incident-id]')
      .count()
      .catch(() => -1);
    const distinct = [...new Set(problems)];
    const seen = distinct.length ? ` The page reported: ${distinct.slice(-3).join(' | ')}` : ' The page reported no errors.';
    throw new Error(`Waited ${STEP_TIMEOUT_MS / 1000} s in the page for ${what}; ${rows} incident rows are in the DOM.${seen}`, {
      cause: error,
    });
  }
}

async function measureLoad(page: Page, problems: string[], what: string, navigate: () => Promise<unknown>): Promise<LoadSample> {
  await navigate();
  await waitInPage(
    page,
    problems,
    `the first incident row ([role="row"][data-incident-id]) after ${what}`,
    () => (globalThis as unknown as ProbeWindow).__oncallBench.firstRowFrameAt !== null,
  );
  const timing = await page.evaluate(() => (globalThis as unknown as ProbeWindow).__oncallBench.firstRowTiming());
  const firstRowAt = timing.firstRowAt!;
  const fed = timing.snapshots.filter((snapshot) => snapshot.responseEnd > 0 && snapshot.responseEnd <= firstRowAt).at(-1);
  if (!fed) throw new Error('No getSnapshot response ended before the first row appeared (resource timing missing?)');
  return {
    toDomMs: firstRowAt - fed.responseEnd,
    toFrameMs: timing.firstRowFrameAt! - fed.responseEnd,
    pageToFrameMs: timing.firstRowFrameAt!,
    toSnapshotRequestMs: fed.startTime,
    snapshotTransferMs: fed.responseEnd - fed.startTime,
    snapshotFetches: timing.snapshots.length,
    snapshotBytes: fed.encodedBodySize,
    startBundleBytes: timing.startAssets.reduce((sum, asset) => sum + asset.bytes, 0),
    startBundleFiles: timing.startAssets.length,
  };
}

export async function runRender(options: RenderOptions): Promise<ScenarioResult> {
  const { incidents = 5_000, deltaSize = 50, stormSize = 500, storms = options.deltas } = options;
  const build = await ensureRendererBuilt({ repoRoot, allowBuild: options.allowBuild, log: options.log });
  const startedAt = performance.now();
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: 200 });
  const bench = startBenchEngine({
    baseUrl: simulator.baseUrl,
    from: simulator.state.me.email,
    pollIntervalMs: DEFAULT_POLL_INTERVAL_MS,
    reconcileIntervalMs: DEFAULT_RECONCILE_INTERVAL_MS,
  });
  const hostLog: string[] = [];
  let host: HttpHost | null = null;
  let browser: Browser | null = null;
  const loads: LoadSample[] = [];
  const deltas: DeltaSample[] = [];
  const stormSamples: DeltaSample[] = [];
  let chromiumVersion: string | undefined;
  try {
    await withTimeout("The engine's first load", bench.engine.ready(), 60_000);
    host = await startHttpHost({ engine: bench.engine, staticDir: build.dir, log: (line) => hostLog.push(line) });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    chromiumVersion = browser.version();
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.addInitScript(PROBE_SCRIPT);
    const problems = watchPageProblems(page);
    const url = host.url;

    // Warm-up load (cold caches, first compile), then reloads; the token stays in sessionStorage.
    await measureLoad(page, problems, 'the first page load', () => page.goto(url));
    for (let load = 0; load < options.loads; load++) {
      loads.push(await measureLoad(page, problems, `reload ${load + 1}`, () => page.reload()));
    }

    // The page settles first: after its first rows it loads the other areas' code while idle.
    await sleep(SETTLE_MS);
    const me = { type: 'user' as const, id: simulator.state.meUserId };
    const renderedIds = await page.evaluate(() => (globalThis as unknown as ProbeWindow).__oncallBench.renderedIds());
    const timeChanges = async (what: string, count: number, rounds: number, into: DeltaSample[]) => {
      const changed = pickChanged(simulator.state.listIncidents({ statuses: ['triggered', 'acknowledged'] }), renderedIds, count);
      if (changed.length < count) throw new Error(`Only ${changed.length} open incidents to change; the ${what} needs ${count}`);
      for (let round = 0; round < rounds; round++) {
        await sleep(250);
        const expected: Record<string, string> = {};
        for (const incident of changed) expected[incident.id] = incident.status === 'triggered' ? 'acknowledged' : 'triggered';
        await page.evaluate((statuses) => (globalThis as unknown as ProbeWindow).__oncallBench.arm(statuses), expected);
        for (const incident of changed) {
          if (incident.status === 'triggered') simulator.state.acknowledge(incident.id, me, { type: 'website' });
          else simulator.state.retrigger(incident.id, me, { type: 'website' });
        }
        await bench.engine.refreshNow();
        await waitInPage(
          page,
          problems,
          `${what} ${round + 1}: the incidentsChanged message and the ${count} rows' new status`,
          () => (globalThis as unknown as ProbeWindow).__oncallBench.deltaTiming()?.frameAt != null,
        );
        const timing = await page.evaluate(() => (globalThis as unknown as ProbeWindow).__oncallBench.deltaTiming());
        if (!timing) throw new Error('The page probe lost its armed delta');
        into.push({
          toDomMs: timing.domAt! - timing.messageAt!,
          handledMs: timing.handledAt! - timing.messageAt!,
          toFrameMs: timing.frameAt! - timing.messageAt!,
          rowsChecked: timing.rowsChecked,
          upserted: timing.upserted,
        });
      }
    };
    await timeChanges('delta', deltaSize, options.deltas, deltas);
    await timeChanges('storm', stormSize, storms, stormSamples);
  } catch (error) {
    // The page only sees "invalid response"; the host's log says what was wrong.
    if (hostLog.length === 0) throw error;
    const message = errorText(error);
    throw new Error(`${message} The host logged: ${hostLog.slice(-2).join(' | ').slice(0, 600)}`, { cause: error });
  } finally {
    await browser?.close();
    await host?.close();
    await bench.stop();
    await simulator.close();
  }

  const firstRowsDom = summarize(loads.map((sample) => sample.toDomMs));
  const firstRowsFrame = summarize(loads.map((sample) => sample.toFrameMs));
  const pageLoad = summarize(loads.map((sample) => sample.pageToFrameMs));
  const deltaDom = summarize(deltas.map((sample) => sample.toDomMs));
  const deltaFrame = summarize(deltas.map((sample) => sample.toFrameMs));
  // Where the page load and a delta's time goes (notes: the measurement behind a missed target).
  const toSnapshotRequest = summarize(loads.map((sample) => sample.toSnapshotRequestMs));
  const snapshotTransfer = summarize(loads.map((sample) => sample.snapshotTransferMs));
  const deltaHandled = summarize(deltas.map((sample) => sample.handledMs));
  const deltaRender = summarize(deltas.map((sample) => sample.toDomMs - sample.handledMs));
  // The first updates after a page load run code not optimised yet: they are told apart from the rest.
  const deltaEarly = summarize(deltas.slice(0, WARM_UP_DELTAS).map((sample) => sample.toDomMs));
  const deltaLater = deltas.length > WARM_UP_DELTAS ? summarize(deltas.slice(WARM_UP_DELTAS).map((sample) => sample.toDomMs)) : null;
  const stormHandled = summarize(stormSamples.map((sample) => sample.handledMs));
  const stormRender = summarize(stormSamples.map((sample) => sample.toDomMs - sample.handledMs));
  const medianP95 = (summary: { median: number; p95: number }) => `${formatValue(summary.median)} / ${formatValue(summary.p95)} ms`;
  const stormDom = summarize(stormSamples.map((sample) => sample.toDomMs));
  const stormFrame = summarize(stormSamples.map((sample) => sample.toFrameMs));
  const stormUpserted = [...new Set(stormSamples.map((sample) => sample.upserted))];
  const stormRows = summarize(stormSamples.map((sample) => sample.rowsChecked));
  const startBundle = summarize(loads.map((sample) => sample.startBundleBytes / 1024));
  const startFiles = summarize(loads.map((sample) => sample.startBundleFiles));
  const count = incidents.toLocaleString('en-US');
  const fetchesPerLoad = summarize(loads.map((sample) => sample.snapshotFetches));
  const upsertedCounts = [...new Set(deltas.map((sample) => sample.upserted))];
  const rowsChecked = summarize(deltas.map((sample) => sample.rowsChecked));
  return {
    rows: [
      makeRow({
        scenario: 'render',
        metric: 'snapshot arrived to first rows on screen',
        unit: 'ms',
        summary: firstRowsFrame,
        show: 'p95',
        other: `in DOM ${formatValue(firstRowsDom.median)}`,
        target: { atMost: FIRST_ROWS_TARGET_MS, appliesTo: 'median' },
      }),
      makeRow({
        scenario: 'render',
        metric: 'page load to first rows, warm host',
        unit: 'ms',
        summary: pageLoad,
        show: 'p95',
        target: { atMost: PAGE_LOAD_TARGET_MS, appliesTo: 'median' },
      }),
      makeRow({
        scenario: 'render',
        metric: 'start bundle (scripts and styles before first rows)',
        unit: 'KB',
        summary: startBundle,
        show: 'max',
        other: `${formatValue(startFiles.median)} files`,
      }),
      makeRow({
        scenario: 'render',
        metric: `${deltaSize}-incident delta: message to DOM`,
        unit: 'ms',
        summary: deltaDom,
        show: 'p95',
        target: { atMost: DELTA_TARGET_MS, appliesTo: 'p95' },
      }),
      makeRow({
        scenario: 'render',
        metric: `${deltaSize}-incident delta: message to next frame`,
        unit: 'ms',
        summary: deltaFrame,
        show: 'p95',
      }),
      makeRow({
        scenario: 'render',
        metric: `${stormSize}-incident storm: message to DOM`,
        unit: 'ms',
        summary: stormDom,
        show: 'p95',
        other: `next frame ${formatValue(stormFrame.median)}`,
        target: { atMost: STORM_TARGET_MS, appliesTo: 'p95' },
      }),
    ],
    notes: [
      `Chromium ${chromiumVersion ?? 'unknown'} (${CHROMIUM_PATH}), headless, ${VIEWPORT.width}x${VIEWPORT.height}; engine + web console host + simulator in this process.`,
      build.action === 'built'
        ? `Renderer built first (${build.reason}): ${formatValue(build.durationMs / 1000)} s, not counted.`
        : build.action === 'up-to-date'
          ? 'Renderer: out/renderer was up to date with its sources.'
          : `Renderer: ${build.reason}; measured as it was.`,
      `First rows: ${options.loads} reloads of the queue (${count} open incidents) after a warm-up load, timed from the end of the getSnapshot response that fed the table (${formatValue(loads[0] ? loads[0].snapshotBytes / 1024 / 1024 : 0)} MB) to the first row in the DOM / the frame after it. getSnapshot fetches per load: median ${fetchesPerLoad.median}, max ${fetchesPerLoad.max}.`,
      `Live delta: ${SETTLE_MS / 1000} s after the last load (the page loads the other areas' code while idle after its first rows), ${options.deltas} times, ${deltaSize} incidents (the rows on screen first) toggled acknowledged/triggered in the simulator and the engine polled at once; timed from the incidentsChanged message (carrying ${upsertedCounts.join('/')} incidents) to all ${rowsChecked.median} changed rows on screen showing the new status / the frame after it.`,
      `Storm: ${storms} times, ${stormSize} incidents in one incidentsChanged message (carrying ${stormUpserted.join('/')}), timed as the live delta, to all ${stormRows.median} changed rows on screen (next frame median ${formatValue(stormFrame.median)} ms).`,
      `Page load: from navigation start (the host warm, the page reloaded) to the frame after the first row; the start bundle is the scripts and style sheets fetched before that row, as sent (${formatValue(startBundle.median)} KB in ${formatValue(startFiles.median)} files).`,
      `Page load, where it goes (median / p95): navigation to the getSnapshot request (the start bundle fetched and run) ${medianP95(toSnapshotRequest)}; the snapshot's transfer (${count} incidents) ${medianP95(snapshotTransfer)}; the snapshot to the frame after the first row ${medianP95(firstRowsFrame)}.`,
      `${deltaSize}-incident delta to DOM, the first ${WARM_UP_DELTAS} after the load ${medianP95(deltaEarly)}${deltaLater ? `, the ${deltas.length - WARM_UP_DELTAS} after them ${medianP95(deltaLater)}` : ''} (median / p95).`,
      `Delta and storm, where the time to DOM goes (median / p95): the page's own listener (parse the message, fold it into the store) ${medianP95(deltaHandled)} for ${deltaSize}, ${medianP95(stormHandled)} for ${stormSize}; React's render and commit after it ${medianP95(deltaRender)} for ${deltaSize}, ${medianP95(stormRender)} for ${stormSize}.`,
      ...(hostLog.length ? [`The host logged: ${hostLog.slice(0, 3).join(' | ')}`] : []),
    ],
    details: {
      chromium: chromiumVersion ?? null,
      viewport: VIEWPORT,
      incidents,
      deltaSize,
      rendererBuild: { ...build, durationMs: Math.round(build.durationMs) },
      firstRows: { toDomMs: firstRowsDom, toFrameMs: firstRowsFrame, pageToFrameMs: pageLoad, samples: loads },
      firstRowsBreakdown: { toSnapshotRequestMs: toSnapshotRequest, snapshotTransferMs: snapshotTransfer },
      delta: { toDomMs: deltaDom, toFrameMs: deltaFrame, handledMs: deltaHandled, renderMs: deltaRender, samples: deltas },
      storm: {
        size: stormSize,
        toDomMs: stormDom,
        toFrameMs: stormFrame,
        handledMs: stormHandled,
        renderMs: stormRender,
        samples: stormSamples,
      },
      startBundle: { kilobytes: startBundle, files: startFiles },
    },
    durationMs: performance.now() - startedAt,
  };
}
