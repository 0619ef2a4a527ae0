/**
 * A minimal server-sent events client for the headless host's tests: opens the stream with
 * the token, keeps the raw text, and hands out `event:`/`data:` messages in order.
 */
import { get } from 'node:http';
import { HTTP_EVENTS_ROUTE } from '../../../shared/contract';

export interface EventStream {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  closed: boolean;
  ended: Promise<void>;
  nextMessage(): Promise<{ event: string; data: string }>;
  close(): void;
}

export function openEventStream(port: number, token: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = get(
      {
        host: '127.0.0.1',
        port,
        path: `${HTTP_EVENTS_ROUTE}?token=${encodeURIComponent(token)}`,
        headers: { Accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`event stream answered ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let consumed = 0;
        let endResolve: () => void = () => {};
        const stream: EventStream = {
          headers: res.headers,
          raw: '',
          closed: false,
          ended: new Promise((r) => (endResolve = r)),
          async nextMessage() {
            for (let i = 0; i < 200; i++) {
              const rest = stream.raw.slice(consumed);
              const match = /event: (\S+)\ndata: (.*)\n\n/.exec(rest);
              if (match) {
                consumed += match.index + match[0].length;
                return { event: match[1] ?? '', data: match[2] ?? '' };
              }
              await new Promise((r) => setTimeout(r, 10));
            }
            throw new Error(`no SSE message arrived; got ${JSON.stringify(stream.raw)}`);
          },
          close: () => req.destroy(),
        };
        res.on('data', (chunk: string) => (stream.raw += chunk));
        res.on('close', () => {
          stream.closed = true;
          endResolve();
        });
        // Resolve once the stream's opening comment has arrived: the client is registered.
        res.once('data', () => resolve(stream));
      },
    );
    req.on('error', reject);
  });
}

export async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
