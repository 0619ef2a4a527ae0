/**
 * An engine wired as a host wires it (createEngine), with the real PagerDuty provider
 * talking to a PagerDuty simulator over HTTP and an in-memory outbox, polling rarely so a
 * test sees only the requests its own steps cause. For integration tests of the engine.
 */
import type { Engine } from '../../electron/engine/engine';
import { Outbox } from '../../electron/engine/outbox';
import { systemClock } from '../../electron/engine/ports';
import { createEngine } from '../../electron/host/create-engine';
import { createPagerDutyProvider } from '../../electron/providers/pagerduty';
import { startPagerDutySimulator, type PagerDutySimulator } from '../../electron/simulators/pagerduty';

export interface EngineAgainstSimulator {
  simulator: PagerDutySimulator;
  engine: Engine;
  /** Stops the engine, closes the outbox and the simulator. */
  stop(): Promise<void>;
}

/** Starts the simulator and the engine, and waits for the engine's first load. */
export async function startEngineAgainstSimulator(options: { seedIncidents: number; seed: number }): Promise<EngineAgainstSimulator> {
  const simulator = await startPagerDutySimulator({ seedIncidents: options.seedIncidents, seed: options.seed });
  const outbox = new Outbox(':memory:', systemClock);
  const provider = createPagerDutyProvider({
    baseUrl: simulator.baseUrl,
    token: 'integration-test-token',
    from: simulator.state.me.email,
    scope: {},
    timeoutMs: 2_000,
    maxRetries: 1,
  });
  const engine = createEngine({
    paging: provider,
    outbox,
    clock: systemClock,
    workspace: { name: 'Integration', demo: false, me: null, pollIntervalMs: 60_000 },
    reconcileIntervalMs: 30 * 60_000,
    actionBackoff: { baseMs: 50, capMs: 300 },
  });
  engine.start();
  await engine.ready();
  return {
    simulator,
    engine,
    async stop() {
      await engine.stop();
      outbox.close();
      await simulator.close();
    },
  };
}
