/** What a simulator was asked while some work ran: its request log, as "STATUS PATH" lines. */
interface LoggingSimulator {
  resetRequestLog(): void;
  readonly requests: readonly { status: number; path: string }[];
}

export async function requestsDuring(simulator: LoggingSimulator, work: () => Promise<unknown>): Promise<string[]> {
  simulator.resetRequestLog();
  await work();
  return simulator.requests.map((request) => `${request.status} ${request.path}`);
}
