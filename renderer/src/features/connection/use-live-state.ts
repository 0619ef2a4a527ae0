/** Whether the event stream is live (HTTP + SSE); the desktop bridge is always live. */
import { useEffect, useState } from 'react';
import type { ConsoleClient, LiveState } from '../../client/console-client';

export function useLiveState(client: ConsoleClient): LiveState {
  const [state, setState] = useState<LiveState>(client.onLiveStateChange ? 'connecting' : 'live');
  useEffect(() => client.onLiveStateChange?.(setState), [client]);
  return state;
}
