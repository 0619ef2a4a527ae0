/**
 * Listening on 127.0.0.1 (port 0 unless told) and closing for good: tracks open sockets so
 * close() does not wait on keep-alive connections, and clears the timers of slow responses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface LoopbackListener {
  /** http://127.0.0.1:PORT */
  readonly baseUrl: string;
  /** Idempotent: the same promise on every call. */
  close(): Promise<void>;
}

export interface LoopbackListenOptions {
  port?: number;
  /** For the error when no TCP port was given: "The <label> did not get a TCP port". */
  label: string;
  /** Timers of slow responses, cleared on close. */
  pendingTimers: Set<NodeJS.Timeout>;
  /** Runs first on close (e.g. stopping a demo generator). */
  beforeClose?: () => void;
}

export async function listenOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: LoopbackListenOptions,
): Promise<LoopbackListener> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error(`The ${options.label} did not get a TCP port`);

  let closing: Promise<void> | null = null;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        options.beforeClose?.();
        for (const timer of options.pendingTimers) clearTimeout(timer);
        options.pendingTimers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
