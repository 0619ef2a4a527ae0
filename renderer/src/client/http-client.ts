/**
 * ConsoleClient for the web console served by `oncall-console serve`: one POST per
 * request (`Authorization: Bearer <token>`) and one server-sent events stream for pushed
 * events, reopened with backoff when it drops. Listeners hear when the stream is live
 * again so the UI can refetch its snapshot and miss nothing.
 */
import { HTTP_EVENTS_ROUTE, httpRoute, type RequestInput, type RequestName, type RequestOutput } from '../../../shared/contract';
import type { ConsoleClient, LiveState } from './console-client';
import { ConsoleClientError } from './console-client-error';
import { parseConsoleEvent, parseErrorBody, parseOutput } from './validate';
import { reconnectDelayMs } from './reconnect-delay';

/** The EventSource surface this client uses, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface HttpClientOptions {
  token: string;
  /** Prefix for routes; '' for same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

const EVENT_SOURCE_CLOSED = 2;

export function createHttpClient(options: HttpClientOptions): ConsoleClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const createEventSource = options.createEventSource ?? ((url: string) => new EventSource(url));
  const schedule = options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
  const cancel = options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));

  const eventListeners = new Set<{
    listener: Parameters<ConsoleClient['subscribe']>[0];
    onInvalid?: Parameters<ConsoleClient['subscribe']>[1];
  }>();
  const liveListeners = new Set<(state: LiveState) => void>();
  let liveState: LiveState = 'connecting';
  let source: EventSourceLike | null = null;
  let retryTimer: unknown = null;
  let failures = 0;
  let closed = false;

  function setLiveState(next: LiveState): void {
    if (next === liveState) return;
    liveState = next;
    for (const listener of liveListeners) listener(next);
  }

  function dispatch(data: string): void {
    let event;
    try {
      event = parseConsoleEvent(JSON.parse(data));
    } catch (error) {
      const problem =
        error instanceof ConsoleClientError
          ? error
          : new ConsoleClientError('invalid_response', 'Received a pushed event that is not valid JSON.');
      for (const { onInvalid } of eventListeners) onInvalid?.(problem);
      return;
    }
    for (const { listener } of eventListeners) listener(event);
  }

  function open(): void {
    if (closed) return;
    const url = `${baseUrl}${HTTP_EVENTS_ROUTE}?token=${encodeURIComponent(options.token)}`;
    const current = createEventSource(url);
    source = current;
    current.addEventListener('open', () => {
      if (source !== current) return;
      failures = 0;
      setLiveState('live');
    });
    current.addEventListener('console', (message) => {
      if (source !== current) return;
      dispatch(String(message.data));
    });
    current.addEventListener('error', () => {
      if (source !== current) return;
      setLiveState('reconnecting');
      // The browser retries by itself unless the server refused the stream outright.
      if (current.readyState === EVENT_SOURCE_CLOSED) {
        current.close();
        source = null;
        const delay = reconnectDelayMs(failures++);
        retryTimer = schedule(() => {
          retryTimer = null;
          open();
        }, delay);
      }
    });
  }

  open();

  return {
    async call<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>> {
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}${httpRoute(name)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new ConsoleClientError('network', `Could not reach the console host for ${name}. Is \`oncall-console serve\` still running?`);
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) {
        const contractError = parseErrorBody(body);
        if (response.status === 401) {
          throw new ConsoleClientError(
            'unauthorized',
            contractError?.message ?? 'The console host refused the access token. Open the link printed by `oncall-console serve` again.',
          );
        }
        if (contractError) throw new ConsoleClientError(contractError.code, contractError.message);
        throw new ConsoleClientError('internal', `${name} failed with HTTP ${response.status} and no explanation from the host.`);
      }
      if (body === undefined) throw new ConsoleClientError('invalid_response', `The answer to ${name} was not JSON.`);
      return parseOutput(name, body);
    },
    subscribe(listener, onInvalid) {
      const entry = { listener, onInvalid };
      eventListeners.add(entry);
      return () => {
        eventListeners.delete(entry);
      };
    },
    onLiveStateChange(listener) {
      liveListeners.add(listener);
      listener(liveState);
      return () => {
        liveListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (retryTimer !== null) cancel(retryTimer);
      source?.close();
      source = null;
      eventListeners.clear();
      liveListeners.clear();
    },
  };
}
