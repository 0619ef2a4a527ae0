/**
 * The in-process test handles every simulator exposes next to its HTTP control routes:
 * arm and clear faults, read and reset the request log.
 */

export interface SimulatorControls<F, R> {
  readonly faults: { inject(fault: F): void; clear(): void };
  /** Every request received, control routes excepted (see the simulator's README for what else it leaves out). */
  readonly requests: ReadonlyArray<R>;
  resetRequestLog(): void;
}

export function simulatorControls<F, R>(faults: { inject(fault: F): void; clear(): void }, requests: R[]): SimulatorControls<F, R> {
  return {
    faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear() },
    requests,
    resetRequestLog: () => {
      requests.length = 0;
    },
  };
}
