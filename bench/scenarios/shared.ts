/**
 * Shared: the specialist requests' shared record. Consoles on different machines see each
 * other's requests only through the ticketing system (ServiceNow here): each polls for the
 * console-raised tickets changed since its last look and merges the console notes on them
 * (request-sync.ts, request-sharing.ts; specialist-changes.ts on the ServiceNow side).
 * Consoles are wired as in shared-record-against-simulators.test.ts (specialist-consoles.ts).
 *
 * - propagation: a developer's console asks the DBAs; time until the DBA's console, polling
 *   on its own, lists the ask. And back: the DBA claims; time until the developer's
 *   console shows it claimed. Each step starts at a stratified offset after the watching
 *   console's previous read, so the samples cover its whole poll cycle.
 * - idle round: ServiceNow requests per read on a console where nothing changes, counted
 *   in the simulator's log (each console signs in with its own password). Reads re-read
 *   what changed in the last 15 s (CURSOR_OVERLAP_MS), so rounds soon after a change are
 *   reported apart from rounds once it is older than that.
 * - first look: a fresh console (empty database) reads a backlog of requests, each with a
 *   few notes, that the developer's console raised.
 */
import { CURSOR_OVERLAP_MS } from '../../electron/providers/servicenow/specialist-changes';
import { sleep, waitFor, waitForAsync } from '../harness';
import { describeByPath, isSharedRecordRead } from '../request-count';
import { formatValue, makeRow, type ScenarioResult } from '../report';
import { seededRandom, stratifiedOffsets } from '../sampling';
import { startSharedRecordWorld, type BenchConsole } from '../specialist-consoles';
import { summarize } from '../stats';

export interface SharedOptions {
  /** Propagation samples, each way. */
  samples: number;
  /** Requests in the backlog a fresh console reads. */
  backlog: number;
  /** Fresh consoles that read the backlog, one after the other. */
  firstLooks: number;
  /** Idle rounds counted once the last change is older than the overlap. */
  quietRounds: number;
  /** The consoles' own shared-record poll interval (specialists.sharedRecordPollIntervalMs). */
  pollIntervalMs?: number;
  /** The developer's comments on each backlog request (each is a console note, after the one the ask itself writes). */
  commentsPerRequest?: number;
}

/** How much later than one poll interval an ask may show up elsewhere (raising the ticket, the note, the read). */
const PROPAGATION_SLACK_MS = 2_000;
/** The most rounds a fresh console may take to list the backlog (request-sync.ts reads up to 10 pages of 100 a round). */
const MAX_FIRST_LOOK_ROUNDS = 10;
/** A round is quiet once the read before it started this long after the last change (the overlap, plus the second the cursor is cut to). */
const QUIET_AFTER_MS = CURSOR_OVERLAP_MS + 1_000;
/** Spacing of the counted idle rounds on the quiet console. */
const IDLE_ROUND_SPACING_MS = 1_000;

/** A valid query-performance-review form (catalogue/dba.yaml), as in the integration test. */
function queryReview(symptoms: string) {
  return {
    database: 'pg-payments',
    environment: 'production',
    query: 'SELECT * FROM payments WHERE created_at > now() - interval 1 day',
    symptoms,
  };
}

/** Resolves once the console's own loop has read the shared record again (its next answer). */
async function nextRead(watcher: BenchConsole, timeoutMs: number): Promise<void> {
  const seen = watcher.pages.length;
  await waitFor(`${watcher.hostId} to read the shared record`, () => watcher.pages.length > seen, timeoutMs, 1);
}

export async function runShared({
  samples,
  backlog,
  firstLooks,
  quietRounds,
  pollIntervalMs = 2_000,
  commentsPerRequest = 2,
}: SharedOptions): Promise<ScenarioResult> {
  const startedAt = performance.now();
  const stepTimeoutMs = pollIntervalMs * 3 + 10_000;
  const world = await startSharedRecordWorld();
  const asks: Array<{ offsetMs: number; latencyMs: number }> = [];
  const claims: Array<{ offsetMs: number; latencyMs: number }> = [];
  const looks: Array<{
    hostId: string;
    ms: number;
    rounds: number;
    pages: number[];
    requests: number;
    byPath: string;
    otherRequests: string;
  }> = [];
  const idleRounds: Array<{ sinceChangeMs: number; previousSinceChangeMs: number; requests: number; byPath: string; quiet: boolean }> = [];
  let raiseMs: number;
  let rateLimited: number;
  let loggedRequests: number;
  const consoles: BenchConsole[] = [];
  try {
    const developer = await world.startConsole({ hostId: 'laptop-dana', persona: 'developer', sharedRecordPollIntervalMs: pollIntervalMs });
    const dba = await world.startConsole({ hostId: 'laptop-victor', persona: 'dba', sharedRecordPollIntervalMs: pollIntervalMs });
    consoles.push(developer, dba);
    await waitFor("both consoles' first reads", () => developer.pages.length > 0 && dba.pages.length > 0, 30_000);

    // 1. Propagation: the ask one way, the claim the other; neither console is told to read.
    const askedIds: string[] = [];
    const askOffsets = stratifiedOffsets(samples, pollIntervalMs, seededRandom(20_261_126));
    const claimOffsets = stratifiedOffsets(samples, pollIntervalMs, seededRandom(20_261_127));
    for (let index = 0; index < samples; index++) {
      await nextRead(dba, stepTimeoutMs);
      await sleep(askOffsets[index]!);
      const t0 = performance.now();
      const asked = await developer.engine.submitSpecialistRequest({
        offeringId: 'query-performance-review',
        inputs: queryReview(`Bench sample ${index + 1}: p95 went from 40 ms to 2 s`),
      });
      await waitForAsync(
        `the DBA's console to list ${asked.id}`,
        async () => (await dba.list('my-teams')).some((request) => request.id === asked.id),
        stepTimeoutMs,
      );
      asks.push({ offsetMs: askOffsets[index]!, latencyMs: performance.now() - t0 });
      askedIds.push(asked.id);

      await nextRead(developer, stepTimeoutMs);
      await sleep(claimOffsets[index]!);
      const t1 = performance.now();
      await dba.engine.actOnSpecialistRequest({ requestId: asked.id, action: 'claim', text: '' });
      await waitForAsync(
        `the developer's console to show ${asked.id} claimed`,
        async () => (await developer.list('mine')).find((request) => request.id === asked.id)?.state === 'claimed',
        stepTimeoutMs,
      );
      claims.push({ offsetMs: claimOffsets[index]!, latencyMs: performance.now() - t1 });
    }
    // The DBA's part is done (its claim sent); its reads would only compete with what follows.
    await dba.settle(60_000);
    await dba.stop();

    // 2. Idle rounds on a console that only reads (its own loop all but off): one change by
    //    the developer, then reads spaced out until `quietRounds` of them come after that
    //    change has left the overlap.
    const quiet = await world.startConsole({ hostId: 'desk-quiet', persona: 'dba', sharedRecordPollIntervalMs: 10 * 60_000 });
    consoles.push(quiet);
    await waitFor(`${quiet.hostId}'s first read`, () => quiet.sharedRecordStatus(), 30_000);
    const changed = askedIds.at(-1);
    if (!changed) throw new Error('The idle rounds need at least one propagation sample');
    await developer.engine.actOnSpecialistRequest({
      requestId: changed,
      action: 'comment',
      text: 'Bench: one change before the idle rounds',
    });
    await developer.settle(60_000);
    const changedAt = performance.now();
    // The developer's loop keeps reading too; only the quiet console's requests are counted.
    let previousStart = changedAt;
    while (idleRounds.filter((round) => round.quiet).length < quietRounds) {
      const from = world.serviceNow.requests.length;
      const start = performance.now();
      await quiet.readSharedRecord();
      const sent = quiet.serviceNowRequests(from);
      idleRounds.push({
        sinceChangeMs: start - changedAt,
        previousSinceChangeMs: previousStart - changedAt,
        requests: sent.length,
        byPath: describeByPath(sent),
        // What changed lies before the cursor the previous read left: nothing for this one to read again.
        quiet: previousStart - changedAt >= QUIET_AFTER_MS,
      });
      previousStart = start;
      await sleep(IDLE_ROUND_SPACING_MS);
    }
    await quiet.stop();

    // 3. The backlog: asks with a few notes each, all sent before anyone reads them.
    const backlogIds = new Set<string>();
    const raiseStart = performance.now();
    for (let index = 0; index < backlog; index++) {
      const asked = await developer.engine.submitSpecialistRequest({
        offeringId: 'query-performance-review',
        inputs: queryReview(`Backlog ask ${index + 1}: the nightly report times out`),
      });
      for (let note = 0; note < commentsPerRequest; note++) {
        await developer.engine.actOnSpecialistRequest({
          requestId: asked.id,
          action: 'comment',
          text: `Note ${note + 1} on backlog ask ${index + 1}: it reads 40 million rows`,
        });
      }
      backlogIds.add(asked.id);
    }
    await developer.settle(10 * 60_000);
    raiseMs = performance.now() - raiseStart;
    const raised = (await developer.list('mine')).filter((request) => backlogIds.has(request.id) && request.ticket !== null).length;
    if (raised !== backlog) throw new Error(`Only ${raised} of the ${backlog} backlog requests got a ticket`);

    // 4. First look: fresh consoles, one at a time; each one's own first round starts at start().
    for (let look = 0; look < firstLooks; look++) {
      const fresh = await world.startConsole({ hostId: `desk-${look + 1}`, persona: 'dba', sharedRecordPollIntervalMs: 10 * 60_000 });
      consoles.push(fresh);
      let rounds = 1;
      const deadline = performance.now() + 120_000;
      let listedAt: number | null = null;
      for (;;) {
        // Read the status before counting, so a round that ends in between is not taken as one that missed some.
        const status = fresh.sharedRecordStatus();
        // Counted from the change events, not by listing: listing hundreds of requests every few ms would slow the round it times.
        const seen = [...backlogIds].filter((id) => fresh.firstSeenAt.has(id)).length;
        if (seen === backlog) {
          listedAt = Math.max(...[...backlogIds].map((id) => fresh.firstSeenAt.get(id)!));
          break;
        }
        if (status) {
          if (status.state !== 'ok')
            throw new Error(`${fresh.hostId} could not read the shared record: ${status.message}; log: ${fresh.log.slice(-2).join(' | ')}`);
          if (rounds >= MAX_FIRST_LOOK_ROUNDS)
            throw new Error(`${fresh.hostId} saw ${seen} of ${backlog} backlog requests after ${rounds} rounds`);
          rounds += 1;
          await fresh.readSharedRecord();
          continue;
        }
        if (performance.now() > deadline)
          throw new Error(`${fresh.hostId}'s first round did not end in 120 s (${seen} of ${backlog} seen)`);
        await sleep(5);
      }
      const sent = fresh.serviceNowRequests();
      const reads = sent.filter(isSharedRecordRead);
      const listed = (await fresh.list('all')).filter((request) => backlogIds.has(request.id)).length;
      if (listed !== backlog) throw new Error(`${fresh.hostId} reported all ${backlog} backlog requests but lists ${listed}`);
      looks.push({
        hostId: fresh.hostId,
        ms: listedAt - fresh.startedAt,
        rounds,
        // Records per answer of the shared-record read (near a page's end, records of the same second are read again).
        pages: fresh.pages.map((page) => page.records),
        requests: reads.length,
        byPath: describeByPath(reads),
        otherRequests: describeByPath(sent.filter((request) => !isSharedRecordRead(request))),
      });
      await fresh.stop();
    }

    loggedRequests = world.serviceNow.requests.length;
    rateLimited = world.serviceNow.requests.filter((request) => request.status === 429).length;
  } catch (error) {
    const logs = consoles.flatMap((one) => one.log.slice(-2).map((line) => `${one.hostId}: ${line}`));
    if (logs.length && error instanceof Error) error.message += ` (last engine log: ${logs.join(' | ')})`;
    throw error;
  } finally {
    await world.close();
  }

  const ask = summarize(asks.map((sample) => sample.latencyMs));
  const claim = summarize(claims.map((sample) => sample.latencyMs));
  const quietCounts = idleRounds.filter((round) => round.quiet).map((round) => round.requests);
  const overlapCounts = idleRounds.filter((round) => !round.quiet).map((round) => round.requests);
  const propagationTarget = { atMost: pollIntervalMs + PROPAGATION_SLACK_MS, appliesTo: 'p95' as const };
  const backlogLabel = `${backlog.toLocaleString('en-US')} requests`;
  const rows = [
    makeRow({
      scenario: 'shared',
      metric: 'propagation: ask to listed by the DBA',
      unit: 'ms',
      summary: ask,
      show: 'p95',
      target: propagationTarget,
    }),
    makeRow({
      scenario: 'shared',
      metric: "propagation: claim to developer's 'claimed'",
      unit: 'ms',
      summary: claim,
      show: 'p95',
      target: propagationTarget,
    }),
    makeRow({
      scenario: 'shared',
      metric: 'idle round, nothing changed for 16 s',
      unit: 'requests',
      summary: summarize(quietCounts),
      show: 'max',
      target: { atMost: 1, appliesTo: 'max' },
    }),
  ];
  if (overlapCounts.length) {
    rows.push(
      makeRow({
        scenario: 'shared',
        metric: 'idle round, one change < 16 s before',
        unit: 'requests',
        summary: summarize(overlapCounts),
        show: 'max',
        target: { atMost: 2, appliesTo: 'max' },
      }),
    );
  }
  rows.push(
    makeRow({
      scenario: 'shared',
      metric: `first look: ${backlogLabel} listed`,
      unit: 'ms',
      summary: summarize(looks.map((look) => look.ms)),
      show: 'max',
    }),
    makeRow({
      scenario: 'shared',
      metric: `first look: ${backlogLabel}, requests`,
      unit: 'requests',
      summary: summarize(looks.map((look) => look.requests)),
      show: 'max',
      other: `${Math.max(...looks.map((look) => look.rounds))} round(s)`,
    }),
  );
  const firstQuiet = idleRounds.find((round) => round.quiet);
  return {
    rows,
    notes: [
      `Two consoles (own SQLite database and host id each; personas developer and dba) read the shared record every ${formatValue(pollIntervalMs / 1000)} s on their own. ${samples} asks (query-performance-review) and ${samples} claims, each sent at a stratified offset after the watching console's previous read; timed from the call to the first listing that shows it (listSpecialistRequests polled every 5 ms). Target: the interval plus ${formatValue(PROPAGATION_SLACK_MS / 1000)} s.`,
      `Idle rounds: readSpecialistSharedRecord() on a third console that only reads (its own loop set to 10 min), ${formatValue(IDLE_ROUND_SPACING_MS / 1000)} s apart, after the developer commented on one request (before the backlog is raised); requests counted in the ServiceNow simulator's log by the console's credentials. A read asks again for what changed up to ${formatValue(CURSOR_OVERLAP_MS / 1000)} s before the previous read (CURSOR_OVERLAP_MS, so late commits are not lost). While the change is in that window a round costs the items list plus their journal (target 2); once the previous read started ${formatValue(QUIET_AFTER_MS / 1000)} s after it, the items list alone (target 1). First round counted as quiet: ${firstQuiet ? `previous read ${formatValue(firstQuiet.previousSinceChangeMs / 1000)} s after the change` : 'none'}.`,
      `Backlog: ${backlogLabel} raised by the developer's console with ${commentsPerRequest} comments each (${commentsPerRequest + 1} console notes, plus the comments' public copies), sent in ${formatValue(raiseMs / 1000)} s. Each fresh console (empty database, persona dba) is timed from engine.start() to the change event of the last backlog request, and its requests are counted up to then (the round may read on); its own start round is round 1. The fresh console also reads the ${samples} asks of the propagation samples. Its shared-record reads: ${looks[0]?.byPath ?? '-'}; beside them the incident tickets' sync sent ${looks[0]?.otherRequests ?? '-'} (not counted).`,
      `The ServiceNow simulator logged ${loggedRequests.toLocaleString('en-US')} requests in all (every console signs in as one user: default limit 10,000 an hour); ${rateLimited} answers were 429.`,
    ],
    details: {
      pollIntervalMs,
      overlapMs: CURSOR_OVERLAP_MS,
      asks: asks.map((sample) => ({ offsetMs: Math.round(sample.offsetMs), latencyMs: Math.round(sample.latencyMs * 10) / 10 })),
      claims: claims.map((sample) => ({ offsetMs: Math.round(sample.offsetMs), latencyMs: Math.round(sample.latencyMs * 10) / 10 })),
      ask,
      claim,
      idleRounds: idleRounds.map((round) => ({
        ...round,
        sinceChangeMs: Math.round(round.sinceChangeMs),
        previousSinceChangeMs: Math.round(round.previousSinceChangeMs),
      })),
      backlog: { requests: backlog, commentsPerRequest, raiseMs: Math.round(raiseMs) },
      firstLooks: looks.map((look) => ({ ...look, ms: Math.round(look.ms * 10) / 10 })),
      loggedRequests,
      rateLimited,
    },
    durationMs: performance.now() - startedAt,
  };
}
