/**
 * The engine's pushed events as server-sent events: one engine subscription fanned out to
 * every connected page, each event checked against the contract and serialised once.
 */
import type { ServerResponse } from 'node:http';
import { describeZodError, events, type ConsoleEvent } from '../../shared/contract';
import type { ConsoleEngine } from '../host/types';
import type { Logger } from './api-routes';

export const HEARTBEAT_MS = 15_000;

export class EventStreamHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    engine: ConsoleEngine,
    private readonly log: Logger,
    heartbeatMs = HEARTBEAT_MS,
  ) {
    this.unsubscribe = engine.onEvent((event) => this.broadcast(event));
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Opens an event stream on the response; it ends when the client goes away. */
  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private broadcast(event: ConsoleEvent): void {
    const schema = events[event.name];
    const checked = schema?.safeParse(event.payload);
    if (!checked?.success) {
      const why = checked ? describeZodError(checked.error) : 'unknown event name';
      this.log(`Dropped a "${String(event.name)}" event that breaks the contract: ${why}`);
      return;
    }
    this.write(`event: console\ndata: ${JSON.stringify({ name: event.name, payload: checked.data })}\n\n`);
  }

  private write(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
