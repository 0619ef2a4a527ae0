import { afterEach, describe, expect, it } from 'vitest';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { ConsoleEvent, RequestName, RequestOutput, Snapshot } from '../../../../shared/contract';
import type { ConsoleClient, LiveState } from '../../../../renderer/src/client/console-client';
import { ConsoleClientError } from '../../../../renderer/src/client/console-client-error';
import { incidentDetailKey, snapshotKey, SnapshotSync } from '../../../../renderer/src/state/snapshot-sync';
import { action, incident, snapshot } from '../fixtures';

/** A ConsoleClient whose snapshots the test hands out one by one, and whose events it pushes. */
class ScriptedClient implements ConsoleClient {
  snapshotCalls = 0;
  private pendingSnapshots: ((s: Snapshot) => void)[] = [];
  private listeners = new Set<{ listener: (event: ConsoleEvent) => void; onInvalid?: (error: ConsoleClientError) => void }>();
  private liveListeners = new Set<(state: LiveState) => void>();

  call<N extends RequestName>(name: N): Promise<RequestOutput<N>> {
    if (name !== 'getSnapshot') throw new Error(`unexpected call ${name}`);
    this.snapshotCalls += 1;
    return new Promise<Snapshot>((resolve) => this.pendingSnapshots.push(resolve)) as Promise<RequestOutput<N>>;
  }
  /** Answers the oldest outstanding getSnapshot. */
  answer(s: Snapshot) {
    const next = this.pendingSnapshots.shift();
    if (!next) throw new Error('no getSnapshot is waiting');
    next(s);
  }
  get waiting() {
    return this.pendingSnapshots.length;
  }
  subscribe(listener: (event: ConsoleEvent) => void, onInvalid?: (error: ConsoleClientError) => void) {
    const entry = { listener, onInvalid };
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }
  onLiveStateChange(listener: (state: LiveState) => void) {
    this.liveListeners.add(listener);
    return () => void this.liveListeners.delete(listener);
  }
  push(event: ConsoleEvent) {
    for (const { listener } of this.listeners) listener(event);
  }
  invalid(error: ConsoleClientError) {
    for (const { onInvalid } of this.listeners) onInvalid?.(error);
  }
  live(state: LiveState) {
    for (const listener of this.liveListeners) listener(state);
  }
  close() {}
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const changed = (seq: number, ids: string[], removedIds: string[] = []): ConsoleEvent => ({
  name: 'incidentsChanged',
  payload: { seq, upserted: ids.map((id) => incident(id)), removedIds },
});

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function setup() {
  const client = new ScriptedClient();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const problems: string[] = [];
  const sync = new SnapshotSync(client, queryClient, (error) => problems.push(error.message));
  const stop = sync.start();
  // An observer makes the query active, as the mounted app does, so invalidation refetches.
  const observer = new QueryObserver(queryClient, { queryKey: snapshotKey, queryFn: sync.fetchSnapshot, staleTime: Infinity });
  const unobserve = observer.subscribe(() => undefined);
  cleanups.push(() => {
    unobserve();
    stop();
    queryClient.clear();
  });
  const current = () => queryClient.getQueryData<Snapshot>(snapshotKey);
  return { client, queryClient, sync, problems, current };
}

describe('SnapshotSync', () => {
  it('patches the cached snapshot with events in order', async () => {
    const { client, current } = setup();
    client.answer(snapshot({ seq: 3, incidents: [incident('A')] }));
    await flush();
    client.push(changed(4, ['B']));
    client.push(changed(5, [], ['A']));
    expect(current()!.seq).toBe(5);
    expect(current()!.incidents.map((i) => i.id)).toEqual(['B']);
    expect(client.snapshotCalls).toBe(1);
  });

  it('replays events that arrived while the snapshot was in flight', async () => {
    const { client, current } = setup();
    client.push(changed(4, ['B'])); // arrives before the answer to getSnapshot
    client.answer(snapshot({ seq: 3, incidents: [incident('A')] }));
    await flush();
    expect(current()!.seq).toBe(4);
    expect(current()!.incidents.map((i) => i.id)).toEqual(['A', 'B']);
  });

  it('does not apply an event twice when the snapshot already holds it', async () => {
    const { client, current } = setup();
    client.push(changed(4, [], ['A']));
    client.answer(snapshot({ seq: 4, incidents: [incident('A2')] }));
    await flush();
    expect(current()!.incidents.map((i) => i.id)).toEqual(['A2']);
  });

  it('refetches the snapshot when an event was missed', async () => {
    const { client, current } = setup();
    client.answer(snapshot({ seq: 3 }));
    await flush();
    client.push(changed(5, ['C']));
    await flush();
    expect(client.snapshotCalls).toBe(2);
    client.answer(snapshot({ seq: 5, incidents: [incident('C')] }));
    await flush();
    expect(current()!.seq).toBe(5);
    expect(current()!.incidents.map((i) => i.id)).toEqual(['C']);
  });

  it('refetches when the event stream comes back after a drop', async () => {
    const { client } = setup();
    client.answer(snapshot({ seq: 1 }));
    await flush();
    client.live('live');
    await flush();
    expect(client.snapshotCalls).toBe(2);
    client.live('live'); // still live: nothing to do
    await flush();
    expect(client.snapshotCalls).toBe(2);
    client.live('reconnecting');
    client.live('live');
    await flush();
    expect(client.snapshotCalls).toBe(3);
  });

  it('reports an event that failed validation and refetches to recover', async () => {
    const { client, problems } = setup();
    client.answer(snapshot({ seq: 1 }));
    await flush();
    client.invalid(new ConsoleClientError('invalid_response', 'The incidentsChanged event does not match'));
    await flush();
    expect(problems).toEqual(['The incidentsChanged event does not match']);
    expect(client.snapshotCalls).toBe(2);
  });

  it('folds a dismissed action record at once and keeps it dismissed', async () => {
    const { client, sync, current } = setup();
    const failed = action('X', { kind: 'acknowledge', incidentIds: ['A'] }, { state: 'failed', lastError: 'boom' });
    client.answer(snapshot({ seq: 1, actions: [failed] }));
    await flush();
    sync.actionRecorded({ ...failed, dismissed: true });
    expect(current()!.actions.map((a) => a.dismissed)).toEqual([true]);
    client.push({ name: 'actionChanged', payload: { ...failed, dismissed: true, updatedAt: '2025-01-01T10:01:00.000Z' } });
    expect(current()!.actions.map((a) => a.dismissed)).toEqual([true]);
  });

  it('keeps unchanged incident objects when a removal shifts the rows, and across a refetch', async () => {
    const { client, queryClient, current } = setup();
    client.answer(snapshot({ seq: 1, incidents: [incident('A'), incident('B'), incident('C')] }));
    await flush();
    const [, b, c] = current()!.incidents;
    client.push(changed(2, [], ['A']));
    expect(current()!.incidents[0]).toBe(b);
    expect(current()!.incidents[1]).toBe(c);
    void queryClient.invalidateQueries({ queryKey: snapshotKey });
    await flush();
    client.answer(snapshot({ seq: 2, incidents: [incident('B'), incident('C', { status: 'acknowledged' })] }));
    await flush();
    expect(current()!.incidents[0]).toBe(b);
    expect(current()!.incidents[1]).not.toBe(c);
    expect(current()!.incidents[1]!.status).toBe('acknowledged');
  });

  it('refetches the snapshot when the console switches to another workspace', async () => {
    const { client, current } = setup();
    client.answer(snapshot({ seq: 7, incidents: [incident('A')] }));
    await flush();
    const workspace = { name: 'Data platform', demo: false, me: null, pollIntervalMs: 10_000 };
    client.push({ name: 'workspaceChanged', payload: { workspace } });
    expect(current()!.workspace.name).toBe('Data platform');
    await flush();
    expect(client.snapshotCalls).toBe(2);
    client.answer(snapshot({ seq: 1, workspace, incidents: [incident('Z')] }));
    await flush();
    expect(current()!.incidents.map((i) => i.id)).toEqual(['Z']);
    expect(current()!.seq).toBe(1);
  });

  it('invalidates the detail of an incident that changed or whose action landed', async () => {
    const { client, queryClient } = setup();
    client.answer(snapshot({ seq: 1, incidents: [incident('A'), incident('B')] }));
    await flush();
    queryClient.setQueryData(incidentDetailKey('A'), { stale: false });
    queryClient.setQueryData(incidentDetailKey('B'), { stale: false });
    client.push(changed(2, ['A']));
    expect(queryClient.getQueryState(incidentDetailKey('A'))!.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(incidentDetailKey('B'))!.isInvalidated).toBe(false);
    client.push({ name: 'actionChanged', payload: action('N', { kind: 'addNote', incidentIds: ['B'], content: 'x' }, { state: 'done' }) });
    expect(queryClient.getQueryState(incidentDetailKey('B'))!.isInvalidated).toBe(true);
  });
});

describe('SnapshotSync when the workspace changes', () => {
  it("refetches the other cached reads too, and takes the new engine's first events", async () => {
    const { client, current, queryClient } = setup();
    client.answer(snapshot({ seq: 40, incidents: [incident('OLD')] }));
    await flush();
    queryClient.setQueryData(['directory'], { stale: true });
    const workspace = { name: 'Payments', demo: false, me: null, pollIntervalMs: 5_000 };
    client.push({ name: 'workspaceChanged', payload: { workspace } });
    await flush();
    expect(client.snapshotCalls).toBe(2);
    expect(queryClient.getQueryState(['directory'])?.isInvalidated).toBe(true);
    client.push(changed(1, ['NEW2'])); // the new engine's first event, while its snapshot is in flight
    client.answer(snapshot({ seq: 0, workspace, incidents: [incident('NEW1')] }));
    await flush();
    expect(current()!.seq).toBe(1);
    expect(current()!.incidents.map((i) => i.id)).toEqual(['NEW1', 'NEW2']);
  });
});
