/**
 * Waiting for the user to stop a long-running command (Ctrl-C or a service manager's
 * SIGTERM), so it can close its servers and exit 0.
 */

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Resolves with the first SIGINT or SIGTERM; a second one exits at once. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
      for (const name of STOP_SIGNALS) process.once(name, () => process.exit(130));
      resolve(signal);
    };
    for (const name of STOP_SIGNALS) process.on(name, onSignal);
  });
}
