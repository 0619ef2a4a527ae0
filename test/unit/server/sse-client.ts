/**
 * A minimal server-sent events client for the headless host's tests: opens the stream with
 * the token, keeps the raw text, and hands out `event:`/`data:` messages in order.
 */
import { get } from 'node:http';
import { HTTP_EVENTS_ROUTE } from '../../../shared/contract';
import { waitFor } from '../../support/wait-for';

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
            const match = await waitFor('an SSE message', () => /event: (\S+)\ndata: (.*)\n\n/.exec(stream.raw.slice(consumed)), {
              timeoutMs: 2_000,
              everyMs: 10,
              describe: () => `got ${JSON.stringify(stream.raw)}`,
            });
            consumed += match.index + match[0].length;
            return { event: match[1] ?? '', data: match[2] ?? '' };
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
