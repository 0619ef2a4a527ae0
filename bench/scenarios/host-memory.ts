/**
 * Host memory: the resident memory of the whole host process holding 5,000 open incidents
 * with a page connected, and its trend over a long stretch of churn. The PagerDuty
 * simulator, the churn and the page run in this process; each host runs in its own:
 * `serve` as users start it (bin/oncall-console.mjs, through tsx), `serve` compiled ahead
 * (no tsx), and the desktop app's host without Electron (compiled as the main process is).
 * Resident memory is read from /proc/<pid>/status (VmRSS, VmHWM, RssAnon, RssFile); a
 * probe inside each host adds the JS heap's share (process.memoryUsage()).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';
import { compileHosts } from '../host/compile-hosts';
import type { DesktopReady } from '../host/desktop-entry';
import type { ProbeReading } from '../host/memory-probe';
import { BENCH_TOKEN, sleep, withTimeout } from '../harness';
import { formatValue, makeRow, type MetricRow, type ScenarioResult } from '../report';
import { seededRandom } from '../sampling';
import { summarize } from '../stats';
import { floorReadings, slopePerHour, type TimedReading } from '../trend';

export interface HostMemoryOptions {
  incidents?: number;
  /** How long the loaded hosts are sampled (every second) before the churn. */
  holdMs: number;
  /** How long the churn runs. */
  churnMs: number;
  /** Samples before this much churn are left out of the slope (caches filling, the heap settling). */
  warmUpMs: number;
  sampleEveryMs: number;
}

const MB = 1024 * 1024;
const RSS_TARGET_MB = 200;
/** A new incident, an acknowledgement and a resolve every second: the demo brings one new incident every 45 s. */
const CHURN_EVERY_MS = 1_000;
/** The page is loaded again (a new getSnapshot) this often during the churn. */
const RELOAD_EVERY_MS = 60_000;
const READY_TIMEOUT_MS = 180_000;
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The floor's slope target. The floor is the lowest RSS in each quarter of the churn after
 * the warm-up (2 minutes in a full run): where the process
 * comes back to after each burst (a page reload, a poll, the 10-minute reconcile), which a
 * leak lifts and the bursts do not. 10 MB/h would take the ~125 MB floor to the 200 MB
 * budget only after 7.5 hours of churn 45 times the demo's; a plain least-squares slope
 * over 10 minutes is shown beside it, but one reload's step moves it by tens of MB/h.
 */
const FLOOR_SLOPE_TARGET_MB_PER_HOUR = 10;
/** The churn after the warm-up is cut into this many windows for the floor. */
const FLOOR_WINDOWS = 4;

type HostName = 'serve (bin, tsx)' | 'serve (compiled)' | 'desktop host (compiled, no Electron)';

interface StatusReading {
  rssMB: number;
  hwmMB: number;
  anonMB: number;
  fileMB: number;
}

interface RunningHost {
  name: HostName;
  pid: number;
  /** Loads the page again: a new getSnapshot, as a reload does. */
  reload(): Promise<void>;
  probe(): Promise<ProbeReading>;
  stop(): Promise<void>;
}

function readStatus(pid: number): StatusReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rssMB: kB('VmRSS'), hwmMB: kB('VmHWM'), anonMB: kB('RssAnon'), fileMB: kB('RssFile') };
}

/** CPU time the process has used so far (user + system), in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Answers of the host's memory probe and other messages, in order. */
function messagesOf(child: ChildProcess): (type: string, timeoutMs: number) => Promise<Record<string, unknown>> {
  const waiting: Array<{ type: string; resolve: (message: Record<string, unknown>) => void }> = [];
  child.on('message', (raw) => {
    const message = raw as Record<string, unknown>;
    const index = waiting.findIndex((waiter) => waiter.type === message.type);
    if (index >= 0) waiting.splice(index, 1)[0]!.resolve(message);
  });
  return (type, timeoutMs) =>
    withTimeout(`the host's "${type}" message`, new Promise((resolve) => waiting.push({ type, resolve })), timeoutMs);
}

function outputOf(child: ChildProcess): string[] {
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return output;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A web console page on a `serve` host: the event stream open, and the snapshot fetched until every incident is in. */
async function openPage(url: string, incidents: number): Promise<{ reload(): Promise<number>; close(): void }> {
  const parsed = new URL(url);
  const origin = `${parsed.protocol}//${parsed.host}`;
  const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
  const closing = new AbortController();
  const stream = await fetch(`${origin}/api/events?token=${encodeURIComponent(token)}`, { signal: closing.signal });
  if (stream.status !== 200 || !stream.body) throw new Error(`The event stream answered ${stream.status}`);
  void (async () => {
    for await (const chunk of stream.body!) void chunk;
  })().catch(() => undefined);
  const reload = async (): Promise<number> => {
    const response = await fetch(`${origin}/api/getSnapshot`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 200) throw new Error(`getSnapshot answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { incidents: unknown[] }).incidents.length;
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while ((await reload()) < incidents) {
    if (Date.now() > deadline) throw new Error(`The page did not see ${incidents} incidents within ${READY_TIMEOUT_MS / 1000} s`);
    await sleep(1_000);
  }
  return { reload, close: () => closing.abort() };
}

async function startServe(name: HostName, args: string[], env: NodeJS.ProcessEnv, incidents: number): Promise<RunningHost> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const output = outputOf(child);
  const next = messagesOf(child);
  try {
    const url = await withTimeout(
      `${name} to print its console URL`,
      new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', () => {
          const match = /Console: (\S+)/.exec(output.join(''));
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`${name} exited with code ${code}`)));
      }),
      READY_TIMEOUT_MS,
    );
    const page = await openPage(url, incidents);
    return {
      name,
      pid: child.pid!,
      reload: async () => void (await page.reload()),
      probe: async () => {
        const answer = next('memory', 10_000);
        child.send({ type: 'memory' });
        return (await answer) as unknown as ProbeReading;
      },
      stop: async () => {
        page.close();
        child.kill('SIGTERM');
        await withTimeout(`${name} to stop`, exited(child), 15_000).catch(() => child.kill('SIGKILL'));
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${(error as Error).message}\n${output.join('').slice(-2_000)}`, { cause: error });
  }
}

async function startDesktop(script: string, workspaceFile: string, dataDir: string, env: NodeJS.ProcessEnv, incidents: number) {
  const name: HostName = 'desktop host (compiled, no Electron)';
  const child = spawn(process.execPath, [script, workspaceFile, dataDir, String(incidents)], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = outputOf(child);
  const next = messagesOf(child);
  let ready: DesktopReady;
  try {
    ready = (await Promise.race([
      next('ready', READY_TIMEOUT_MS),
      exited(child).then(() => Promise.reject(new Error(`exited with code ${child.exitCode}`))),
    ])) as unknown as DesktopReady;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${(error as Error).message}\n${output.join('').slice(-2_000)}`, { cause: error });
  }
  if (ready.incidents < incidents) {
    child.kill('SIGKILL');
    throw new Error(`${name}'s page saw ${ready.incidents} incidents, the simulator has ${incidents} open (${ready.log.join('; ')})`);
  }
  const host: RunningHost = {
    name,
    pid: child.pid!,
    reload: async () => void child.send({ type: 'reload' }),
    probe: async () => {
      const answer = next('memory', 10_000);
      child.send({ type: 'memory' });
      return (await answer) as unknown as ProbeReading;
    },
    stop: async () => {
      child.send({ type: 'stop' });
      await withTimeout(`${name} to stop`, exited(child), 15_000).catch(() => child.kill('SIGKILL'));
    },
  };
  return host;
}

/** A trigger through the Events API, an acknowledgement and a resolve of older incidents: the demo's churn, faster. */
function startChurn(simulator: PagerDutySimulator): { stop(): Promise<number> } {
  const random = seededRandom(20_261_207);
  const { state } = simulator;
  let ticks = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const tickAt = Date.now();
      const service = state.services[Math.floor(random() * state.services.length)]!;
      const response = await fetch(simulator.eventsUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          routing_key: state.routingKeyFor(service.id),
          event_action: 'trigger',
          dedup_key: `bench-host-memory-${ticks}`,
          payload: { summary: `Churn ${ticks}: queue depth above 10,000 on ${service.name}`, source: 'bench-churn', severity: 'error' },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status !== 202) throw new Error(`The Events API answered ${response.status} to a trigger`);
      await response.arrayBuffer();
      const older = state
        .listIncidents({ statuses: ['triggered', 'acknowledged'] })
        .filter((incident) => tickAt - incident.createdAt > 10_000);
      const triggered = older.filter((incident) => incident.status === 'triggered');
      const agent = { type: 'user' as const, id: state.meUserId };
      if (triggered.length > 0) state.acknowledge(triggered[Math.floor(random() * triggered.length)]!.id, agent, { type: 'mobile' });
      const open = older.filter((incident) => incident.status !== 'resolved');
      if (open.length > 0) state.resolve(open[Math.floor(random() * open.length)]!.id, agent, { type: 'mobile' });
      ticks += 1;
      await sleep(Math.max(0, CHURN_EVERY_MS - (Date.now() - tickAt)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return ticks;
    },
  };
}

export async function runHostMemory({
  incidents = 5_000,
  holdMs,
  churnMs,
  warmUpMs,
  sampleEveryMs,
}: HostMemoryOptions): Promise<ScenarioResult> {
  if (process.platform !== 'linux') throw new Error('host-memory reads /proc/<pid>/status: it runs on Linux only');
  const startedAt = performance.now();
  const compiled = await compileHosts();
  const simulator = await startPagerDutySimulator({ seedIncidents: incidents, serviceCount: 200 });
  const dir = mkdtempSync(join(tmpdir(), 'oncall-host-memory-'));
  const workspaceFile = join(dir, 'workspace.yaml');
  writeFileSync(workspaceFile, `name: Host memory\npaging:\n  provider: pagerduty\n  baseUrl: ${simulator.baseUrl}\n`);
  const env = {
    ...process.env,
    PAGERDUTY_TOKEN: BENCH_TOKEN,
    PAGERDUTY_FROM: simulator.state.me.email,
    // The compiled CLI looks for the renderer next to itself otherwise.
    ONCALL_CONSOLE_RENDERER_DIR: join(repoRoot, 'out', 'renderer'),
    NODE_OPTIONS: '',
  };
  const hosts: RunningHost[] = [];
  const count = incidents.toLocaleString('en-US');
  try {
    const open = simulator.state.incidentCount('triggered') + simulator.state.incidentCount('acknowledged');
    const serveArgs = (name: string) => ['serve', '--workspace', workspaceFile, '--data-dir', join(dir, name)];
    // One at a time, so the first loads do not compete for the two cores.
    hosts.push(
      await startServe(
        'serve (bin, tsx)',
        ['--import', compiled.probe, join(repoRoot, 'bin', 'oncall-console.mjs'), ...serveArgs('bin')],
        env,
        open,
      ),
    );
    hosts.push(await startServe('serve (compiled)', [...compiled.cli, ...serveArgs('compiled')], env, open));
    hosts.push(await startDesktop(compiled.desktop, workspaceFile, join(dir, 'desktop'), env, open));

    const held = new Map<HostName, number[]>(hosts.map((host) => [host.name, []]));
    for (let elapsed = 0; elapsed < holdMs; elapsed += 1_000) {
      for (const host of hosts) held.get(host.name)!.push(readStatus(host.pid).rssMB);
      await sleep(1_000);
    }
    const heldStatus = new Map(hosts.map((host) => [host.name, readStatus(host.pid)]));
    const heldProbe = new Map<HostName, ProbeReading>();
    for (const host of hosts) heldProbe.set(host.name, await host.probe());

    const cpuAtChurnStart = new Map(hosts.map((host) => [host.name, cpuSeconds(host.pid)]));
    const churn = startChurn(simulator);
    const churnStart = Date.now();
    const trend = new Map<HostName, TimedReading[]>(hosts.map((host) => [host.name, []]));
    let nextReload = churnStart + RELOAD_EVERY_MS;
    let reloads = 0;
    while (Date.now() - churnStart < churnMs) {
      await sleep(sampleEveryMs);
      const atMs = Date.now() - churnStart;
      for (const host of hosts) trend.get(host.name)!.push({ atMs, value: readStatus(host.pid).rssMB });
      if (Date.now() >= nextReload) {
        await Promise.all(hosts.map((host) => host.reload()));
        reloads += 1;
        nextReload += RELOAD_EVERY_MS;
      }
    }
    const ticks = await churn.stop();
    const churnSeconds = (Date.now() - churnStart) / 1000;
    const cpuShare = new Map(
      hosts.map((host) => [host.name, ((cpuSeconds(host.pid) - cpuAtChurnStart.get(host.name)!) / churnSeconds) * 100]),
    );
    const endStatus = new Map(hosts.map((host) => [host.name, readStatus(host.pid)]));
    const endProbe = new Map<HostName, ProbeReading>();
    for (const host of hosts) endProbe.set(host.name, await host.probe());

    const rows: MetricRow[] = [];
    const notes: string[] = [
      `${count} open incidents in the PagerDuty simulator (this process); each host in its own process, started one after the other, at the default 5 s poll; ` +
        `a page connected to each (the event stream open, the snapshot fetched; the desktop host structured-clones events and snapshots as Electron's IPC does).`,
      `Churn: ${ticks} ticks of one trigger (Events API), one acknowledgement and one resolve, every ${CHURN_EVERY_MS / 1000} s for ${Math.round(churnMs / 1000)} s ` +
        `(${ticks} arrivals: as many as ${((ticks * 45) / 3600).toFixed(1)} hours of the demo's, which brings one every 45 s); ` +
        `the page reloaded ${reloads} time(s). RSS sampled every ${sampleEveryMs / 1000} s; the slopes (of the per-minute floor, and of every sample) are least-squares fits after ${warmUpMs / 1000} s of warm-up, extrapolated to an hour.`,
    ];
    const details: Record<string, unknown> = { incidents, holdMs, churnMs, warmUpMs, sampleEveryMs, churnTicks: ticks, reloads, hosts: {} };
    for (const host of hosts) {
      const heldSamples = summarize(held.get(host.name)!);
      const samples = trend.get(host.name)!;
      const afterWarmUp = samples.filter((reading) => reading.atMs >= warmUpMs);
      // A churn shorter than the warm-up (a smoke run) fits every sample.
      const slope = slopePerHour(afterWarmUp.length >= 2 ? afterWarmUp : samples);
      const floor = floorReadings(afterWarmUp.length >= 2 ? afterWarmUp : samples, Math.max(1, churnMs - warmUpMs) / FLOOR_WINDOWS);
      const floorSlope = floor.length >= 2 ? slopePerHour(floor) : 0;
      const status = heldStatus.get(host.name)!;
      const probe = heldProbe.get(host.name)!;
      const end = endStatus.get(host.name)!;
      rows.push(
        makeRow({
          scenario: 'host-memory',
          metric: `${host.name}: RSS holding ${count} incidents, page connected`,
          unit: 'MB',
          summary: heldSamples,
          show: 'max',
          target: { atMost: RSS_TARGET_MB, appliesTo: 'max' },
        }),
        makeRow({
          scenario: 'host-memory',
          metric: `${host.name}: peak RSS (VmHWM) through the first load`,
          unit: 'MB',
          summary: summarize([status.hwmMB]),
          show: 'max',
        }),
        makeRow({
          scenario: 'host-memory',
          metric: `${host.name}: RSS under churn`,
          unit: 'MB',
          summary: summarize(samples.map((reading) => reading.value)),
          show: 'max',
          target: { atMost: RSS_TARGET_MB, appliesTo: 'max' },
        }),
        makeRow({
          scenario: 'host-memory',
          metric: `${host.name}: RSS floor slope under churn`,
          unit: 'MB/h',
          summary: summarize([floorSlope]),
          other: `${floor.length} floors; least squares on every sample ${Math.round(slope)} MB/h`,
          target: { atMost: FLOOR_SLOPE_TARGET_MB_PER_HOUR, appliesTo: 'median' },
        }),
      );
      const liveHeld = probe.liveHeapUsed / MB;
      const liveEnd = endProbe.get(host.name)!.liveHeapUsed / MB;
      rows.push(
        makeRow({
          scenario: 'host-memory',
          metric: `${host.name}: live JS heap after a full GC, end of churn`,
          unit: 'MB',
          summary: summarize([liveEnd]),
          other: `held ${formatValue(liveHeld)}, ${liveEnd >= liveHeld ? '+' : ''}${formatValue(liveEnd - liveHeld)} over the churn`,
        }),
        makeRow({
          scenario: 'host-memory',
          metric: `${host.name}: CPU under churn`,
          unit: '% of a core',
          summary: summarize([cpuShare.get(host.name)!]),
        }),
      );
      notes.push(
        `${host.name}: holding, RSS ${Math.round(status.rssMB)} MB = ${Math.round(status.anonMB)} MB anonymous + ${Math.round(status.fileMB)} MB file-backed (the node binary, libraries); ` +
          `JS heap ${Math.round(probe.heapUsed / MB)} of ${Math.round(probe.heapTotal / MB)} MB committed (new space ${Math.round((probe.spaces.new_space ?? 0) / MB)} MB), ` +
          `external ${Math.round(probe.external / MB)} MB, anonymous outside the JS heap ~${Math.round(status.anonMB - probe.heapTotal / MB)} MB. ` +
          `End of churn: RSS ${Math.round(end.rssMB)} MB, heap ${Math.round(endProbe.get(host.name)!.heapUsed / MB)} MB used; ` +
          `live heap after a full GC ${formatValue(liveHeld)} MB held, ${formatValue(liveEnd)} MB at the end (what a leak would lift, where the RSS floor also moves with the pages V8 and the allocator keep).`,
      );
      (details.hosts as Record<string, unknown>)[host.name] = {
        held: { samplesMB: held.get(host.name), status, probe },
        churn: {
          samples: trend.get(host.name),
          slopeMBPerHour: slope,
          floor,
          floorSlopeMBPerHour: floorSlope,
          end,
          probe: endProbe.get(host.name),
        },
      };
    }
    return { rows, notes, details, durationMs: performance.now() - startedAt };
  } finally {
    for (const host of hosts) await host.stop();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
    compiled.remove();
  }
}
